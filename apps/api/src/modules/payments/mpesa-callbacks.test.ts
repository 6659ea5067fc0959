// M-Pesa's side of a payment: callbacks (forged, short, repeated), the status endpoint, the
// reconcile job for a lost callback, and a confirmation that arrives after the order was cancelled.
import { describe, expect, it } from 'vitest';
import { contextFor } from '../../platform/context.js';
import { makeUser } from '../../test/factories.js';
import { transitionOrder } from '../orders/index.js';
import { paymentsInstance } from './instance.js';
import {
  ledgerOf,
  orderRow,
  paymentRow,
  stkCallback,
  until,
  paymentsTestShop,
} from './payments.test-shop.js';
import { mpesaCallbackSecret } from './providers/providers.js';
import { reconcilePayments, RECONCILE_AFTER_MINUTES } from './reconcile.js';
import { settlePayment } from './settle.js';

const { t, api, shop, startMpesa } = await paymentsTestShop();
const secret = mpesaCallbackSecret(t.config);
const callback = (body: unknown, s = secret) =>
  t.app.inject({ method: 'POST', url: `/api/v1/payments/mpesa/callback/${s}`, payload: body as object });

describe('M-Pesa callback', () => {
  it('ignores a wrong secret (404), a forged "paid" the STK Push Query does not confirm, and an unknown attempt', async () => {
    const buyer = await makeUser(t);
    const { res } = await startMpesa(buyer);
    const { checkoutRequestId, paymentId } = res.json();
    const forged = stkCallback(checkoutRequestId, 1251);

    const wrong = await callback(forged, 'not-the-secret');
    expect(wrong.statusCode).toBe(404);
    const early = await callback(forged);
    expect(early.statusCode).toBe(200);
    expect(early.json()).toEqual({ ResultCode: 0, ResultDesc: 'Accepted' });
    expect((await paymentRow(t, paymentId)).status).toBe('pending');
    const unknown = await callback(stkCallback('ws_CO_unknown', 1251));
    expect(unknown.json()).toEqual({ ResultCode: 0, ResultDesc: 'Accepted' });
    const garbage = await t.app.inject({
      method: 'POST',
      url: `/api/v1/payments/mpesa/callback/${secret}`,
      headers: { 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(garbage.statusCode).toBe(200);
    await until(async () => (await paymentRow(t, paymentId)).status === 'paid');
  });

  it('a confirmed callback whose amount is short settles nothing', async () => {
    const buyer = await makeUser(t);
    const { res } = await startMpesa(buyer);
    const { paymentId } = res.json();
    const ctx = { ...contextFor(t.platform), actor: null };
    const short = await settlePayment(ctx, {
      paymentId,
      outcome: { status: 'paid', resultCode: '0', resultDesc: 'ok', message: 'Paid', amountPaid: 1_000_00 },
      providerEvent: { provider: 'mpesa', eventId: 'short-1', eventType: 'test', payload: {} },
    });
    expect(short).toBeNull();
    expect((await paymentRow(t, paymentId)).status).toBe('pending');
  });

  it('twenty parallel identical callbacks and settles make one payment, one ledger credit and one mail', async () => {
    const buyer = await makeUser(t);
    const { order, res } = await startMpesa(buyer);
    const { checkoutRequestId, paymentId } = res.json();
    const ctx = { ...contextFor(t.platform), actor: null };
    const settles = Array.from({ length: 20 }, () =>
      settlePayment(ctx, {
        paymentId,
        outcome: { status: 'paid', resultCode: '0', resultDesc: 'ok', message: 'Paid', amountPaid: 1_251_00 },
        providerEvent: {
          provider: 'mpesa',
          eventId: checkoutRequestId,
          eventType: 'stk_callback',
          payload: {},
        },
      }),
    );
    const results = await Promise.all(settles);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    const callbacks = await Promise.all(
      Array.from({ length: 20 }, () => callback(stkCallback(checkoutRequestId, 1251))),
    );
    expect(callbacks.every((c) => c.statusCode === 200)).toBe(true);
    // The sandbox's own callback arrives about two seconds after the prompt; let it.
    await new Promise((r) => setTimeout(r, 2500));
    expect(await paymentRow(t, paymentId)).toMatchObject({ status: 'paid' });
    expect((await ledgerOf(t, order.id)).payments).toBe(1);
    await t.mail.waitFor(buyer.user.email, (m) => m.subject.startsWith('Payment received'));
    await new Promise((r) => setTimeout(r, 1000));
    expect(
      t.mail.messages.filter(
        (m) => m.to.includes(buyer.user.email.toLowerCase()) && m.subject.startsWith('Payment'),
      ),
    ).toHaveLength(1);
  });

  it('the status endpoint answers the owner and an admin, 404 to others, and settles a confirmed attempt', async () => {
    const buyer = await makeUser(t);
    const stranger = await makeUser(t);
    const { order, res } = await startMpesa(buyer);
    const { checkoutRequestId, paymentId } = res.json();
    const url = `/payments/mpesa/transactions/${checkoutRequestId}/status`;
    const pending = await api('GET', url, buyer.auth);
    expect(pending.statusCode, pending.body).toBe(200);
    expect(pending.json()).toMatchObject({
      checkoutRequestId,
      paymentId,
      orderId: order.id,
      status: 'pending',
    });
    expect((await api('GET', url, stranger.auth)).statusCode).toBe(404);
    expect((await api('GET', url, shop.admin.auth)).statusCode).toBe(200);
    await until(async () => (await api('GET', url, buyer.auth)).json().status === 'paid');
  });
});

describe('reconcile job', () => {
  it('a payment whose callback was lost is paid by the job once it is a few minutes old', async () => {
    const instance = paymentsInstance(t.platform);
    const deliver = instance.deliver;
    instance.deliver = async () => {};
    try {
      const buyer = await makeUser(t);
      const { order, res } = await startMpesa(buyer);
      const { paymentId } = res.json();
      // The sandbox "customer" pays after about two seconds; its callback goes nowhere.
      await new Promise((r) => setTimeout(r, 2500));
      expect((await paymentRow(t, paymentId)).status).toBe('pending');
      const base = { ...contextFor(t.platform), actor: null, providers: instance.providers };
      expect(await reconcilePayments(base, { pauseMs: 0 })).toBe(0);
      expect((await paymentRow(t, paymentId)).status).toBe('pending');

      const later = { ...base, now: new Date(Date.now() + (RECONCILE_AFTER_MINUTES + 1) * 60_000) };
      expect(await reconcilePayments(later, { pauseMs: 0 })).toBeGreaterThanOrEqual(1);
      expect(await paymentRow(t, paymentId)).toMatchObject({ status: 'paid' });
      expect(await orderRow(t, order.id)).toEqual({ status: 'paid', payment_status: 'paid' });
      expect((await ledgerOf(t, order.id)).payments).toBe(1);
    } finally {
      instance.deliver = deliver;
    }
  });
});

describe('late confirmation', () => {
  it('a payment confirmed after its order was cancelled settles nothing and leaves the order cancelled', async () => {
    const buyer = await makeUser(t);
    const { order, res } = await startMpesa(buyer);
    const ctx = { ...contextFor(t.platform), actor: null };
    await transitionOrder(ctx, order.id, 'cancelled', { note: 'payment timeout' });
    const late = await settlePayment(ctx, {
      paymentId: res.json().paymentId,
      outcome: { status: 'paid', resultCode: '0', resultDesc: 'ok', message: 'Paid', amountPaid: 1_251_00 },
      providerEvent: { provider: 'mpesa', eventId: 'late-1', eventType: 'test', payload: {} },
    });
    expect(late).toBeNull();
    expect((await paymentRow(t, res.json().paymentId)).status).toBe('pending');
    expect((await orderRow(t, order.id)).status).toBe('cancelled');
    expect((await ledgerOf(t, order.id)).payments).toBe(0);
  });
});
