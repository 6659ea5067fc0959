import { describe, expect, it } from 'vitest';
import { makeUser } from '../../test/factories.js';
import {
  idemKey,
  ledgerOf,
  orderRow,
  paymentRow,
  refundRow,
  until,
  paymentsTestShop,
} from './payments.test-shop.js';
import { mpesaCallbackSecret } from './providers/providers.js';

const { t, api, shop, paidOrder } = await paymentsTestShop();
const admin = shop.admin.auth;
const secret = mpesaCallbackSecret(t.config);
const reversalResult = (conversationId: string, resultCode: number) => ({
  Result: {
    ResultType: 0,
    ResultCode: resultCode,
    ResultDesc:
      resultCode === 0
        ? 'The service request is processed successfully.'
        : 'The transaction has already been reversed.',
    OriginatorConversationID: 'test',
    ConversationID: conversationId,
    TransactionID: 'RTEST',
  },
});
const postReversal = (body: unknown, s = secret) =>
  t.app.inject({ method: 'POST', url: `/api/v1/payments/mpesa/reversal/${s}`, payload: body as object });

describe('M-Pesa refunds (Daraja Reversal)', () => {
  it('a refund is pending until the reversal result arrives, then succeeds; the same result again changes nothing', async () => {
    const buyer = await makeUser(t);
    const { order, paymentId } = await paidOrder(buyer, 'mpesa');
    const res = await api('POST', '/refunds', { ...admin, ...idemKey() }, { paymentId, amount: 400_00 });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().status).toBe('pending');
    const refundId: string = res.json().id;
    expect((await refundRow(t, refundId)).provider_reference).toMatch(/^AG_/);
    expect((await paymentRow(t, paymentId)).refunded_amount).toBe(0);

    // The sandbox's reversal result arrives by itself after about two seconds.
    await until(async () => (await refundRow(t, refundId)).status === 'succeeded');
    expect(await paymentRow(t, paymentId)).toMatchObject({
      status: 'partially_refunded',
      refunded_amount: 400_00,
    });
    expect((await orderRow(t, order.id)).payment_status).toBe('partially_refunded');
    expect(await ledgerOf(t, order.id)).toMatchObject({ refunded: 400_00 });
    await t.mail.waitFor(buyer.user.email, (m) => m.subject.startsWith('Refund of'));

    const { provider_reference } = await refundRow(t, refundId);
    const again = await postReversal(reversalResult(provider_reference!, 0));
    expect(again.json()).toEqual({ ResultCode: 0, ResultDesc: 'Accepted' });
    expect((await paymentRow(t, paymentId)).refunded_amount).toBe(400_00);
    expect(await ledgerOf(t, order.id)).toMatchObject({ refunded: 400_00 });
  });

  it('a failed result fails the refund and its amount is refundable again; a late success is ignored', async () => {
    const buyer = await makeUser(t);
    const { order, paymentId } = await paidOrder(buyer, 'mpesa');
    const total = order.total.amount;
    const res = await api('POST', '/refunds', { ...admin, ...idemKey() }, { paymentId, amount: total });
    const refundId: string = res.json().id;
    const { provider_reference } = await refundRow(t, refundId);
    const over = await api('POST', '/refunds', { ...admin, ...idemKey() }, { paymentId, amount: 1 });
    expect(over.json().code).toBe('refund_exceeds_payment');

    const failed = await postReversal(reversalResult(provider_reference!, 2001));
    expect(failed.statusCode).toBe(200);
    expect(await refundRow(t, refundId)).toMatchObject({ status: 'failed' });
    expect((await refundRow(t, refundId)).result_desc).toMatch(/already been reversed/);
    expect(await paymentRow(t, paymentId)).toMatchObject({ status: 'paid', refunded_amount: 0 });
    await t.mail.waitFor(buyer.user.email, (m) => m.subject.startsWith('Refund for order'));

    // The sandbox's own (successful) result arrives after about two seconds: no longer pending.
    await new Promise((r) => setTimeout(r, 2500));
    expect(await refundRow(t, refundId)).toMatchObject({ status: 'failed' });
    expect(await ledgerOf(t, order.id)).toMatchObject({ refunded: 0 });
    const retry = await api('POST', '/refunds', { ...admin, ...idemKey() }, { paymentId, amount: total });
    expect(retry.statusCode, retry.body).toBe(201);
  });

  it('a wrong secret is 404; an unknown or unreadable result is acknowledged and changes nothing', async () => {
    const wrong = await postReversal(reversalResult('AG_unknown', 0), 'not-the-secret');
    expect(wrong.statusCode).toBe(404);
    const unknown = await postReversal(reversalResult('AG_unknown', 0));
    expect(unknown.json()).toEqual({ ResultCode: 0, ResultDesc: 'Accepted' });
    const garbage = await t.app.inject({
      method: 'POST',
      url: `/api/v1/payments/mpesa/reversal/${secret}`,
      headers: { 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(garbage.statusCode).toBe(200);
  });

  it('cancelling a paid M-Pesa order reverses it in full (pending until the result), one ledger reversal', async () => {
    const buyer = await makeUser(t);
    const { order, paymentId } = await paidOrder(buyer, 'mpesa');
    const cancel = await api('POST', `/orders/${order.id}/cancel`, buyer.auth, {});
    expect(cancel.statusCode, cancel.body).toBe(200);
    await until(async () => (await paymentRow(t, paymentId)).status === 'refunded', 10_000);
    expect(await orderRow(t, order.id)).toEqual({ status: 'cancelled', payment_status: 'refunded' });
    expect(await ledgerOf(t, order.id)).toMatchObject({
      paid: order.total.amount,
      refunded: order.total.amount,
    });
  });
});
