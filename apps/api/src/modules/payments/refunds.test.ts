import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { makeUser } from '../../test/factories.js';
import { skipUnless } from '../../test/services.js';
import { paymentsInstance } from './instance.js';
import {
  idemKey,
  ledgerOf,
  orderRow,
  paymentRow,
  stockOf,
  until,
  watchUser,
  paymentsTestShop,
} from './payments.test-shop.js';
import { ProviderUnavailable } from './providers/provider.js';

const { t, api, shop, orderOf, paidOrder } = await paymentsTestShop();
const admin = shop.admin.auth;
const refund = (
  body: Record<string, unknown>,
  headers: Record<string, string> = { ...admin, ...idemKey() },
) => api('POST', '/refunds', headers, body);
const refundsOfOrder = async (orderId: string) => {
  const { rows } = (await t.db.execute(
    sql`select id, status, amount::int as amount from refunds where order_id = ${orderId} order by created_at`,
  )) as unknown as { rows: { id: string; status: string; amount: number }[] };
  return rows;
};

describe('POST /refunds (Stripe)', () => {
  it('refunds in part, then the rest; the payment and order follow; the ledger reverses each; more is 422', async () => {
    const buyer = await makeUser(t);
    const { order, paymentId } = await paidOrder(buyer, 'stripe');
    const total = order.total.amount;
    const socket = await watchUser(t, buyer.user.id);

    const part = await refund({ paymentId, amount: 500_00, reason: 'One item damaged' });
    expect(part.statusCode, part.body).toBe(201);
    expect(part.json()).toMatchObject({
      paymentId,
      amount: { amount: 500_00, currency: order.total.currency },
      status: 'succeeded',
    });
    expect(await paymentRow(t, paymentId)).toMatchObject({
      status: 'partially_refunded',
      refunded_amount: 500_00,
    });
    expect((await orderRow(t, order.id)).payment_status).toBe('partially_refunded');
    expect(await ledgerOf(t, order.id)).toMatchObject({ paid: total, refunded: 500_00 });
    await t.mail.waitFor(buyer.user.email, (m) => m.subject.startsWith('Refund of'));
    await until(async () => socket.messages.some((m) => m.data.status === 'partially_refunded'));
    expect(socket.messages.find((m) => m.data.status === 'partially_refunded')).toMatchObject({
      type: 'payment.updated',
      data: { id: paymentId, refunded: { amount: 500_00 } },
    });
    await socket.stop();

    const over = await refund({ paymentId, amount: total - 500_00 + 1 });
    expect(over.statusCode).toBe(422);
    expect(over.headers['content-type']).toMatch(/problem\+json/);
    expect(over.json()).toMatchObject({
      code: 'refund_exceeds_payment',
      refundable: { amount: total - 500_00 },
    });

    const rest = await refund({ paymentId, amount: total - 500_00 });
    expect(rest.statusCode, rest.body).toBe(201);
    expect(await paymentRow(t, paymentId)).toMatchObject({ status: 'refunded', refunded_amount: total });
    expect(await orderRow(t, order.id)).toEqual({ status: 'paid', payment_status: 'refunded' });
    expect(await ledgerOf(t, order.id)).toMatchObject({ paid: total, refunded: total });
    expect((await refund({ paymentId, amount: 1 })).json().code).toBe('refund_exceeds_payment');

    // Stripe's charge.refunded webhooks for both arrive too: already recorded, they change nothing.
    await new Promise((r) => setTimeout(r, 500));
    expect(await paymentRow(t, paymentId)).toMatchObject({ refunded_amount: total });
    expect(await ledgerOf(t, order.id)).toMatchObject({ refunded: total });
    const list = await api('GET', `/refunds?paymentId=${paymentId}`, admin);
    expect(list.json()).toMatchObject({ total: 2 });
    const one = await api('GET', `/refunds/${part.json().id}`, admin);
    expect(one.json()).toMatchObject({ id: part.json().id, reason: 'One item damaged' });
  });

  it('a replay with the same Idempotency-Key answers the same refund and gives back nothing more', async () => {
    const buyer = await makeUser(t);
    const { order, paymentId } = await paidOrder(buyer, 'stripe');
    const headers = { ...admin, ...idemKey() };
    const first = await refund({ paymentId, amount: 300_00 }, headers);
    const again = await refund({ paymentId, amount: 300_00 }, headers);
    expect(first.statusCode, first.body).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    expect(await refundsOfOrder(order.id)).toHaveLength(1);
    expect(await paymentRow(t, paymentId)).toMatchObject({ refunded_amount: 300_00 });
  });

  it('refuses a customer (403), no key (400), an unknown payment (404), a payment never paid (409), bad amounts (400)', async () => {
    const buyer = await makeUser(t);
    const { paymentId } = await paidOrder(buyer, 'stripe');
    expect((await refund({ paymentId, amount: 1 }, { ...buyer.auth, ...idemKey() })).statusCode).toBe(403);
    expect((await api('GET', '/refunds', buyer.auth)).statusCode).toBe(403);
    const noKey = await refund({ paymentId, amount: 1 }, admin);
    expect(noKey.json().code).toBe('idempotency_key_required');
    const unknown = await refund({ paymentId: '00000000-0000-4000-8000-000000000000', amount: 1 });
    expect(unknown.statusCode).toBe(404);
    for (const amount of [0, -5, 1.5, '10']) {
      expect((await refund({ paymentId, amount })).statusCode).toBe(400);
    }
    const { order } = await orderOf(buyer, 'stripe');
    const started = await api(
      'POST',
      '/payments',
      { ...buyer.auth, ...idemKey() },
      { orderId: order.id, method: 'stripe' },
    );
    const unpaid = await refund({ paymentId: started.json().paymentId, amount: 1 });
    expect(unpaid.statusCode).toBe(409);
    expect(unpaid.json().code).toBe('illegal_transition');
  });

  it('Stripe down: 503, the refund stays pending and holds its amount; the retry with the same key sends it', async () => {
    const buyer = await makeUser(t);
    const { order, paymentId } = await paidOrder(buyer, 'stripe');
    const { providers } = paymentsInstance(t.platform);
    const real = providers.stripe.refund;
    providers.stripe.refund = async () => {
      throw new ProviderUnavailable('stripe', 'Stripe timed out');
    };
    const headers = { ...admin, ...idemKey() };
    try {
      const down = await refund({ paymentId, amount: order.total.amount }, headers);
      expect(down.statusCode, down.body).toBe(503);
      expect(down.json().code).toBe('service_unavailable');
      const [pending] = await refundsOfOrder(order.id);
      expect(pending).toMatchObject({ status: 'pending' });
      expect((await refund({ paymentId, amount: 1 })).statusCode).toBe(422);
    } finally {
      providers.stripe.refund = real;
    }
    const retry = await refund({ paymentId, amount: order.total.amount }, headers);
    expect(retry.statusCode, retry.body).toBe(201);
    expect(retry.json().status).toBe('succeeded');
    expect(await refundsOfOrder(order.id)).toHaveLength(1);
  });
});

