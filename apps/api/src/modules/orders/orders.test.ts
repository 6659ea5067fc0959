import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contextFor } from '../../platform/context.js';
import { makeUser, type MadeUser } from '../../test/factories.js';
import { buildTestApp } from '../../test/harness.js';
import { skipUnless } from '../../test/services.js';
import { findVariantsForCart } from '../catalog/index.js';
import { apiCall, makeShop, makeVariant } from '../catalog/stock.test-shop.js';
import { orderNumber, orderNumberOf } from './number.js';
import { testAddress } from './orders.test-shop.js';

// Hundreds of requests from one address: the per-IP limit is for the open internet, not this test.
const t = await buildTestApp({ env: { RATE_LIMIT_DISABLED: 'true' } });
const api = apiCall(t);
const shop = await makeShop(t);
const method = await api('POST', '/shipping-methods', shop.admin.auth, { name: 'Standard', price: 300 });
const shippingMethodId = method.json().id as string;
const stockOf = async (variantId: string) =>
  (await findVariantsForCart(contextFor(t.platform), [variantId]))[0]!.stock;

const orderBody = (extra: Record<string, unknown> = {}) => ({
  shippingAddress: { ...testAddress, line2: undefined, region: undefined, postalCode: undefined },
  shippingMethodId,
  paymentMethod: 'mpesa',
  ...extra,
});
const place = (buyer: MadeUser, body: object = orderBody(), key: string | null = randomUUID()) =>
  api('POST', '/orders', { ...buyer.auth, ...(key ? { 'idempotency-key': key } : {}) }, body);
const addToCart = async (buyer: MadeUser, variantId: string, quantity: number) => {
  const res = await api('POST', '/cart/items', buyer.auth, { variantId, quantity });
  expect(res.statusCode, res.body).toBeLessThan(300);
};
/** Setup in batches of 20: the pool has 10 connections and setup is not what is under test. */
const inBatches = async <T>(items: T[], fn: (item: T) => Promise<unknown>) => {
  for (let i = 0; i < items.length; i += 20) await Promise.all(items.slice(i, i + 20).map(fn));
};
const cartOf = async (buyer: MadeUser) => (await api('GET', '/cart', buyer.auth)).json();

