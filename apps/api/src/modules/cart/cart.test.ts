import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contextFor, withTx } from '../../platform/context.js';
import { buildTestApp } from '../../test/harness.js';
import { makeUser } from '../../test/factories.js';
import { skipUnless } from '../../test/services.js';
import { apiCall, makeShop, makeVariant } from '../catalog/stock.test-shop.js';
import { mergeGuestCart, readCheckoutCart } from './index.js';

const t = await buildTestApp({ worker: false });
const api = apiCall(t);
const shop = await makeShop(t);
const guest = (token: string) => ({ 'x-cart-token': token });

/** A guest cart holding `quantity` of the variant; answers its token. */
async function guestCartWith(variantId: string, quantity: number): Promise<string> {
  const res = await api('POST', '/cart/items', {}, { variantId, quantity });
  expect(res.statusCode, res.body).toBe(200);
  return res.headers['x-cart-token'] as string;
}

describe('guest cart', () => {
  it('the first write creates a guest cart and answers its token; the token finds it again', async () => {
    const v = await makeVariant(t, shop, { price: 450_00, stock: 10 });
    const first = await api('POST', '/cart/items', {}, { variantId: v.variantId, quantity: 2 });
    expect(first.statusCode, first.body).toBe(200);
    const token = first.headers['x-cart-token'] as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(first.json().token).toBe(token);
    const again = await api('POST', '/cart/items', guest(token), { variantId: v.variantId, quantity: 3 });
    expect(again.headers['x-cart-token']).toBeUndefined();
    const cart = (await api('GET', '/cart', guest(token))).json();
    expect(cart).toMatchObject({
      id: first.json().id,
      itemCount: 5,
      subtotal: { amount: 2250_00, currency: 'KES' },
      items: [
        {
          variantId: v.variantId,
          productId: v.productId,
          slug: v.slug,
          quantity: 5,
          unitPrice: { amount: 450_00, currency: 'KES' },
          lineTotal: { amount: 2250_00, currency: 'KES' },
          available: true,
          stock: 10,
          priceChanged: false,
        },
      ],
    });
    expect(cart.token).toBeUndefined();
    // Only a hash of the token is stored.
    const { rows } = (await t.db.execute(
      sql`select count(*)::int as n from carts where token_hash = ${token}`,
    )) as unknown as { rows: { n: number }[] };
    expect(rows[0]!.n).toBe(0);
  });

  it('no cart yet, or an unknown token, is 200 with no items', async () => {
    for (const headers of [{}, guest('no-such-token')]) {
      const res = await api('GET', '/cart', headers);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        id: null,
        items: [],
        subtotal: { amount: 0, currency: 'KES' },
        itemCount: 0,
      });
    }
  });

  it('refuses quantities 0, -1, 1.5 and 10^9 and unknown fields with 400', async () => {
    const v = await makeVariant(t, shop);
    for (const quantity of [0, -1, 1.5, 1e9, '2']) {
      const res = await api('POST', '/cart/items', {}, { variantId: v.variantId, quantity });
      expect(res.statusCode, `${quantity}`).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
    const priced = await api('POST', '/cart/items', {}, { variantId: v.variantId, quantity: 1, price: 1 });
    expect(priced.statusCode).toBe(400);
    const token = await guestCartWith(v.variantId, 1);
    const line = (await api('GET', '/cart', guest(token))).json().items[0];
    for (const quantity of [-1, 1.5, 1e9]) {
      const res = await api('PATCH', `/cart/items/${line.id}`, guest(token), { quantity });
      expect(res.statusCode, `${quantity}`).toBe(400);
    }
  });

  it('adding a line beyond stock answers 409 out_of_stock with available and leaves the cart unchanged', async () => {
    const v = await makeVariant(t, shop, { stock: 3 });
    const tooMany = await api('POST', '/cart/items', {}, { variantId: v.variantId, quantity: 4 });
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json()).toMatchObject({ code: 'out_of_stock', available: 3 });
    const token = await guestCartWith(v.variantId, 2);
    const more = await api('POST', '/cart/items', guest(token), { variantId: v.variantId, quantity: 2 });
    expect(more.statusCode).toBe(409);
    expect(more.json()).toMatchObject({ code: 'out_of_stock', available: 3 });
    expect((await api('GET', '/cart', guest(token))).json().itemCount).toBe(2);
    // A refused addition creates no cart either (the account cart is otherwise made on first write).
    const me = await makeUser(t);
    const refused = await api('POST', '/cart/items', me.auth, { variantId: v.variantId, quantity: 4 });
    expect(refused.statusCode).toBe(409);
    expect((await api('GET', '/cart', me.auth)).json().id).toBeNull();
  });

  it('a variant shoppers cannot buy (unknown or archived) is 404', async () => {
    const v = await makeVariant(t, shop);
    await api('PATCH', `/products/${v.productId}`, shop.seller.auth, { status: 'archived' });
    for (const variantId of [v.variantId, crypto.randomUUID()]) {
      const res = await api('POST', '/cart/items', {}, { variantId, quantity: 1 });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('not_found');
    }
  });

  it('sets a quantity, removes with 0 or DELETE, refuses more than stock, and empties the cart', async () => {
    const a = await makeVariant(t, shop, { stock: 5 });
    const b = await makeVariant(t, shop, { stock: 5 });
    const token = await guestCartWith(a.variantId, 1);
    const cart = (
      await api('POST', '/cart/items', guest(token), { variantId: b.variantId, quantity: 1 })
    ).json();
    const [lineA, lineB] = cart.items;
    expect(
      (await api('PATCH', `/cart/items/${lineA.id}`, guest(token), { quantity: 4 })).json().itemCount,
    ).toBe(5);
    const over = await api('PATCH', `/cart/items/${lineA.id}`, guest(token), { quantity: 6 });
    expect(over.statusCode).toBe(409);
    expect(over.json()).toMatchObject({ code: 'out_of_stock', available: 5 });
    const zero = (await api('PATCH', `/cart/items/${lineA.id}`, guest(token), { quantity: 0 })).json();
    expect(zero.items.map((i: { id: string }) => i.id)).toEqual([lineB.id]);
    const removed = await api('DELETE', `/cart/items/${lineB.id}`, guest(token));
    expect(removed.json().items).toEqual([]);
    expect((await api('DELETE', `/cart/items/${lineB.id}`, guest(token))).statusCode).toBe(404);
    await api('POST', '/cart/items', guest(token), { variantId: b.variantId, quantity: 2 });
    const emptied = await api('DELETE', '/cart', guest(token));
    expect(emptied.statusCode).toBe(200);
    expect(emptied.json()).toMatchObject({ id: cart.id, items: [], itemCount: 0 });
  });

  it('another cart’s line is 404 for update and delete', async () => {
    const v = await makeVariant(t, shop);
    const mine = await guestCartWith(v.variantId, 1);
    const theirs = await guestCartWith(v.variantId, 1);
    const line = (await api('GET', '/cart', guest(mine))).json().items[0];
    expect((await api('PATCH', `/cart/items/${line.id}`, guest(theirs), { quantity: 2 })).statusCode).toBe(
      404,
    );
    expect((await api('DELETE', `/cart/items/${line.id}`, guest(theirs))).statusCode).toBe(404);
    expect((await api('DELETE', `/cart/items/${line.id}`, {})).statusCode).toBe(404);
    expect((await api('GET', '/cart', guest(mine))).json().itemCount).toBe(1);
  });
});

