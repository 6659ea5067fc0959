import { describe, expect, it } from 'vitest';
import { makeUser } from '../../test/factories.js';
import {
  ledgerOf,
  orderRow,
  paymentRow,
  paymentsOfOrder,
  stockOf,
  until,
  watchUser,
  paymentsTestShop,
} from './payments.test-shop.js';

const { t, api, shop, orderOf } = await paymentsTestShop();

const codOrder = async () => {
  const buyer = await makeUser(t);
  const { order, variant } = await orderOf(buyer, 'cod');
  const [payment] = await paymentsOfOrder(t, order.id);
  return { buyer, order, variant, payment: payment! };
};

describe('cash on delivery', () => {
  it('a placed order is confirmed with one pending cash payment of its total', async () => {
    const { order, payment, buyer } = await codOrder();
    expect(await orderRow(t, order.id)).toEqual({ status: 'confirmed', payment_status: 'pending' });
    expect(payment).toMatchObject({ method: 'cod', status: 'pending', amount: order.total.amount });
    const mine = await api('GET', `/payments?orderId=${order.id}`, buyer.auth);
    expect(mine.json().items).toHaveLength(1);
    const shown = (await api('GET', `/orders/${order.id}`, buyer.auth)).json();
    expect(shown.payments).toEqual([
      {
        id: payment.id,
        method: 'cod',
        status: 'pending',
        amount: order.total,
        refunded: { amount: 0, currency: order.total.currency },
        message: 'Pay in cash when your order is delivered.',
        receipt: null,
        paidAt: null,
        createdAt: expect.any(String),
      },
    ]);
    await api('POST', `/payments/${payment.id}/mark-paid`, shop.admin.auth);
    const listed = (await api('GET', '/orders', buyer.auth)).json().items;
    expect(listed.find((o: { id: string }) => o.id === order.id).payments[0].status).toBe('paid');
  });

  it('mark-paid records the cash once: paid, ledger posted once, payment.updated mail; again is 409', async () => {
    const { order, payment, buyer } = await codOrder();
    const socket = await watchUser(t, buyer.user.id);
    const res = await api('POST', `/payments/${payment.id}/mark-paid`, shop.admin.auth, {
      reference: 'DN-42',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: payment.id, status: 'paid', receipt: 'DN-42' });
    expect(await orderRow(t, order.id)).toEqual({ status: 'confirmed', payment_status: 'paid' });
    const shown = (await api('GET', `/orders/${order.id}`, buyer.auth)).json();
    expect(shown.payments).toMatchObject([
      { id: payment.id, status: 'paid', receipt: 'DN-42', paidAt: expect.any(String) },
    ]);
    expect(await ledgerOf(t, order.id)).toMatchObject({ paid: order.total.amount, payments: 1 });
    await t.mail.waitFor(buyer.user.email, (m) => m.subject.startsWith('Payment received'));
    await until(async () => socket.messages.some((m) => m.type === 'payment.updated'));
    expect(socket.messages.find((m) => m.type === 'payment.updated')!.data).toMatchObject({
      id: payment.id,
      status: 'paid',
    });
    await socket.stop();

    const again = await api('POST', `/payments/${payment.id}/mark-paid`, shop.admin.auth);
    expect(again.statusCode, again.body).toBe(409);
    expect(again.headers['content-type']).toMatch(/problem\+json/);
    expect(again.json().code).toBe('illegal_transition');
    expect(await ledgerOf(t, order.id)).toMatchObject({ payments: 1 });
  });

  it('ten concurrent mark-paid calls: one 200, nine 409, one ledger posting', async () => {
    const { order, payment } = await codOrder();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => api('POST', `/payments/${payment.id}/mark-paid`, shop.admin.auth, {})),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, ...Array(9).fill(409)]);
    expect(await ledgerOf(t, order.id)).toMatchObject({ payments: 1 });
  });

  it('is admin only (403), 404 for an unknown payment, 409 for an online payment', async () => {
    const { payment, buyer } = await codOrder();
    expect((await api('POST', `/payments/${payment.id}/mark-paid`, buyer.auth, {})).statusCode).toBe(403);
    const unknown = await api(
      'POST',
      `/payments/00000000-0000-4000-8000-000000000000/mark-paid`,
      shop.admin.auth,
    );
    expect(unknown.statusCode, unknown.body).toBe(404);
    const other = await makeUser(t);
    const { order } = await orderOf(other, 'stripe');
    const start = await api(
      'POST',
      '/payments',
      { ...other.auth, 'idempotency-key': `cod-${Date.now()}` },
      { orderId: order.id, method: 'stripe' },
    );
    const online = await api('POST', `/payments/${start.json().paymentId}/mark-paid`, shop.admin.auth, {});
    expect(online.statusCode).toBe(409);
  });

  it('cancelling an unpaid cash order cancels its payment (order unpaid) and mark-paid is then 409', async () => {
    const { order, payment, buyer, variant } = await codOrder();
    const before = await stockOf(t, variant.variantId);
    const cancel = await api('POST', `/orders/${order.id}/cancel`, buyer.auth, {});
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect((await paymentRow(t, payment.id)).status).toBe('cancelled');
    expect(await orderRow(t, order.id)).toEqual({ status: 'cancelled', payment_status: 'unpaid' });
    expect(await stockOf(t, variant.variantId)).toBe(before + 2);
    await t.mail.waitFor(buyer.user.email, (m) => m.subject.startsWith('Cash payment for order'));
    const late = await api('POST', `/payments/${payment.id}/mark-paid`, shop.admin.auth, {});
    expect(late.statusCode).toBe(409);
  });

  it('cancelling a cash order already paid refunds the cash at once, with one ledger reversal', async () => {
    const { order, payment, buyer } = await codOrder();
    await api('POST', `/payments/${payment.id}/mark-paid`, shop.admin.auth, {});
    const cancel = await api('POST', `/orders/${order.id}/cancel`, buyer.auth, {});
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(await paymentRow(t, payment.id)).toMatchObject({
      status: 'refunded',
      refunded_amount: order.total.amount,
    });
    expect(await orderRow(t, order.id)).toEqual({ status: 'cancelled', payment_status: 'refunded' });
    expect(await ledgerOf(t, order.id)).toEqual({
      paid: order.total.amount,
      refunded: order.total.amount,
      payments: 1,
    });
    const refunds = await api('GET', `/refunds?orderId=${order.id}`, shop.admin.auth);
    expect(refunds.json().items).toMatchObject([{ status: 'succeeded', amount: order.total }]);
    await t.mail.waitFor(buyer.user.email, (m) => m.subject.startsWith('Refund of'));
  });
});