describe('placing an order', () => {
  it('writes the cart as an order at server prices, empties the cart and mails a confirmation', async () => {
    const buyer = await makeUser(t);
    const a = await makeVariant(t, shop, { price: 1_500, stock: 5 });
    const b = await makeVariant(t, shop, { price: 2_000, stock: 5 });
    await addToCart(buyer, a.variantId, 2);
    await addToCart(buyer, b.variantId, 1);
    const res = await place(buyer);
    expect(res.statusCode, res.body).toBe(201);
    const order = res.json();
    expect(order).toMatchObject({
      status: 'pending_payment',
      paymentStatus: 'unpaid',
      paymentMethod: 'mpesa',
      subtotal: { amount: 5_000 },
      discount: { amount: 0 },
      shipping: { amount: 300 },
      total: { amount: 5_300 + order.tax.amount },
      couponCode: null,
      shippingAddress: { fullName: testAddress.fullName, country: 'KE', line2: null },
      shippingMethod: { id: shippingMethodId, name: 'Standard', price: { amount: 300 } },
      payments: [],
      shipments: [],
      history: [{ from: null, to: 'pending_payment', actor: { id: buyer.user.id, role: 'customer' } }],
    });
    expect(order.number.length).toBeLessThanOrEqual(12);
    expect(order.items).toEqual([
      expect.objectContaining({
        variantId: a.variantId,
        quantity: 2,
        unitPrice: { amount: 1_500, currency: 'KES' },
        lineTotal: { amount: 3_000, currency: 'KES' },
        status: 'pending',
      }),
      expect.objectContaining({
        variantId: b.variantId,
        quantity: 1,
        lineTotal: { amount: 2_000, currency: 'KES' },
      }),
    ]);
    expect(await stockOf(a.variantId)).toBe(3);
    expect((await cartOf(buyer)).items).toEqual([]);
    const mail = await t.mail.waitFor(buyer.user.email, (m) => m.subject.includes(order.number));
    expect(mail.text).toContain('Total');
    // The answer is built from what was written, not read back: reading it back answers the same.
    expect((await api('GET', `/orders/${order.id}`, buyer.auth)).json()).toEqual(order);
  });

  it('numbers orders in SQL exactly as orderNumber does, one sequence value per order', async () => {
    const values = [
      0,
      1,
      31,
      32,
      1023,
      1024,
      32 ** 5 - 1,
      32 ** 5,
      2 ** 40 + 12_345,
      Number.MAX_SAFE_INTEGER,
    ];
    for (const n of values) {
      const { rows } = (await t.db.execute(sql`select ${orderNumberOf(sql`${n}`)} as v`)) as unknown as {
        rows: { v: string }[];
      };
      expect(rows[0]!.v, String(n)).toBe(orderNumber(n));
    }
    const buyer = await makeUser(t);
    const numbers: string[] = [];
    for (let i = 0; i < 2; i++) {
      await addToCart(buyer, (await makeVariant(t, shop)).variantId, 1);
      numbers.push((await place(buyer)).json().number);
    }
    const { rows } = (await t.db.execute(sql`select last_value from order_number_seq`)) as unknown as {
      rows: { last_value: number }[];
    };
    expect(numbers).toEqual([
      orderNumber(Number(rows[0]!.last_value) - 1),
      orderNumber(Number(rows[0]!.last_value)),
    ]);
  });

  it('cash on delivery is confirmed at once with a pending payment', async () => {
    const buyer = await makeUser(t);
    const v = await makeVariant(t, shop);
    await addToCart(buyer, v.variantId, 1);
    const res = await place(buyer, orderBody({ paymentMethod: 'cod' }));
    expect(res.json()).toMatchObject({ status: 'confirmed', paymentStatus: 'pending' });
    expect(res.json().payments).toMatchObject([
      { method: 'cod', status: 'pending', amount: res.json().total },
    ]);
    // This app runs with RATE_LIMIT_DISABLED: no limiter at all, so no per-request count either.
    expect(res.headers['x-ratelimit-limit']).toBeUndefined();
  });

  it('refuses bad bodies and bad cart quantities with 400 and places nothing', async () => {
    const buyer = await makeUser(t);
    const v = await makeVariant(t, shop, { stock: 5 });
    for (const quantity of [0, -1, 1.5, 1e9]) {
      const res = await api('POST', '/cart/items', buyer.auth, { variantId: v.variantId, quantity });
      expect(res.statusCode, `quantity ${quantity}`).toBe(400);
    }
    await addToCart(buyer, v.variantId, 1);
    for (const body of [
      orderBody({ total: 1 }),
      orderBody({ paymentMethod: 'cash' }),
      orderBody({ shippingMethodId: 'nope' }),
      { shippingMethodId, paymentMethod: 'cod' },
      orderBody({ addressId: randomUUID() }),
      orderBody({ shippingAddress: { ...testAddress, country: 'XX' } }),
    ]) {
      const res = await place(buyer, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    const noKey = await place(buyer, orderBody(), null);
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json().code).toBe('idempotency_key_required');
    expect((await api('GET', '/orders', buyer.auth)).json().total).toBe(0);
    expect(await stockOf(v.variantId)).toBe(5);
    expect((await api('POST', '/orders', {}, orderBody())).statusCode).toBe(401);
  });

  it('sold out answers 409 out_of_stock naming each line and places nothing', async () => {
    const buyer = await makeUser(t);
    const rival = await makeUser(t);
    const a = await makeVariant(t, shop, { stock: 3 });
    const b = await makeVariant(t, shop, { stock: 3 });
    await addToCart(buyer, a.variantId, 2);
    await addToCart(buyer, b.variantId, 2);
    await addToCart(rival, a.variantId, 2);
    expect((await place(rival)).statusCode).toBe(201);
    const res = await place(buyer);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'out_of_stock',
      lines: [{ variantId: a.variantId, requested: 2, available: 1 }],
    });
    expect(await stockOf(b.variantId)).toBe(3);
    expect((await cartOf(buyer)).items).toHaveLength(2);
    expect((await api('GET', '/orders', buyer.auth)).json().total).toBe(0);
  });

  it('a replay with the same key answers the first order; another body under it answers 422', async () => {
    const buyer = await makeUser(t);
    const v = await makeVariant(t, shop, { stock: 5 });
    await addToCart(buyer, v.variantId, 1);
    const key = randomUUID();
    const first = await place(buyer, orderBody(), key);
    const again = await place(buyer, orderBody(), key);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    const reused = await place(buyer, orderBody({ paymentMethod: 'cod' }), key);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('idempotency_key_reused');
    expect((await api('GET', '/orders', buyer.auth)).json().total).toBe(1);
    expect(await stockOf(v.variantId)).toBe(4);
  });

  // M-Pesa: the session, the key, the cart, the shipping methods, the order, two jobs (the
  // confirmation mail, the payment timeout), the stock, the key's answer. Cash on delivery: no
  // timeout, and its pending payment is written by the order's own statement.
  it.each([
    ['mpesa', 9],
    ['cod', 8],
  ])(
    'sends the same statements for 1 line and for 10 (%s: %i), and only 1 after taking the stock locks',
    async (paymentMethod, expected) => {
      for (const n of [1, 10]) {
        const buyer = await makeUser(t);
        for (let i = 0; i < n; i++) await addToCart(buyer, (await makeVariant(t, shop)).variantId, 1);
        const { result, queries } = await t.countQueries(() => place(buyer, orderBody({ paymentMethod })));
        expect(result.statusCode, result.body).toBe(201);
        if (paymentMethod === 'cod') {
          const [payment] = result.json().payments;
          expect(payment).toMatchObject({ method: 'cod', status: 'pending', amount: result.json().total });
          const detail = await api('GET', `/orders/${result.json().id}`, buyer.auth);
          expect(detail.json().payments).toEqual(result.json().payments);
        }
        // begin and commit are not statements on PGlite; on PostgreSQL they are two more round trips.
        const statements = queries.filter((q) => !/^\s*(begin|commit)\b/i.test(q));
        expect(statements, `${n} lines`).toHaveLength(expected);
        // The hot rows (variants, then their products, in one statement) are locked last: after
        // them only the idempotency answer, then the commit.
        const lockAt = statements.findIndex((q) => /^\s*with wanted\b.*for update of v/is.test(q));
        expect(statements.slice(lockAt + 1).map((q) => q.trim().slice(0, 30))).toEqual([
          'update "idempotency_keys" set ',
        ]);
      }
    },
  );
});