describe('lines show the catalogue as it is now', () => {
  it('flags a changed price, and sold-out, archived, deleted and hidden-seller lines as unavailable', async () => {
    const repriced = await makeVariant(t, shop, { price: 100_00, stock: 5 });
    const soldOut = await makeVariant(t, shop, { stock: 5 });
    const archived = await makeVariant(t, shop);
    const deleted = await makeVariant(t, shop);
    const hiddenSeller = await makeUser(t, { role: 'seller' });
    const hidden = await makeVariant(t, shop, { seller: hiddenSeller });
    const token = await guestCartWith(repriced.variantId, 2);
    for (const v of [soldOut, archived, deleted, hidden]) {
      await api('POST', '/cart/items', guest(token), { variantId: v.variantId, quantity: 1 });
    }
    const patch = (v: typeof soldOut, body: object) =>
      api('PATCH', `/products/${v.productId}/variants/${v.variantId}`, shop.seller.auth, body);
    expect((await patch(repriced, { price: 120_00 })).statusCode).toBe(200);
    expect((await patch(soldOut, { stock: 0 })).statusCode).toBe(200);
    await api('PATCH', `/products/${archived.productId}`, shop.seller.auth, { status: 'archived' });
    await api('DELETE', `/products/${deleted.productId}`, shop.seller.auth);
    // Through the users module, which keeps the catalogue's listing in step.
    const disabling = await apiCall(t)('PATCH', `/users/${hiddenSeller.user.id}`, shop.admin.auth, {
      status: 'disabled',
    });
    expect(disabling.statusCode, disabling.body).toBe(200);

    const cart = (await api('GET', '/cart', guest(token))).json();
    const line = (v: typeof soldOut) =>
      cart.items.find((i: { variantId: string }) => i.variantId === v.variantId);
    expect(line(repriced)).toMatchObject({
      unitPrice: { amount: 120_00 },
      lineTotal: { amount: 240_00 },
      priceChanged: true,
      available: true,
    });
    expect(line(soldOut)).toMatchObject({ available: false, stock: 0, priceChanged: false });
    for (const v of [archived, deleted, hidden]) expect(line(v).available).toBe(false);
    expect(cart.subtotal.amount).toBe(240_00);
    expect(cart.itemCount).toBe(6);
  });

  it('reads a cart in the same number of queries with 1 line and with 10 (no N+1)', async () => {
    const variants = await Promise.all(Array.from({ length: 10 }, () => makeVariant(t, shop)));
    const one = await guestCartWith(variants[0]!.variantId, 1);
    const ten = await guestCartWith(variants[0]!.variantId, 1);
    for (const v of variants.slice(1))
      await api('POST', '/cart/items', guest(ten), { variantId: v.variantId, quantity: 1 });
    const countFor = async (token: string) =>
      (await t.countQueries(() => api('GET', '/cart', guest(token)))).count;
    expect(await countFor(one)).toBe(2);
    expect(await countFor(ten)).toBe(2);
  });
});

