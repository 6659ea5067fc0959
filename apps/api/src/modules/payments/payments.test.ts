import { sql } from 'drizzle-orm';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { contextFor } from '../../platform/context.js';
import { makeUser, type MadeUser } from '../../test/factories.js';
import { buildTestApp } from '../../test/harness.js';
import { apiCall, makeShop, makeVariant } from '../catalog/stock.test-shop.js';
import { transitionOrder } from '../orders/index.js';
import { placeTestOrder } from '../orders/orders.test-shop.js';
import { mpesaCallbackSecret } from './providers/providers.js';
import { SANDBOX_POOR_PHONE } from './providers/mpesa-sandbox.js';
import { ProviderUnavailable } from './providers/provider.js';
import { STRIPE_SANDBOX } from './providers/stripe-sandbox.js';
import { paymentsInstance } from './instance.js';
import { reconcilePayments, RECONCILE_AFTER_MINUTES } from './reconcile.js';
import { settlePayment } from './settle.js';

const t = await buildTestApp({ env: { RATE_LIMIT_DISABLED: 'true' } });
const api = apiCall(t);
const shop = await makeShop(t);
const secret = mpesaCallbackSecret(t.config);
let keys = 0;
const key = () => ({ 'idempotency-key': `pay-test-${++keys}-${Date.now()}` });

const newOrder = async (buyer: MadeUser, price = 1_250_50) => {
  const variant = await makeVariant(t, shop, { price });
  return placeTestOrder(t, buyer, [{ variantId: variant.variantId, quantity: 1 }], 'mpesa', 0);
};

const startMpesa = async (buyer: MadeUser, existing?: { id: string }) => {
  const order = existing ?? (await newOrder(buyer));
  const res = await api(
    'POST',
    '/payments',
    { ...buyer.auth, ...key() },
    {
      orderId: order.id,
      method: 'mpesa',
      phone: '0712345678',
    },
  );
  expect(res.statusCode, res.body).toBe(201);
  return { order, res };
};

const paymentRow = async (id: string) => {
  const { rows } = (await t.db.execute(
    sql`select status, provider_reference, receipt from payments where id = ${id}`,
  )) as unknown as { rows: { status: string; provider_reference: string | null; receipt: string | null }[] };
  return rows[0]!;
};
const orderRow = async (id: string) => {
  const { rows } = (await t.db.execute(
    sql`select status, payment_status from orders where id = ${id}`,
  )) as unknown as { rows: { status: string; payment_status: string }[] };
  return rows[0]!;
};
const ledgerPayments = async (orderId: string) => {
  const { rows } = (await t.db.execute(
    sql`select count(*)::int as n from ledger_transactions where kind = 'payment' and order_id = ${orderId}`,
  )) as unknown as { rows: { n: number }[] };
  return rows[0]!.n;
};
const until = async (check: () => Promise<boolean>, timeoutMs = 8000) => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 100));
  }
};
const stkCallback = (checkoutRequestId: string, amount: number, resultCode = 0) => ({
  Body: {
    stkCallback: {
      MerchantRequestID: 'forged',
      CheckoutRequestID: checkoutRequestId,
      ResultCode: resultCode,
      ResultDesc: resultCode === 0 ? 'The service request is processed successfully.' : 'Failed',
      ...(resultCode === 0
        ? {
            CallbackMetadata: {
              Item: [
                { Name: 'Amount', Value: amount },
                { Name: 'MpesaReceiptNumber', Value: 'QFORGED123' },
                { Name: 'PhoneNumber', Value: 254712345678 },
              ],
            },
          }
        : {}),
    },
  },
});
const callback = (body: unknown, s = secret) =>
  t.app.inject({ method: 'POST', url: `/api/v1/payments/mpesa/callback/${s}`, payload: body as object });

