// Starting a payment (M-Pesa, Stripe), its refusals, a provider outage, and reading payments.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { makeUser } from '../../test/factories.js';
import { paymentsInstance } from './instance.js';
import { idemKey, ledgerOf, orderRow, paymentRow, until, paymentsTestShop } from './payments.test-shop.js';
import { SANDBOX_POOR_PHONE } from './providers/mpesa-sandbox.js';
import { ProviderUnavailable } from './providers/provider.js';

const { t, api, shop, unpaidOrder: newOrder, startPayment, startMpesa } = await paymentsTestShop();

describe('starting a payment', () => {
  it('M-Pesa: commits a pending payment, prompts the phone and the sandbox callback makes the order paid', async () => {
    const buyer = await makeUser(t);
    const { order, res } = await startMpesa(buyer);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ status: 'pending', method: 'mpesa', amount: { amount: 1_250_50 } });
    expect(body.checkoutRequestId).toMatch(/^ws_CO_/);
    expect(await orderRow(t, order.id)).toEqual({ status: 'pending_payment', payment_status: 'pending' });

    await until(async () => (await paymentRow(t, body.paymentId)).status === 'paid');
    expect(await orderRow(t, order.id)).toEqual({ status: 'paid', payment_status: 'paid' });
    expect((await ledgerOf(t, order.id)).payments).toBe(1);
    await t.mail.waitFor(buyer.user.email, (m) => m.subject.startsWith('Payment received'));
  });

  it('a replay with the same Idempotency-Key answers the same attempt and sends no second prompt', async () => {
    const buyer = await makeUser(t);
    const order = await newOrder(buyer);
    const headers = { ...buyer.auth, ...idemKey() };
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
    const { res } = await startPayment(buyer, 'stripe');
    expect(res.json().clientSecret).toEqual(expect.any(String));
    expect(res.json().checkoutRequestId).toBeUndefined();
  });

  it('refuses another customer (404), a missing key (400), a disabled method (422) and a paid order (409)', async () => {
    const buyer = await makeUser(t);
    const stranger = await makeUser(t);
    const order = await newOrder(buyer);
    const payload = { orderId: order.id, method: 'mpesa', phone: '0712345678' };
    expect((await api('POST', '/payments', { ...stranger.auth, ...idemKey() }, payload)).statusCode).toBe(
      404,
    );
    const noKey = await api('POST', '/payments', buyer.auth, payload);
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().code).toBe('idempotency_key_required');
    const badPhone = await api(
      'POST',
      '/payments',
      { ...buyer.auth, ...idemKey() },
      { ...payload, phone: '12345' },
    );
    expect(badPhone.statusCode).toBe(400);

    const off = await api('PATCH', '/payments/payment-methods/stripe', shop.admin.auth, { enabled: false });
    expect(off.statusCode).toBe(200);
    const disabled = await api(
      'POST',
      '/payments',
      { ...buyer.auth, ...idemKey() },
      { orderId: order.id, method: 'stripe' },
    );
    expect(disabled.statusCode).toBe(422);
    expect(disabled.json().code).toBe('payment_method_unavailable');
    await api('PATCH', '/payments/payment-methods/stripe', shop.admin.auth, { enabled: true });
    const cod = await api(
      'POST',
      '/payments',
      { ...buyer.auth, ...idemKey() },
      { orderId: order.id, method: 'cod' },
    );
    expect(cod.json().code).toBe('payment_method_unavailable');

    const ok = await api('POST', '/payments', { ...buyer.auth, ...idemKey() }, payload);
    await until(async () => (await paymentRow(t, ok.json().paymentId)).status === 'paid');
    const paid = await api('POST', '/payments', { ...buyer.auth, ...idemKey() }, payload);
    expect(paid.statusCode).toBe(409);
  });

  it('a failed M-Pesa attempt marks the payment failed, keeps the order pending_payment, and the shopper can retry', async () => {
    const buyer = await makeUser(t);
    const order = await newOrder(buyer);
    const poor = await api(
      'POST',
      '/payments',
      { ...buyer.auth, ...idemKey() },
      {
        orderId: order.id,
        method: 'mpesa',
        phone: SANDBOX_POOR_PHONE,
      },
    );
    expect(poor.statusCode, poor.body).toBe(201);
    await until(async () => (await paymentRow(t, poor.json().paymentId)).status === 'failed');
    expect(await orderRow(t, order.id)).toEqual({ status: 'pending_payment', payment_status: 'failed' });

    const { res: retry } = await startMpesa(buyer, order);
    expect(retry.json().paymentId).not.toBe(poor.json().paymentId);
    await until(async () => (await orderRow(t, order.id)).status === 'paid');
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

describe('provider outage', () => {
  it('Daraja down: 503 service_unavailable, the order stays pending_payment, and a retry with the same key prompts', async () => {
    const { providers } = paymentsInstance(t.platform);
    const initiate = providers.mpesa.initiate;
    const buyer = await makeUser(t);
    const order = await newOrder(buyer);
    const headers = { ...buyer.auth, ...idemKey() };
    const payload = { orderId: order.id, phone: '0712345678' };
    (providers.mpesa as { initiate: typeof initiate }).initiate = async () => {
      throw new ProviderUnavailable('mpesa', 'Daraja timed out');
    };
    try {
      const down = await api('POST', '/payments/mpesa/initiate', headers, payload);
      expect(down.statusCode, down.body).toBe(503);
      expect(down.json().code).toBe('service_unavailable');
      expect((await orderRow(t, order.id)).status).toBe('pending_payment');
    } finally {
      (providers.mpesa as { initiate: typeof initiate }).initiate = initiate;
    }
    const retry = await api('POST', '/payments/mpesa/initiate', headers, payload);
    expect(retry.statusCode, retry.body).toBe(201);
    expect(retry.json().checkoutRequestId).toMatch(/^ws_CO_/);
    const again = await api('POST', '/payments/mpesa/initiate', { ...buyer.auth, ...idemKey() }, payload);
    const { rows } = (await t.db.execute(
      sql`select count(*)::int as n from payments where order_id = ${order.id}`,
    )) as unknown as { rows: { n: number }[] };
    expect(again.statusCode).toBe(201);
    // The unsent attempt was reused by the retry; the third request (new key) is a new attempt.
    expect(rows[0]!.n).toBe(2);
  });
});