describe.skipIf(skipUnless('postgres', 'parallel checkouts'))(
  'placing orders in parallel (real PostgreSQL)',
  () => {
    it('200 buyers for a variant with 50 in stock: exactly 50 orders, stock 0, the rest 409 out_of_stock', async () => {
      const v = await makeVariant(t, shop, { stock: 50 });
      const buyers = await Promise.all(Array.from({ length: 200 }, () => makeUser(t)));
      await inBatches(buyers, (b) => addToCart(b, v.variantId, 1));
      const answers = await Promise.all(buyers.map((b) => place(b)));
      const codes = answers.map((a) => a.statusCode);
      const other = answers.filter((a) => a.statusCode !== 201 && a.statusCode !== 409);
      expect(other.map((a) => `${a.statusCode} ${a.body}`)).toEqual([]);
      expect(codes.filter((c) => c === 201)).toHaveLength(50);
      expect(codes.filter((c) => c === 409)).toHaveLength(150);
      for (const a of answers.filter((x) => x.statusCode === 409)) expect(a.json().code).toBe('out_of_stock');
      expect(await stockOf(v.variantId)).toBe(0);
      for (const a of answers.filter((x) => x.statusCode === 201)) expect(a.json().items[0].quantity).toBe(1);
    });

    it('the same Idempotency-Key 20 times in parallel places one order', async () => {
      const buyer = await makeUser(t);
      const v = await makeVariant(t, shop, { stock: 10 });
      await addToCart(buyer, v.variantId, 2);
      const key = randomUUID();
      const answers = await Promise.all(Array.from({ length: 20 }, () => place(buyer, orderBody(), key)));
      const created = answers.filter((a) => a.statusCode === 201);
      expect(new Set(created.map((a) => a.json().id)).size).toBe(1);
      for (const a of answers.filter((x) => x.statusCode !== 201))
        expect(a.json().code).toBe('idempotency_in_progress');
      expect((await api('GET', '/orders', buyer.auth)).json().total).toBe(1);
      expect(await stockOf(v.variantId)).toBe(8);
    });

    it('one cart placed 10 times at once under different keys: one order, the others 400 for the empty cart', async () => {
      const buyer = await makeUser(t);
      const v = await makeVariant(t, shop, { stock: 10 });
      await addToCart(buyer, v.variantId, 2);
      const answers = await Promise.all(Array.from({ length: 10 }, () => place(buyer)));
      const codes = answers.map((a) => a.statusCode);
      expect(
        codes.filter((c) => c === 201),
        answers.map((a) => a.body).join('\n'),
      ).toHaveLength(1);
      for (const a of answers.filter((x) => x.statusCode !== 201)) {
        expect(a.statusCode).toBe(400);
        expect(a.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'cart' }] });
      }
      expect((await api('GET', '/orders', buyer.auth)).json().total).toBe(1);
      expect(await stockOf(v.variantId)).toBe(8);
      expect((await cartOf(buyer)).items).toEqual([]);
    });

    it('a coupon limited to 10 uses and 50 parallel orders: exactly 10 placed, the rest 422 with nothing placed', async () => {
      const code = `TEN${Date.now()}`;
      const coupon = await api('POST', '/coupons', shop.admin.auth, {
        code,
        type: 'percent',
        value: 10,
        usageLimit: 10,
      });
      expect(coupon.statusCode, coupon.body).toBe(201);
      const v = await makeVariant(t, shop, { stock: 100 });
      const buyers = await Promise.all(Array.from({ length: 50 }, () => makeUser(t)));
      await inBatches(buyers, (b) => addToCart(b, v.variantId, 1));
      const answers = await Promise.all(buyers.map((b) => place(b, orderBody({ couponCode: code }))));
      const codes = answers.map((a) => a.statusCode);
      expect(codes.filter((c) => c === 201)).toHaveLength(10);
      expect(codes.filter((c) => c === 422)).toHaveLength(40);
      for (const a of answers.filter((x) => x.statusCode === 422))
        expect(a.json().code).toBe('coupon_unavailable');
      for (const a of answers.filter((x) => x.statusCode === 201)) expect(a.json().couponCode).toBe(code);
      expect(await stockOf(v.variantId)).toBe(90);
      const carts = await Promise.all(buyers.map((b) => cartOf(b)));
      const left = carts.map((c, i) => ({ ok: codes[i] === 201, items: c.items?.length, c }));
      for (const l of left) expect(l.items, JSON.stringify(l.c)).toBe(l.ok ? 0 : 1);
    });
  },
);
