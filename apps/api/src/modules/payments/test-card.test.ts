import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { makeUser, type MadeUser } from '../../test/factories.js';
import { buildTestApp } from '../../test/harness.js';
import { apiCall, makeShop, makeVariant } from '../catalog/stock.test-shop.js';
import { placeTestOrder } from '../orders/orders.test-shop.js';

const t = await buildTestApp({ env: { RATE_LIMIT_DISABLED: 'true' } });
const api = apiCall(t);
const shop = await makeShop(t);
let keys = 0;
const key = () => ({ 'idempotency-key': `test-card-${++keys}-${Date.now()}` });

const orderRow = async (id: string) => {
  const { rows } = (await t.db.execute(
    sql`select status, payment_status from orders where id = ${id}`,
  )) as unknown as { rows: { status: string; payment_status: string }[] };
  return rows[0]!;
};
const until = async (check: () => Promise<boolean>, timeoutMs = 8000) => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 100));
  }
};
const startCard = async (buyer: MadeUser, orderId: string) => {
  const res = await api('POST', '/payments', { ...buyer.auth, ...key() }, { orderId, method: 'stripe' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().paymentId as string;
};

describe('POST /payments/{id}/test-card (sandbox Stripe)', () => {
  it('a declined card fails the attempt with the reason; a new attempt with 4242 pays the order', async () => {
    const buyer = await makeUser(t);
    const variant = await makeVariant(t, shop, { price: 2_000_00 });
    const order = await placeTestOrder(
      t,
      buyer,
      [{ variantId: variant.variantId, quantity: 1 }],
      'stripe',
      0,
    );

    const first = await startCard(buyer, order.id);
    const declined = await api('POST', `/payments/${first}/test-card`, buyer.auth, {
      cardNumber: '4000 0000 0000 0002',
    });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json()).toMatchObject({ paymentId: first, status: 'failed' });
    expect(declined.json().message).toMatch(/declined/i);
    await until(async () => (await orderRow(order.id)).payment_status === 'failed');
    expect((await orderRow(order.id)).status).toBe('pending_payment');

    const again = await api('POST', `/payments/${first}/test-card`, buyer.auth, {
      cardNumber: '4242424242424242',
    });
    expect(again.statusCode).toBe(409);

    const second = await startCard(buyer, order.id);
    expect(second).not.toBe(first);
    const paid = await api('POST', `/payments/${second}/test-card`, buyer.auth, {
      cardNumber: '4242424242424242',
    });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json().status).toBe('paid');
    await until(async () => (await orderRow(order.id)).status === 'paid');
  });

  it("refuses another customer's payment (404), an unknown card (400) and bad input (400)", async () => {
    const buyer = await makeUser(t);
    const stranger = await makeUser(t);
    const variant = await makeVariant(t, shop, { price: 500_00 });
    const order = await placeTestOrder(
      t,
      buyer,
      [{ variantId: variant.variantId, quantity: 1 }],
      'stripe',
      0,
    );
    const id = await startCard(buyer, order.id);
    const card = { cardNumber: '4242424242424242' };
    expect((await api('POST', `/payments/${id}/test-card`, stranger.auth, card)).statusCode).toBe(404);
    const unknown = await api('POST', `/payments/${id}/test-card`, buyer.auth, {
      cardNumber: '5555555555554444',
    });
    expect(unknown.statusCode).toBe(400);
    expect((await api('POST', `/payments/${id}/test-card`, buyer.auth, { cardNumber: 'x' })).statusCode).toBe(
      400,
    );
    expect((await orderRow(order.id)).status).toBe('pending_payment');
  });
});
