import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contextFor, withTx } from '../../platform/context.js';
import { buildTestApp } from '../../test/harness.js';
import { makeUser } from '../../test/factories.js';
import { skipUnless } from '../../test/services.js';
import { findVariantsForCart, returnStock, takeStock } from './index.js';
import { apiCall, makeShop, makeVariant } from './stock.test-shop.js';

const t = await buildTestApp({ worker: false });
const api = apiCall(t);
const shop = await makeShop(t);
const ctx = () => contextFor(t.platform);

async function stockOf(variantId: string) {
  const { rows } = (await t.db.execute(
    sql`select v.stock, p.total_stock, p.in_stock from product_variants v join products p on p.id = v.product_id
         where v.id = ${variantId}::uuid`,
  )) as unknown as { rows: { stock: number; total_stock: number; in_stock: boolean }[] };
  return rows[0]!;
}

describe('findVariantsForCart', () => {
  it('answers every variant asked for in one query, with product, seller and buyability', async () => {
    const a = await makeVariant(t, shop, { price: 250_00, stock: 3 });
    const b = await makeVariant(t, shop, { price: 99_50, stock: 0 });
    const { result, count } = await t.countQueries(() =>
      findVariantsForCart(ctx(), [a.variantId, b.variantId, a.variantId, crypto.randomUUID()]),
    );
    expect(count).toBe(1);
    expect(result).toHaveLength(2);
    expect(result.find((v) => v.variantId === a.variantId)).toMatchObject({
      productId: a.productId,
      productSlug: a.slug,
      price: 250_00,
      currency: 'KES',
      stock: 3,
      sellerId: shop.seller.user.id,
      sellerName: 'Duka Seller',
      isBuyable: true,
      imageUrl: null,
    });
    expect(result.find((v) => v.variantId === b.variantId)).toMatchObject({ stock: 0, isBuyable: true });
    expect(await findVariantsForCart(ctx(), [])).toEqual([]);
  });

  it('marks archived, deleted and hidden-seller products as not buyable', async () => {
    const archived = await makeVariant(t, shop);
    const deleted = await makeVariant(t, shop);
    const rejected = await makeUser(t, { role: 'seller' });
    const hidden = await makeVariant(t, shop, { seller: rejected });
    expect(
      (await api('PATCH', `/products/${archived.productId}`, shop.seller.auth, { status: 'archived' }))
        .statusCode,
    ).toBe(200);
    expect((await api('DELETE', `/products/${deleted.productId}`, shop.seller.auth)).statusCode).toBe(204);
    await t.db.execute(sql`update users set seller_status = 'rejected' where id = ${rejected.user.id}::uuid`);
    const found = await findVariantsForCart(ctx(), [archived.variantId, deleted.variantId, hidden.variantId]);
    expect(found.map((v) => v.isBuyable)).toEqual([false, false, false]);
  });
});

describe('takeStock and returnStock', () => {
  it('takes every line or none, naming each short line with what is left', async () => {
    const a = await makeVariant(t, shop, { stock: 5 });
    const b = await makeVariant(t, shop, { stock: 1 });
    const result = await withTx(ctx(), (tx) =>
      takeStock(tx, [
        { variantId: a.variantId, quantity: 2 },
        { variantId: b.variantId, quantity: 2 },
      ]),
    );
    expect(result).toEqual({ ok: false, short: [{ variantId: b.variantId, requested: 2, available: 1 }] });
    expect((await stockOf(a.variantId)).stock).toBe(5);
    expect((await stockOf(b.variantId)).stock).toBe(1);
  });

  it('takes stock, updates only the product stock fields, and gives it back', async () => {
    const a = await makeVariant(t, shop, { stock: 4 });
    const before = (await t.db.execute(
      sql`select search::text as search from products where id = ${a.productId}::uuid`,
    )) as unknown as { rows: { search: string }[] };
    // The same variant twice counts as one line of the summed quantity.
    const taken = await withTx(ctx(), (tx) =>
      takeStock(tx, [
        { variantId: a.variantId, quantity: 3 },
        { variantId: a.variantId, quantity: 1 },
      ]),
    );
    expect(taken).toEqual({ ok: true });
    expect(await stockOf(a.variantId)).toEqual({ stock: 0, total_stock: 0, in_stock: false });
    const after = (await t.db.execute(
      sql`select search::text as search from products where id = ${a.productId}::uuid`,
    )) as unknown as { rows: { search: string }[] };
    expect(after.rows[0]!.search).toBe(before.rows[0]!.search);
    await withTx(ctx(), (tx) => returnStock(tx, [{ variantId: a.variantId, quantity: 4 }]));
    expect(await stockOf(a.variantId)).toEqual({ stock: 4, total_stock: 4, in_stock: true });
  });

  it('takes nothing when the caller’s transaction rolls back', async () => {
    const a = await makeVariant(t, shop, { stock: 2 });
    await expect(
      withTx(ctx(), async (tx) => {
        await takeStock(tx, [{ variantId: a.variantId, quantity: 2 }]);
        throw new Error('order insert failed');
      }),
    ).rejects.toThrow('order insert failed');
    expect((await stockOf(a.variantId)).stock).toBe(2);
  });

  it('refuses a deleted variant as having nothing left', async () => {
    const a = await makeVariant(t, shop, { stock: 2 });
    await api('DELETE', `/products/${a.productId}`, shop.seller.auth);
    await t.db.execute(sql`update product_variants set deleted_at = now() where id = ${a.variantId}::uuid`);
    const result = await takeStock(ctx(), [{ variantId: a.variantId, quantity: 1 }]);
    expect(result).toEqual({ ok: false, short: [{ variantId: a.variantId, requested: 1, available: 0 }] });
  });
});

describe.skipIf(skipUnless('postgres', 'parallel stock takes'))('takeStock under concurrency', () => {
  it('200 parallel takes of 1 on a variant with 50 in stock: exactly 50 succeed, stock 0', async () => {
    const hot = await makeVariant(t, shop, { stock: 50 });
    const results = await Promise.all(
      Array.from({ length: 200 }, () =>
        withTx(ctx(), (tx) => takeStock(tx, [{ variantId: hot.variantId, quantity: 1 }])),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(50);
    expect(results.filter((r) => !r.ok)).toHaveLength(150);
    expect(await stockOf(hot.variantId)).toEqual({ stock: 0, total_stock: 0, in_stock: false });
  });

  it('sales of the same variants in opposite orders neither deadlock nor oversell', async () => {
    const a = await makeVariant(t, shop, { stock: 30 });
    const b = await makeVariant(t, shop, { stock: 30 });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        withTx(ctx(), (tx) =>
          takeStock(
            tx,
            i % 2
              ? [
                  { variantId: a.variantId, quantity: 1 },
                  { variantId: b.variantId, quantity: 1 },
                ]
              : [
                  { variantId: b.variantId, quantity: 1 },
                  { variantId: a.variantId, quantity: 1 },
                ],
          ),
        ),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(30);
    expect((await stockOf(a.variantId)).stock).toBe(0);
    expect((await stockOf(b.variantId)).stock).toBe(0);
  });
});