describe('starting a payment', () => {
  it('M-Pesa: commits a pending payment, prompts the phone and the sandbox callback makes the order paid', async () => {
    const buyer = await makeUser(t);
    const { order, res } = await startMpesa(buyer);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ status: 'pending', method: 'mpesa', amount: { amount: 1_250_50 } });
    expect(body.checkoutRequestId).toMatch(/^ws_CO_/);
    expect(await orderRow(order.id)).toEqual({ status: 'pending_payment', payment_status: 'pending' });

    await until(async () => (await paymentRow(body.paymentId)).status === 'paid');
    expect(await orderRow(order.id)).toEqual({ status: 'paid', payment_status: 'paid' });
    expect(await ledgerPayments(order.id)).toBe(1);
    await t.mail.waitFor(buyer.user.email, (m) => m.subject.startsWith('Payment received'));
  });

  it('a replay with the same Idempotency-Key answers the same attempt and sends no second prompt', async () => {
    const buyer = await makeUser(t);
    const order = await newOrder(buyer);
    const headers = { ...buyer.auth, ...key() };
    const payload = { orderId: order.id, phone: '+254712345678' };
    const first = await api('POST', '/payments/mpesa/initiate', headers, payload);
    const again = await api('POST', '/payments/mpesa/initiate', headers, payload);
    expect(first.statusCode, first.body).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json().paymentId).toBe(first.json().paymentId);
    expect(again.json().checkoutRequestId).toBe(first.json().checkoutRequestId);
  });

  it('Stripe answers a client secret', async () => {
    const buyer = await makeUser(t);
    const order = await newOrder(buyer);
    const res = await api(
      'POST',
      '/payments',
      { ...buyer.auth, ...key() },
      { orderId: order.id, method: 'stripe' },
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().clientSecret).toEqual(expect.any(String));
    expect(res.json().checkoutRequestId).toBeUndefined();
  });

  it('refuses another customer (404), a missing key (400), a disabled method (422) and a paid order (409)', async () => {
    const buyer = await makeUser(t);
    const stranger = await makeUser(t);
    const order = await newOrder(buyer);
    const payload = { orderId: order.id, method: 'mpesa', phone: '0712345678' };
    expect((await api('POST', '/payments', { ...stranger.auth, ...key() }, payload)).statusCode).toBe(404);
    const noKey = await api('POST', '/payments', buyer.auth, payload);
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().code).toBe('idempotency_key_required');
    const badPhone = await api(
      'POST',
      '/payments',
      { ...buyer.auth, ...key() },
      { ...payload, phone: '12345' },
    );
    expect(badPhone.statusCode).toBe(400);

    const off = await api('PATCH', '/payments/payment-methods/stripe', shop.admin.auth, { enabled: false });
    expect(off.statusCode).toBe(200);
    const disabled = await api(
      'POST',
      '/payments',
      { ...buyer.auth, ...key() },
      { orderId: order.id, method: 'stripe' },
    );
    expect(disabled.statusCode).toBe(422);
    expect(disabled.json().code).toBe('payment_method_unavailable');
    await api('PATCH', '/payments/payment-methods/stripe', shop.admin.auth, { enabled: true });
    const cod = await api(
      'POST',
      '/payments',
      { ...buyer.auth, ...key() },
      { orderId: order.id, method: 'cod' },
    );
    expect(cod.json().code).toBe('payment_method_unavailable');

    const ok = await api('POST', '/payments', { ...buyer.auth, ...key() }, payload);
    await until(async () => (await paymentRow(ok.json().paymentId)).status === 'paid');
    const paid = await api('POST', '/payments', { ...buyer.auth, ...key() }, payload);
    expect(paid.statusCode).toBe(409);
  });

  it('a failed M-Pesa attempt marks the payment failed, keeps the order pending_payment, and the shopper can retry', async () => {
    const buyer = await makeUser(t);
    const order = await newOrder(buyer);
    const poor = await api(
      'POST',
      '/payments',
      { ...buyer.auth, ...key() },
      {
        orderId: order.id,
        method: 'mpesa',
        phone: SANDBOX_POOR_PHONE,
      },
    );
    expect(poor.statusCode, poor.body).toBe(201);
    await until(async () => (await paymentRow(poor.json().paymentId)).status === 'failed');
    expect(await orderRow(order.id)).toEqual({ status: 'pending_payment', payment_status: 'failed' });

    const { res: retry } = await startMpesa(buyer, order);
    expect(retry.json().paymentId).not.toBe(poor.json().paymentId);
    await until(async () => (await orderRow(order.id)).status === 'paid');
  });
});

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
    expect((await paymentRow(paymentId)).status).toBe('pending');
    const unknown = await callback(stkCallback('ws_CO_unknown', 1251));
    expect(unknown.json()).toEqual({ ResultCode: 0, ResultDesc: 'Accepted' });
    const garbage = await t.app.inject({
      method: 'POST',
      url: `/api/v1/payments/mpesa/callback/${secret}`,
      headers: { 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(garbage.statusCode).toBe(200);
    await until(async () => (await paymentRow(paymentId)).status === 'paid');
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
    expect((await paymentRow(paymentId)).status).toBe('pending');
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
    expect(await paymentRow(paymentId)).toMatchObject({ status: 'paid' });
    expect(await ledgerPayments(order.id)).toBe(1);
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

const stripeEvent = (id: string, type: string, object: Record<string, unknown>) => {
  const payload = JSON.stringify({
    id,
    object: 'event',
    type,
    data: { object },
    created: 1,
    livemode: false,
  });
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: STRIPE_SANDBOX.webhookSecret,
  });
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/payments/webhook/stripe',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    payload,
  });
};
const intent = (id: string, status: string, amount: number, paymentId: string) => ({
  id,
  object: 'payment_intent',
  status,
  amount,
  amount_received: status === 'succeeded' ? amount : 0,
  currency: 'kes',
  latest_charge: status === 'succeeded' ? 'ch_test_1' : null,
  last_payment_error: status === 'succeeded' ? null : { code: 'card_declined', message: 'Declined' },
  metadata: { paymentId },
});

