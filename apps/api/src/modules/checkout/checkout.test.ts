import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import { contextFor, withTx } from '../../platform/context.js';
import { buildTestApp } from '../../test/harness.js';
import { makeUser, type MadeUser } from '../../test/factories.js';
import { skipUnless } from '../../test/services.js';
import { checkoutAdmin } from './checkout.test-shop.js';
import { apiCall, makeShop, makeVariant } from '../catalog/stock.test-shop.js';
import { readCheckoutCart } from '../cart/index.js';
import { checkoutModule, quoteCheckout, redeemCoupon, releaseCoupon } from './index.js';

const t = await buildTestApp({ worker: false });
const api = apiCall(t);
const shop = await makeShop(t);
const admin = shop.admin.auth;
const nairobi = {
  fullName: 'Achieng Otieno',
  phone: '+254 712 345678',
  line1: 'Moi Avenue 12',
  city: 'Nairobi',
  region: 'Nairobi',
  country: 'KE',
};
const mombasa = { ...nairobi, city: 'Mombasa', region: 'Mombasa' };

const { coupon, method, taxRates } = checkoutAdmin(api, admin);
/** A customer whose cart holds these units. */
async function shopper(lines: { variantId: string; quantity: number }[]): Promise<MadeUser> {
  const me = await makeUser(t);
  for (const l of lines) expect((await api('POST', '/cart/items', me.auth, l)).statusCode).toBe(200);
  return me;
}

// Tax rates are shop-wide: one Kenyan VAT and a region rate for the whole file.
await taxRates();

