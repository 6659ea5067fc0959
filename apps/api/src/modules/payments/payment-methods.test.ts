import { describe, expect, it } from 'vitest';
import { makeUser, type MadeUser } from '../../test/factories.js';
import { buildTestApp } from '../../test/harness.js';

const t = await buildTestApp({ worker: false });

describe('payment methods', () => {
  let admin: MadeUser;
  let customer: MadeUser;

  it('an empty shop offers M-Pesa, Stripe and cash on delivery, the providers in test mode', async () => {
    admin = await makeUser(t, { role: 'admin' });
    customer = await makeUser(t);
    const res = await t.app.inject('/api/v1/payments/methods');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      { code: 'mpesa', name: 'M-Pesa', currencies: ['KES'], testMode: true },
      { code: 'stripe', name: 'Card', currencies: ['KES'], testMode: true },
      { code: 'cod', name: 'Cash on delivery', currencies: ['KES'], testMode: false },
    ]);
  });

  it('an admin disables and renames a method; a disabled method is no longer offered', async () => {
    const off = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/payments/payment-methods/stripe',
      headers: admin.auth,
      payload: { enabled: false, name: 'Visa / Mastercard' },
    });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ code: 'stripe', enabled: false, name: 'Visa / Mastercard' });
    const offered = (await t.app.inject('/api/v1/payments/methods'))
      .json()
      .items.map((m: { code: string }) => m.code);
    expect(offered).toEqual(['mpesa', 'cod']);
    const all = await t.app.inject({ url: '/api/v1/payments/payment-methods', headers: admin.auth });
    expect(all.json().items.find((m: { code: string }) => m.code === 'stripe')).toMatchObject({
      enabled: false,
    });
    const one = await t.app.inject({ url: '/api/v1/payments/payment-methods/stripe', headers: admin.auth });
    expect(one.json()).toMatchObject({ name: 'Visa / Mastercard', enabled: false });

    await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/payments/payment-methods/stripe',
      headers: admin.auth,
      payload: { enabled: true },
    });
    expect((await t.app.inject('/api/v1/payments/methods')).json().items).toHaveLength(3);
  });

  it('customers get 403 and anonymous callers 401 on the admin routes', async () => {
    const asCustomer = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/payments/payment-methods/cod',
      headers: customer.auth,
      payload: { enabled: false },
    });
    expect(asCustomer.statusCode).toBe(403);
    expect((await t.app.inject('/api/v1/payments/payment-methods')).statusCode).toBe(401);
    expect((await t.app.inject('/api/v1/payments/methods')).json().items).toHaveLength(3);
  });

  it('an unknown method, an unknown field or an empty name is 400', async () => {
    const patch = (url: string, payload: unknown) =>
      t.app.inject({ method: 'PATCH', url, headers: admin.auth, payload: payload as object });
    expect((await patch('/api/v1/payments/payment-methods/paypal', { enabled: true })).statusCode).toBe(400);
    expect((await patch('/api/v1/payments/payment-methods/cod', { fee: 10 })).statusCode).toBe(400);
    expect((await patch('/api/v1/payments/payment-methods/cod', { name: '  ' })).statusCode).toBe(400);
  });
});

describe('payment methods in another currency', async () => {
  const usd = await buildTestApp({ worker: false, env: { STORE_CURRENCY: 'USD' } });

  it('a shop not in KES does not offer M-Pesa', async () => {
    const items = (await usd.app.inject('/api/v1/payments/methods')).json().items;
    expect(items.map((m: { code: string }) => m.code)).toEqual(['stripe', 'cod']);
    expect(items[0].currencies).toEqual(['USD']);
  });
});
