import { describe, expect, it } from 'vitest';
import { contextFor } from '../../platform/context.js';
import { makeUser } from '../../test/factories.js';
import { buildTestApp } from '../../test/harness.js';
import { findVariantsForCart } from '../catalog/index.js';
import { apiCall, makeShop, makeVariant } from '../catalog/stock.test-shop.js';
import { expireUnpaidOrder } from './jobs.js';
import { placeTestOrder } from './orders.test-shop.js';

// Many requests from one address while other files run: the per-IP limit is not under test here.
const t = await buildTestApp({ worker: false, env: { RATE_LIMIT_DISABLED: 'true' } });
const api = apiCall(t);
const shop = await makeShop(t);
const stockOf = async (variantId: string) =>
  (await findVariantsForCart({ ...contextFor(t.platform) }, [variantId]))[0]!.stock;

describe('order lifecycle', () => {
  it('cancelling twice gives the stock back once and the second answers 409 illegal_transition', async () => {
    const buyer = await makeUser(t);
    const v = await makeVariant(t, shop, { stock: 5 });
    const order = await placeTestOrder(t, buyer, [{ variantId: v.variantId, quantity: 2 }]);
    expect(order).toMatchObject({
      status: 'pending_payment',
      paymentStatus: 'unpaid',
      payments: [],
      shipments: [],
    });
    expect(order.number).toMatch(/^SK-[0-9A-Z]{5,9}$/);
    expect(await stockOf(v.variantId)).toBe(3);

    const [first, second] = await Promise.all([
      api('POST', `/orders/${order.id}/cancel`, buyer.auth, {}),
      api('POST', `/orders/${order.id}/cancel`, buyer.auth, {}),
    ]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 409]);
    const conflict = first.statusCode === 409 ? first : second;
    expect(conflict.json()).toMatchObject({ code: 'illegal_transition', from: 'cancelled', to: 'cancelled' });
    expect(await stockOf(v.variantId)).toBe(5);
    const again = await api('POST', `/orders/${order.id}/cancel`, buyer.auth, {});
    expect(again.statusCode).toBe(409);
    expect(await stockOf(v.variantId)).toBe(5);

    const detail = (await api('GET', `/orders/${order.id}`, buyer.auth)).json();
    expect(detail.status).toBe('cancelled');
    expect(detail.items[0].status).toBe('cancelled');
    expect(detail.history.map((h: { from: string | null; to: string }) => [h.from, h.to])).toEqual([
      [null, 'pending_payment'],
      ['pending_payment', 'cancelled'],
    ]);
    expect(detail.history[1].actor).toEqual({ id: buyer.user.id, role: 'customer' });
  });

  it('another customer’s order is 404 to read and to cancel, and absent from their list', async () => {
    const owner = await makeUser(t);
    const other = await makeUser(t);
    const v = await makeVariant(t, shop);
    const order = await placeTestOrder(t, owner, [{ variantId: v.variantId, quantity: 1 }]);
    for (const res of [
      await api('GET', `/orders/${order.id}`, other.auth),
      await api('POST', `/orders/${order.id}/cancel`, other.auth, {}),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('not_found');
    }
    expect((await api('GET', '/orders', other.auth)).json().total).toBe(0);
    expect((await api('GET', `/orders/${order.id}`, shop.admin.auth)).statusCode).toBe(200);
    const mine = (await api('GET', '/orders?status=pending_payment', owner.auth)).json();
    expect(mine).toMatchObject({ total: 1, items: [{ id: order.id }] });
  });

  it('an illegal transition answers 409 and changes nothing', async () => {
    const buyer = await makeUser(t);
    const v = await makeVariant(t, shop);
    const order = await placeTestOrder(t, buyer, [{ variantId: v.variantId, quantity: 1 }]);
    const res = await api('PATCH', `/orders/${order.id}/status`, shop.admin.auth, { status: 'shipped' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'illegal_transition', from: 'pending_payment', to: 'shipped' });
    expect((await api('GET', `/orders/${order.id}`, buyer.auth)).json().status).toBe('pending_payment');
    const byCustomer = await api('PATCH', `/orders/${order.id}/status`, buyer.auth, { status: 'paid' });
    expect(byCustomer.statusCode).toBe(403);
  });

  it('sellers move their own lines and the order is shipped only when every line is, delivered when every line is', async () => {
    const buyer = await makeUser(t);
    const other = await makeUser(t, { role: 'seller', name: 'Other Seller' });
    const a = await makeVariant(t, shop, { price: 1000 });
    const b = await makeVariant(t, shop, { price: 2000, seller: other });
    const order = await placeTestOrder(
      t,
      buyer,
      [
        { variantId: a.variantId, quantity: 1 },
        { variantId: b.variantId, quantity: 2 },
      ],
      'cod',
    );
    expect(order).toMatchObject({ status: 'confirmed', paymentStatus: 'pending' });

    const sellerView = (await api('GET', '/seller/orders', shop.seller.auth)).json();
    const mine = sellerView.items.find((o: { id: string }) => o.id === order.id);
    expect(mine.items.map((i: { variantId: string }) => i.variantId)).toEqual([a.variantId]);

    const shipped = await api('PATCH', `/orders/${order.id}/status`, shop.seller.auth, { status: 'shipped' });
    expect(shipped.statusCode, shipped.body).toBe(200);
    expect(shipped.json()).toMatchObject({ status: 'processing', items: [{ status: 'shipped' }] });
    const back = await api('PATCH', `/orders/${order.id}/status`, shop.seller.auth, { status: 'processing' });
    expect(back.statusCode).toBe(409);

    const outsider = await makeUser(t, { role: 'seller' });
    expect(
      (await api('PATCH', `/orders/${order.id}/status`, outsider.auth, { status: 'shipped' })).statusCode,
    ).toBe(404);

    const done = await api('PATCH', `/orders/${order.id}/status`, other.auth, { status: 'shipped' });
    expect(done.json()).toMatchObject({ status: 'shipped' });
    const delivered = await api('PATCH', `/orders/${order.id}/status`, shop.admin.auth, {
      status: 'delivered',
    });
    expect(delivered.json().status).toBe('delivered');
    expect(delivered.json().items.map((i: { status: string }) => i.status)).toEqual([
      'delivered',
      'delivered',
    ]);
    const history = delivered.json().history.map((h: { to: string }) => h.to);
    expect(history).toEqual(['confirmed', 'processing', 'shipped', 'delivered']);
    const cancel = await api('POST', `/orders/${order.id}/cancel`, buyer.auth, {});
    expect(cancel.statusCode).toBe(409);
  });

  it('an unpaid order is cancelled after the payment timeout and its stock goes back', async () => {
    const buyer = await makeUser(t);
    const v = await makeVariant(t, shop, { stock: 4 });
    const order = await placeTestOrder(t, buyer, [{ variantId: v.variantId, quantity: 3 }]);
    const ctx = contextFor(t.platform);
    expect(await expireUnpaidOrder(ctx, order.id)).toBe(false);
    const later = { ...ctx, now: new Date(Date.now() + (t.config.orderPaymentTimeoutMinutes + 1) * 60_000) };
    expect(await expireUnpaidOrder(later, order.id)).toBe(true);
    expect(await expireUnpaidOrder(later, order.id)).toBe(false);
    expect(await stockOf(v.variantId)).toBe(4);
    const detail = (await api('GET', `/orders/${order.id}`, buyer.auth)).json();
    expect(detail.history.at(-1)).toMatchObject({ to: 'cancelled', actor: { role: 'system' } });
  });

  it('admin lists orders by status, payment status, customer and number', async () => {
    const buyer = await makeUser(t, { email: `filter-${Date.now()}@example.com` });
    const v = await makeVariant(t, shop);
    const cod = await placeTestOrder(t, buyer, [{ variantId: v.variantId, quantity: 1 }], 'cod');
    const mpesa = await placeTestOrder(t, buyer, [{ variantId: v.variantId, quantity: 1 }], 'mpesa');
    const list = (q: string) => api('GET', `/orders/admin?${q}`, shop.admin.auth).then((r) => r.json());
    expect((await list(`customer=${buyer.user.id}`)).total).toBe(2);
    expect(
      (await list(`customer=${encodeURIComponent(buyer.user.email.slice(0, 12))}&status=confirmed`)).items,
    ).toEqual([expect.objectContaining({ id: cod.id })]);
    expect((await list(`q=${mpesa.number}`)).items[0].id).toBe(mpesa.id);
    expect((await list(`q=${mpesa.number.toLowerCase()}&paymentStatus=unpaid`)).total).toBe(1);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await list(`from=${encodeURIComponent(future)}`)).total).toBe(0);
    expect((await api('GET', '/orders/admin', buyer.auth)).statusCode).toBe(403);
    expect((await api('GET', '/orders/admin?pageSize=101', shop.admin.auth)).statusCode).toBe(400);
  });
});