describe('adding to the account cart', () => {
  it('answers the cart in 2 statements and no transaction, with or without other lines, the same as reading it back', async () => {
    const me = await makeUser(t);
    const [a, b] = await Promise.all([makeVariant(t, shop), makeVariant(t, shop, { stock: 3 })]);
    const statementsOf = (queries: string[]) => queries.map((q) => q.trim().slice(0, 20));
    const first = await t.countQueries(() =>
      api('POST', '/cart/items', me.auth, { variantId: a.variantId, quantity: 1 }),
    );
    expect(first.result.statusCode, first.result.body).toBe(200);
    // The session, then one statement: the variant, the locked cart, the upsert, the lines and
    // their variants. No begin or commit (on PostgreSQL those would be two more round trips).
    expect(statementsOf(first.queries)).toEqual(['select "users"."id",', 'with asked as (selec']);
    const second = await t.countQueries(() =>
      api('POST', '/cart/items', me.auth, { variantId: b.variantId, quantity: 2 }),
    );
    expect(statementsOf(second.queries)).toEqual(statementsOf(first.queries));
    expect(second.result.json()).toEqual((await api('GET', '/cart', me.auth)).json());
    expect(second.result.json().items.map((i: { variantId: string }) => i.variantId)).toEqual([
      a.variantId,
      b.variantId,
    ]);
    const again = await api('POST', '/cart/items', me.auth, { variantId: a.variantId, quantity: 2 });
    expect(again.json().items.map((i: { quantity: number }) => i.quantity)).toEqual([3, 2]);
    const over = await api('POST', '/cart/items', me.auth, { variantId: b.variantId, quantity: 2 });
    expect(over.statusCode).toBe(409);
    expect((await api('GET', '/cart', me.auth)).json().itemCount).toBe(5);
  });
});

describe('the cart row', () => {
  it('has no index on what every addition changes, so its upsert can stay a HOT update', async () => {
    // An index on updated_at made every addition write a new version of the cart row into all
    // of the table's indexes (PostgreSQL updates in place only when no indexed column changes).
    const { rows } = await t.platform.database.raw.query<{ indexdef: string }>(
      "select indexdef from pg_indexes where tablename = 'carts'",
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const { indexdef } of rows) expect(indexdef).not.toMatch(/updated_at/);
  });
});