describe('Stripe webhook', () => {
  it('settles on a signed succeeded event once; a late payment_failed, a replay, a bad signature and an unknown intent change nothing', async () => {
    const buyer = await makeUser(t);
    const order = await newOrder(buyer, 2_000_00);
    const res = await api(
      'POST',
      '/payments',
      { ...buyer.auth, ...key() },
      { orderId: order.id, method: 'stripe' },
    );
    expect(res.statusCode, res.body).toBe(201);
    const { paymentId } = res.json();
    const reference = (await paymentRow(paymentId)).provider_reference!;

    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/payments/webhook/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
      payload: '{}',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');

    const unknown = await stripeEvent(
      'evt_unknown_1',
      'payment_intent.succeeded',
      intent('pi_unknown', 'succeeded', 100, paymentId),
    );
    expect(unknown.statusCode, unknown.body).toBe(200);
    expect((await paymentRow(paymentId)).status).toBe('pending');

    const ok = await stripeEvent(
      `evt_ok_${paymentId}`,
      'payment_intent.succeeded',
      intent(reference, 'succeeded', 2_000_00, paymentId),
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ received: true });
    expect(await paymentRow(paymentId)).toMatchObject({ status: 'paid' });
    expect(await orderRow(order.id)).toEqual({ status: 'paid', payment_status: 'paid' });

    const replay = await stripeEvent(
      `evt_ok_${paymentId}`,
      'payment_intent.succeeded',
      intent(reference, 'succeeded', 2_000_00, paymentId),
    );
    expect(replay.statusCode).toBe(200);
    const late = await stripeEvent(
      `evt_late_${paymentId}`,
      'payment_intent.payment_failed',
      intent(reference, 'requires_payment_method', 2_000_00, paymentId),
    );
    expect(late.statusCode).toBe(200);
    expect(await paymentRow(paymentId)).toMatchObject({ status: 'paid' });
    expect(await ledgerPayments(order.id)).toBe(1);
  });
});