describe('POST /checkout/quote', () => {
  it('prices the cart from current prices: discount spread, tax per line after it, free shipping above the threshold', async () => {
    const a = await makeVariant(t, shop, { price: 100_00, stock: 10 });
    const b = await makeVariant(t, shop, { price: 300_00, stock: 10 });
    const me = await shopper([
      { variantId: a.variantId, quantity: 3 },
      { variantId: b.variantId, quantity: 1 },
    ]);
    const m = await method({ countries: ['KE'], freeAbove: 500_00 });
    const c = await coupon({ type: 'fixed', value: 100_00 });
    const res = await api('POST', '/checkout/quote', me.auth, {
      shippingAddress: nairobi,
      shippingMethodId: m.id,
      couponCode: c.code.toLowerCase(),
    });
    expect(res.statusCode, res.body).toBe(200);
    const quote = res.json();
    // Lines 300.00 and 300.00: the 100.00 discount splits 50.00/50.00; nets 250.00 at 16% = 40.00 each.
    // Subtotal after discount 500.00 reaches freeAbove 500.00: shipping free.
    expect(
      quote.lines.map(
        (l: { lineTotal: { amount: number }; discount: { amount: number }; tax: { amount: number } }) => [
          l.lineTotal.amount,
          l.discount.amount,
          l.tax.amount,
        ],
      ),
    ).toEqual([
      [300_00, 50_00, 40_00],
      [300_00, 50_00, 40_00],
    ]);
    expect(quote).toMatchObject({
      subtotal: { amount: 600_00, currency: 'KES' },
      discount: { amount: 100_00 },
      shipping: { amount: 0 },
      tax: { amount: 80_00 },
      total: { amount: 580_00 },
      taxIncluded: false,
      taxRate: 1600,
      coupon: { id: c.id, code: c.code, type: 'fixed' },
      shippingMethod: { id: m.id },
    });
  });

  it('uses the region’s tax rate over the country’s, and a saved address by id', async () => {
    const v = await makeVariant(t, shop, { price: 1_000_00 });
    const me = await shopper([{ variantId: v.variantId, quantity: 1 }]);
    const m = await method({});
    const saved = (await api('POST', '/addresses', me.auth, mombasa)).json();
    const quote = (
      await api('POST', '/checkout/quote', me.auth, { addressId: saved.id, shippingMethodId: m.id })
    ).json();
    expect(quote).toMatchObject({
      taxRate: 1000,
      tax: { amount: 100_00 },
      shipping: { amount: 300_00 },
      total: { amount: 1_400_00 },
    });
    const other = await makeUser(t);
    const theirs = await api('POST', '/checkout/quote', other.auth, {
      addressId: saved.id,
      shippingMethodId: m.id,
    });
    expect(theirs.statusCode).toBe(404);
  });

  it('extracts tax from tax-inclusive prices (PRICES_INCLUDE_TAX)', async () => {
    const v = await makeVariant(t, shop, { price: 1_160_00 });
    const me = await shopper([{ variantId: v.variantId, quantity: 1 }]);
    const m = await method({});
    const ctx = { ...contextFor(t.platform), config: { ...t.config, pricesIncludeTax: true } };
    const { lines } = await readCheckoutCart(ctx, me.user.id);
    const quote = await quoteCheckout(ctx, {
      userId: me.user.id,
      cartLines: lines,
      shippingAddress: nairobi,
      shippingMethodId: m.id,
    });
    expect(quote).toMatchObject({
      tax: { amount: 160_00 },
      total: { amount: 1_160_00 + 300_00 },
      taxIncluded: true,
    });
  });

  it('refuses prices and unknown fields, an empty cart, both or no address, and a method that does not deliver there', async () => {
    const v = await makeVariant(t, shop);
    const me = await shopper([{ variantId: v.variantId, quantity: 1 }]);
    const m = await method({ countries: ['UG'] });
    const ok = await method({});
    const quote = (body: object, who = me) => api('POST', '/checkout/quote', who.auth, body);
    const priced = await quote({ shippingAddress: nairobi, shippingMethodId: ok.id, total: 1 });
    expect(priced.statusCode).toBe(400);
    const both = await quote({ shippingAddress: nairobi, addressId: randomUUID(), shippingMethodId: ok.id });
    expect(both.statusCode).toBe(400);
    expect((await quote({ shippingMethodId: ok.id })).statusCode).toBe(400);
    const far = await quote({ shippingAddress: nairobi, shippingMethodId: m.id });
    expect(far.statusCode).toBe(400);
    expect(far.json().errors[0].path).toBe('shippingMethodId');
    expect((await quote({ shippingAddress: nairobi, shippingMethodId: randomUUID() })).statusCode).toBe(400);
    const empty = await quote({ shippingAddress: nairobi, shippingMethodId: ok.id }, await makeUser(t));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().detail).toBe('Your cart is empty');
    expect(
      (await api('POST', '/checkout/quote', {}, { shippingAddress: nairobi, shippingMethodId: ok.id }))
        .statusCode,
    ).toBe(401);
  });

  it('a cart line beyond stock or no longer for sale is 409 out_of_stock naming each line', async () => {
    const low = await makeVariant(t, shop, { stock: 5 });
    const gone = await makeVariant(t, shop, { stock: 5 });
    const me = await shopper([
      { variantId: low.variantId, quantity: 4 },
      { variantId: gone.variantId, quantity: 1 },
    ]);
    await api('PATCH', `/products/${low.productId}/variants/${low.variantId}`, shop.seller.auth, {
      stock: 2,
    });
    await api('PATCH', `/products/${gone.productId}`, shop.seller.auth, { status: 'archived' });
    const m = await method({});
    const res = await api('POST', '/checkout/quote', me.auth, {
      shippingAddress: nairobi,
      shippingMethodId: m.id,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'out_of_stock',
      lines: [
        { variantId: low.variantId, requested: 4, available: 2 },
        { variantId: gone.variantId, requested: 1, available: 0 },
      ],
    });
  });

  it('explains each unusable coupon with 422 coupon_unavailable', async () => {
    const v = await makeVariant(t, shop, { price: 1_500_00 });
    const me = await shopper([{ variantId: v.variantId, quantity: 1 }]);
    const m = await method({});
    const hour = 3600 * 1000;
    const cases: [Record<string, unknown> | string, RegExp][] = [
      ['NO-SUCH-CODE', /no coupon with the code NO-SUCH-CODE/],
      [{ type: 'fixed', value: 10, enabled: false }, /is not active/],
      [{ type: 'fixed', value: 10, endsAt: new Date(Date.now() - hour).toISOString() }, /expired on/],
      [
        { type: 'fixed', value: 10, startsAt: new Date(Date.now() + 48 * hour).toISOString() },
        /is valid from/,
      ],
      [
        { type: 'percent', value: 10, minSubtotal: 2_000_00 },
        /Add KES 500\.00 more .* subtotal of KES 2,000\.00/,
      ],
    ];
    for (const [spec, detail] of cases) {
      const couponCode = typeof spec === 'string' ? spec : (await coupon(spec)).code;
      const res = await api('POST', '/checkout/quote', me.auth, {
        shippingAddress: nairobi,
        shippingMethodId: m.id,
        couponCode,
      });
      expect(res.statusCode, couponCode).toBe(422);
      expect(res.json().code).toBe('coupon_unavailable');
      expect(res.json().detail).toMatch(detail);
    }
  });

  it('a used-up coupon and one the customer already used are 422; a cancelled order gives its use back once', async () => {
    const v = await makeVariant(t, shop);
    const me = await shopper([{ variantId: v.variantId, quantity: 1 }]);
    const m = await method({});
    const once = await coupon({ type: 'free_shipping', perCustomerLimit: 1 });
    const single = await coupon({ type: 'fixed', value: 100, usageLimit: 1 });
    const ctx = contextFor(t.platform);
    const orderId = randomUUID();
    const someoneElse = await makeUser(t);
    await withTx(ctx, async (tx) => {
      await redeemCoupon(tx, { couponId: once.id, userId: me.user.id, orderId });
      await redeemCoupon(tx, {
        couponId: single.id,
        userId: someoneElse.user.id,
        orderId: randomUUID(),
      });
    });
    const quote = (couponCode: string) =>
      api('POST', '/checkout/quote', me.auth, {
        shippingAddress: nairobi,
        shippingMethodId: m.id,
        couponCode,
      });
    expect((await quote(once.code)).json().detail).toMatch(/already used/);
    expect((await quote(single.code)).json().detail).toMatch(/used up/);
    await expect(
      redeemCoupon(ctx, { couponId: once.id, userId: me.user.id, orderId: randomUUID() }),
    ).rejects.toMatchObject({
      code: 'coupon_unavailable',
    });

    expect(await releaseCoupon(ctx, { orderId })).toBe(true);
    expect(await releaseCoupon(ctx, { orderId })).toBe(false);
    expect((await api('GET', `/coupons/${once.id}`, admin)).json().usedCount).toBe(0);
    expect((await quote(once.code)).statusCode).toBe(200);
  });
});

