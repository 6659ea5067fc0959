import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/harness.js';
import { makeUser } from '../../test/factories.js';
import { checkoutAdmin } from './checkout.test-shop.js';
import { apiCall, makeShop } from '../catalog/stock.test-shop.js';

const t = await buildTestApp({ worker: false });
const api = apiCall(t);
const shop = await makeShop(t);
const admin = shop.admin.auth;

const { coupon, method, taxRates } = checkoutAdmin(api, admin);

// Tax rates are shop-wide: one Kenyan VAT and a region rate for the whole file.
const { vat, coastLevy } = await taxRates();

describe('shipping methods', () => {
  it('an empty shop starts with one free Standard method for everywhere', async () => {
    const res = await api('GET', '/shipping-methods?country=UG');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({
        name: 'Standard',
        price: { amount: 0, currency: 'KES' },
        countries: [],
        enabled: true,
      }),
    ]);
  });

  it('lists only the methods that deliver to a country and region, and hides disabled ones from shoppers', async () => {
    const sameDay = await method({
      name: 'Same day',
      countries: ['ke'],
      regions: ['Nairobi'],
      freeAbove: 5_000_00,
      estimatedDays: { min: 0, max: 1 },
    });
    const off = await method({ name: 'Paused', enabled: false });
    const names = async (query: string, who = {}) =>
      (await api('GET', `/shipping-methods${query}`, who)).json().items.map((m: { id: string }) => m.id);
    expect(await names('?country=KE&region=nairobi')).toContain(sameDay.id);
    expect(await names('?country=KE&region=Mombasa')).not.toContain(sameDay.id);
    expect(await names('?country=UG')).not.toContain(sameDay.id);
    expect(await names('')).not.toContain(off.id);
    expect(await names('', admin)).toContain(off.id);
    const listed = (await api('GET', '/shipping-methods?country=KE&region=Nairobi')).json().items;
    expect(listed.find((m: { id: string }) => m.id === sameDay.id)).toEqual({
      id: sameDay.id,
      name: 'Same day',
      description: '',
      price: { amount: 300_00, currency: 'KES' },
      freeAbove: { amount: 5_000_00, currency: 'KES' },
      countries: ['KE'],
      regions: ['Nairobi'],
      estimatedDays: { min: 0, max: 1 },
      enabled: true,
    });
    expect((await api('GET', '/shipping-methods?country=XX')).statusCode).toBe(400);
  });

  it('admin changes and deletes a method; others are refused', async () => {
    const m = await method({});
    const patched = await api('PATCH', `/shipping-methods/${m.id}`, admin, { price: 350_00, countries: [] });
    expect(patched.json().price.amount).toBe(350_00);
    const customer = await makeUser(t);
    expect((await api('POST', '/shipping-methods', customer.auth, { name: 'X', price: 1 })).statusCode).toBe(
      403,
    );
    expect((await api('POST', '/shipping-methods', {}, { name: 'X', price: 1 })).statusCode).toBe(401);
    for (const body of [
      { name: 'X', price: -1 },
      { name: 'X', price: 1.5 },
      { name: 'X', price: 1, estimatedDays: { min: 5, max: 2 } },
      { name: 'X', price: 1, countries: ['Kenya'] },
      { name: 'X', price: 1, currency: 'USD' },
    ]) {
      expect((await api('POST', '/shipping-methods', admin, body)).statusCode).toBe(400);
    }
    expect((await api('DELETE', `/shipping-methods/${m.id}`, admin)).statusCode).toBe(204);
    expect((await api('DELETE', `/shipping-methods/${m.id}`, admin)).statusCode).toBe(404);
    expect((await api('PATCH', `/shipping-methods/${m.id}`, admin, { price: 1 })).statusCode).toBe(404);
  });
});

describe('tax rates', () => {
  it('admin creates, reads, lists, changes and deletes rates; one per country and region', async () => {
    expect(vat.statusCode, vat.body).toBe(201);
    expect(coastLevy.json()).toMatchObject({ country: 'KE', region: 'Mombasa', rate: 1000 });
    const ug = (await api('POST', '/tax-rates', admin, { name: 'VAT', country: 'ug', rate: 1800 })).json();
    expect(ug.country).toBe('UG');
    const again = await api('POST', '/tax-rates', admin, {
      name: 'Again',
      country: 'KE',
      region: 'MOMBASA',
      rate: 5,
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0].path).toBe('region');
    expect((await api('GET', `/tax-rates/${ug.id}`, admin)).json().rate).toBe(1800);
    expect((await api('PATCH', `/tax-rates/${ug.id}`, admin, { rate: 1700 })).json().rate).toBe(1700);
    expect((await api('GET', '/tax-rates', admin)).json().total).toBe(3);
    expect(
      (await api('POST', '/tax-rates', admin, { name: 'X', country: 'KE', rate: 10_001 })).statusCode,
    ).toBe(400);
    expect((await api('DELETE', `/tax-rates/${ug.id}`, admin)).statusCode).toBe(204);
    expect((await api('GET', `/tax-rates/${ug.id}`, admin)).statusCode).toBe(404);
    expect((await api('GET', '/tax-rates', (await makeUser(t)).auth)).statusCode).toBe(403);
  });
});

describe('coupons', () => {
  it('admin creates coupons with codes unique in any case, and checks value, window and limits', async () => {
    const c = await coupon({ code: 'karibu-5', type: 'percent', value: 5, usageLimit: 3 });
    expect(c.code).toBe('KARIBU-5');
    const read = (await api('GET', `/coupons/${c.id}`, admin)).json();
    expect(read).toMatchObject({
      type: 'percent',
      value: 5,
      usageLimit: 3,
      usedCount: 0,
      enabled: true,
      minSubtotal: null,
    });
    const refused = [
      { code: 'Karibu-5', type: 'fixed', value: 100 },
      { code: 'PCT0', type: 'percent', value: 0 },
      { code: 'PCT101', type: 'percent', value: 101 },
      { code: 'FIX0', type: 'fixed', value: 0 },
      { code: 'NOVAL', type: 'fixed' },
      { code: 'SHIPVAL', type: 'free_shipping', value: 10 },
      { code: 'x', type: 'fixed', value: 10 },
      {
        code: 'WINDOW',
        type: 'fixed',
        value: 10,
        startsAt: '2030-01-02T00:00:00Z',
        endsAt: '2030-01-01T00:00:00Z',
      },
      { code: 'STRICT', type: 'fixed', value: 10, usedCount: 5 },
    ];
    for (const body of refused) {
      expect((await api('POST', '/coupons', admin, body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await api('PATCH', `/coupons/${c.id}`, admin, { type: 'fixed' })).statusCode).toBe(400);
    expect(
      (await api('PATCH', `/coupons/${c.id}`, admin, { type: 'fixed', value: 200_00 })).json(),
    ).toMatchObject({
      type: 'fixed',
      value: 200_00,
    });
    const list = (await api('GET', '/coupons?q=karibu', admin)).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([c.id]);
    expect((await api('DELETE', `/coupons/${c.id}`, admin)).statusCode).toBe(204);
    expect((await api('GET', `/coupons/${c.id}`, admin)).statusCode).toBe(404);
    expect((await api('GET', '/coupons', (await makeUser(t)).auth)).statusCode).toBe(403);
  });
});