describe('account cart and merge', () => {
  it('a signed-in user has one account cart, whatever the token it sends', async () => {
    const me = await makeUser(t);
    const v = await makeVariant(t, shop);
    const first = await api('POST', '/cart/items', me.auth, { variantId: v.variantId, quantity: 1 });
    expect(first.headers['x-cart-token']).toBeUndefined();
    expect(first.json().token).toBeUndefined();
    const second = await api(
      'POST',
      '/cart/items',
      { ...me.auth, ...guest('stale') },
      { variantId: v.variantId, quantity: 1 },
    );
    expect(second.json()).toMatchObject({ id: first.json().id, itemCount: 2 });
    const { rows } = (await t.db.execute(
      sql`select count(*)::int as n from carts where user_id = ${me.user.id}::uuid`,
    )) as unknown as { rows: { n: number }[] };
    expect(rows[0]!.n).toBe(1);
  });

  it('merging sums quantities capped by stock, drops lines that cannot be bought, and deletes the guest cart', async () => {
    const me = await makeUser(t);
    const shared = await makeVariant(t, shop, { stock: 5 });
    const guestOnly = await makeVariant(t, shop, { stock: 5 });
    const gone = await makeVariant(t, shop, { stock: 5 });
    await api('POST', '/cart/items', me.auth, { variantId: shared.variantId, quantity: 3 });
    const token = await guestCartWith(shared.variantId, 4);
    await api('POST', '/cart/items', guest(token), { variantId: guestOnly.variantId, quantity: 2 });
    await api('POST', '/cart/items', guest(token), { variantId: gone.variantId, quantity: 1 });
    await api('PATCH', `/products/${gone.productId}`, shop.seller.auth, { status: 'archived' });

    const merged = await api('POST', '/cart/merge', me.auth, { cartToken: token });
    expect(merged.statusCode, merged.body).toBe(200);
    const qty = (v: typeof shared) =>
      merged.json().items.find((i: { variantId: string }) => i.variantId === v.variantId)?.quantity;
    expect(qty(shared)).toBe(5);
    expect(qty(guestOnly)).toBe(2);
    expect(qty(gone)).toBeUndefined();
    expect((await api('GET', '/cart', guest(token))).json().id).toBeNull();
    // Merging the same token again changes nothing.
    const again = await api('POST', '/cart/merge', me.auth, { cartToken: token });
    expect(again.json().itemCount).toBe(7);
    expect((await api('POST', '/cart/merge', {}, { cartToken: token })).statusCode).toBe(401);
    expect(
      (await api('POST', '/cart/merge', me.auth, { cartToken: token, userId: me.user.id })).statusCode,
    ).toBe(400);
  });

  it('mergeGuestCart is callable by the sign-in flow as a service', async () => {
    const me = await makeUser(t);
    const v = await makeVariant(t, shop);
    const token = await guestCartWith(v.variantId, 2);
    const cart = await mergeGuestCart(contextFor(t.platform), { userId: me.user.id, cartToken: token });
    expect(cart.itemCount).toBe(2);
    expect((await api('GET', '/cart', me.auth)).json().itemCount).toBe(2);
  });
});

describe('the cart for checkout', () => {
  it('readCheckoutCart answers the lines with their variants in one statement, holding the cart lock', async () => {
    const me = await makeUser(t);
    const variants = await Promise.all(
      Array.from({ length: 3 }, () => makeVariant(t, shop, { price: 10_00 })),
    );
    for (const v of variants)
      await api('POST', '/cart/items', me.auth, { variantId: v.variantId, quantity: 2 });
    const { result, count, queries } = await t.countQueries(() =>
      withTx(contextFor(t.platform), (tx) => readCheckoutCart(tx, me.user.id)),
    );
    expect(queries.filter((q) => /for update/i.test(q))).toHaveLength(1);
    expect(count - queries.filter((q) => /^(begin|commit|savepoint|release)/i.test(q)).length).toBe(1);
    expect(result.lines.map((l) => [l.variantId, l.quantity, l.price])).toEqual(
      variants.map((v) => [v.variantId, 2, 10_00]),
    );
    expect(await readCheckoutCart(contextFor(t.platform), (await makeUser(t)).user.id)).toEqual({
      cartId: null,
      lines: [],
    });
  });
});

describe('refusals', () => {
  it('a bad bearer token is 401, a malformed cart token or line id 400', async () => {
    const bad = await api('GET', '/cart', { authorization: 'Bearer nope' });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().code).toBe('token_invalid');
    expect((await api('GET', '/cart', guest('x'.repeat(201)))).statusCode).toBe(400);
    expect((await api('PATCH', '/cart/items/not-a-uuid', {}, { quantity: 1 })).statusCode).toBe(400);
    expect((await api('DELETE', '/cart/items/not-a-uuid', {})).statusCode).toBe(400);
    expect((await api('POST', '/cart/merge', (await makeUser(t)).auth, {})).statusCode).toBe(400);
  });
});

describe.skipIf(skipUnless('postgres', 'parallel cart merges'))('merge under concurrency', () => {
  it('two sign-ins merging one guest cart at once neither lose nor double a line', async () => {
    for (let round = 0; round < 8; round++) {
      const me = await makeUser(t);
      const a = await makeVariant(t, shop, { stock: 100 });
      const b = await makeVariant(t, shop, { stock: 100 });
      await api('POST', '/cart/items', me.auth, { variantId: a.variantId, quantity: 1 });
      const token = await guestCartWith(a.variantId, 2);
      await api('POST', '/cart/items', guest(token), { variantId: b.variantId, quantity: 3 });
      const results = await Promise.all([
        api('POST', '/cart/merge', me.auth, { cartToken: token }),
        api('POST', '/cart/merge', me.auth, { cartToken: token }),
        api('POST', '/cart/items', me.auth, { variantId: b.variantId, quantity: 1 }),
      ]);
      expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200]);
      const cart = (await api('GET', '/cart', me.auth)).json();
      const qty = (variantId: string) =>
        cart.items.find((i: { variantId: string }) => i.variantId === variantId)?.quantity;
      expect([qty(a.variantId), qty(b.variantId)]).toEqual([3, 4]);
    }
  });
});