describe.skipIf(skipUnless('postgres', 'parallel coupon redemptions'))(
  'coupon limits under concurrency',
  () => {
    it('50 parallel redemptions of a 10-use coupon: exactly 10 succeed, the rest 422', async () => {
      const c = await coupon({ type: 'percent', value: 10, usageLimit: 10 });
      const users = await Promise.all(Array.from({ length: 50 }, () => makeUser(t)));
      const results = await Promise.allSettled(
        users.map((u) =>
          withTx(contextFor(t.platform), (tx) =>
            redeemCoupon(tx, { couponId: c.id, userId: u.user.id, orderId: randomUUID() }),
          ),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(refused).toHaveLength(40);
      for (const r of refused) expect(r.reason).toBeInstanceOf(AppError);
      for (const r of refused) expect((r.reason as AppError).code).toBe('coupon_unavailable');
      const { rows } = (await t.db.execute(
        sql`select used_count, (select count(*)::int from coupon_redemptions where coupon_id = ${c.id}::uuid) as n
            from coupons where id = ${c.id}::uuid`,
      )) as unknown as { rows: { used_count: number; n: number }[] };
      expect(rows[0]).toEqual({ used_count: 10, n: 10 });
    });

    it('one customer redeeming a once-per-customer coupon 10 times at once succeeds once', async () => {
      const c = await coupon({ type: 'fixed', value: 100, perCustomerLimit: 1 });
      const me = await makeUser(t);
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () =>
          withTx(contextFor(t.platform), (tx) =>
            redeemCoupon(tx, { couponId: c.id, userId: me.user.id, orderId: randomUUID() }),
          ),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    });
  },
);

// Last in the file: it empties the shipping methods and tax rates the tests above made.
describe('demo data', () => {
  it('the demo seed adds Kenyan methods, VAT and coupons, only those missing', async () => {
    await t.db.execute(sql`delete from shipping_methods`);
    await t.db.execute(sql`delete from tax_rates`);
    const demo = { password: '', sellers: [], customers: [] };
    await checkoutModule.seed!.load(t.platform, {}, demo);
    await checkoutModule.seed!.load(t.platform, {}, demo);
    const names = async (query: string) =>
      (await api('GET', `/shipping-methods${query}`)).json().items.map((m: { name: string }) => m.name);
    expect(await names('?country=KE&region=Nairobi')).toEqual([
      'Nairobi same-day',
      'Kenya standard',
      'International',
    ]);
    expect(await names('?country=KE&region=Kisumu')).toEqual(['Kenya standard', 'International']);
    expect(await names('?country=TZ')).toEqual(['International']);
    expect((await api('GET', '/tax-rates', admin)).json().items).toEqual([
      expect.objectContaining({ country: 'KE', region: null, rate: 1600 }),
    ]);
    const codes = (await api('GET', '/coupons?pageSize=100', admin))
      .json()
      .items.map((c: { code: string }) => c.code);
    expect(codes).toEqual(expect.arrayContaining(['KARIBU10', 'FREESHIP', 'SAVE500']));
  });
});