describe('restock', () => {
  it('is refused before shipping (cancel instead), and returns the stock once for a shipped order', async () => {
    const buyer = await makeUser(t);
    const { order, variant, paymentId } = await paidOrder(buyer, 'stripe');
    const early = await refund({ paymentId, amount: 100, restock: true });
    expect(early.statusCode).toBe(409);
    for (const status of ['processing', 'shipped']) {
      const moved = await api('PATCH', `/orders/${order.id}/status`, admin, { status });
      expect(moved.statusCode, moved.body).toBe(200);
    }
    const before = await stockOf(t, variant.variantId);
    const first = await refund({ paymentId, amount: 100, restock: true });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().restock).toBe(true);
    expect(await stockOf(t, variant.variantId)).toBe(before + 2);
    const second = await refund({ paymentId, amount: 100, restock: true });
    expect(second.json().restock).toBe(false);
    expect(await stockOf(t, variant.variantId)).toBe(before + 2);
  });
});

describe('cancelling a paid order', () => {
  it('refunds it in full through Stripe, with the one ledger reversal cancelling made', async () => {
    const buyer = await makeUser(t);
    const { order, paymentId } = await paidOrder(buyer, 'stripe');
    await refund({ paymentId, amount: 200_00 });
    const cancel = await api('POST', `/orders/${order.id}/cancel`, buyer.auth, {});
    expect(cancel.statusCode, cancel.body).toBe(200);
    await until(async () => (await paymentRow(t, paymentId)).status === 'refunded');
    const refunds = await refundsOfOrder(order.id);
    expect(refunds.map((r) => [r.status, r.amount])).toEqual([
      ['succeeded', 200_00],
      ['succeeded', order.total.amount - 200_00],
    ]);
    expect(await orderRow(t, order.id)).toEqual({ status: 'cancelled', payment_status: 'refunded' });
    expect(await ledgerOf(t, order.id)).toMatchObject({
      paid: order.total.amount,
      refunded: order.total.amount,
    });
  });
});

describe.skipIf(skipUnless('postgres', 'parallel refunds'))('refunds under concurrency', () => {
  it('ten parallel refunds of a quarter each: four succeed, six are 422, never more than paid', async () => {
    const buyer = await makeUser(t);
    const { order, paymentId } = await paidOrder(buyer, 'stripe');
    const quarter = order.total.amount / 4;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => refund({ paymentId, amount: quarter })),
    );
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes).toEqual([201, 201, 201, 201, 422, 422, 422, 422, 422, 422]);
    expect(await paymentRow(t, paymentId)).toMatchObject({
      status: 'refunded',
      refunded_amount: order.total.amount,
    });
    expect(await ledgerOf(t, order.id)).toMatchObject({ refunded: order.total.amount });
  });
});