describe('reading payments', () => {
  it('a customer lists and reads only its own payments; an admin reads all', async () => {
    const buyer = await makeUser(t);
    const stranger = await makeUser(t);
    const { res } = await startMpesa(buyer);
    const { paymentId } = res.json();
    const mine = await api('GET', '/payments', buyer.auth);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().items.map((p: { id: string }) => p.id)).toEqual([paymentId]);
    expect((await api('GET', '/payments', stranger.auth)).json().items).toEqual([]);
    const one = await api('GET', `/payments/${paymentId}`, buyer.auth);
    expect(one.json()).toMatchObject({ id: paymentId, method: 'mpesa', amount: { amount: 1_250_50 } });
    expect((await api('GET', `/payments/${paymentId}`, stranger.auth)).statusCode).toBe(404);
    expect((await api('GET', `/payments/${paymentId}`, shop.admin.auth)).statusCode).toBe(200);
    const all = await api('GET', `/payments?pageSize=100`, shop.admin.auth);
    expect(all.json().items.some((p: { id: string }) => p.id === paymentId)).toBe(true);
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
      expect((await paymentRow(paymentId)).status).toBe('pending');
      const base = { ...contextFor(t.platform), actor: null, providers: instance.providers };
      expect(await reconcilePayments(base, { pauseMs: 0 })).toBe(0);
      expect((await paymentRow(paymentId)).status).toBe('pending');

      const later = { ...base, now: new Date(Date.now() + (RECONCILE_AFTER_MINUTES + 1) * 60_000) };
      expect(await reconcilePayments(later, { pauseMs: 0 })).toBeGreaterThanOrEqual(1);
      expect(await paymentRow(paymentId)).toMatchObject({ status: 'paid' });
      expect(await orderRow(order.id)).toEqual({ status: 'paid', payment_status: 'paid' });
      expect(await ledgerPayments(order.id)).toBe(1);
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
    expect((await paymentRow(res.json().paymentId)).status).toBe('pending');
    expect((await orderRow(order.id)).status).toBe('cancelled');
    expect(await ledgerPayments(order.id)).toBe(0);
  });
});

describe('provider outage', () => {
  it('Daraja down: 503 service_unavailable, the order stays pending_payment, and a retry with the same key prompts', async () => {
    const { providers } = paymentsInstance(t.platform);
    const initiate = providers.mpesa.initiate;
    const buyer = await makeUser(t);
    const order = await newOrder(buyer);
    const headers = { ...buyer.auth, ...key() };
    const payload = { orderId: order.id, phone: '0712345678' };
    (providers.mpesa as { initiate: typeof initiate }).initiate = async () => {
      throw new ProviderUnavailable('mpesa', 'Daraja timed out');
    };
    try {
      const down = await api('POST', '/payments/mpesa/initiate', headers, payload);
      expect(down.statusCode, down.body).toBe(503);
      expect(down.json().code).toBe('service_unavailable');
      expect((await orderRow(order.id)).status).toBe('pending_payment');
    } finally {
      (providers.mpesa as { initiate: typeof initiate }).initiate = initiate;
    }
    const retry = await api('POST', '/payments/mpesa/initiate', headers, payload);
    expect(retry.statusCode, retry.body).toBe(201);
    expect(retry.json().checkoutRequestId).toMatch(/^ws_CO_/);
    const again = await api('POST', '/payments/mpesa/initiate', { ...buyer.auth, ...key() }, payload);
    const { rows } = (await t.db.execute(
      sql`select count(*)::int as n from payments where order_id = ${order.id}`,
    )) as unknown as { rows: { n: number }[] };
    expect(again.statusCode).toBe(201);
    // The unsent attempt was reused by the retry; the third request (new key) is a new attempt.
    expect(rows[0]!.n).toBe(2);
  });
});
