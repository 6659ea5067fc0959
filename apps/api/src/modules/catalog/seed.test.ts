import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/harness.js';
import { refreshProducts } from './queries.js';
import { seedDemo } from '../../seed.js';
import { modules, type DemoData } from '../registry.js';
import { ordersModule } from '../orders/index.js';

const t = await buildTestApp({ worker: false });

describe('demo catalogue', () => {
  it('loads a category tree, 240 products with pictures and demo sellers', async () => {
    const result = await seedDemo(t.platform);
    const { rows } = (await t.db.execute(
      sql`select (select count(*)::int from products) as products, (select count(*)::int from categories) as categories`,
    )) as unknown as { rows: { products: number; categories: number }[] };
    expect(rows[0]).toMatchObject({ products: 240, categories: expect.any(Number) });
    expect(rows[0]!.categories).toBeGreaterThanOrEqual(12);
    expect(result.demo.sellers).toHaveLength(3);
    expect(result.lines[0]).toMatch(/^Demo accounts/);
    expect(result.lines).toContainEqual(expect.stringMatching(/^Seeded 240 products/));
    const tree = (await t.app.inject('/api/v1/categories')).json();
    expect(tree.items.length).toBeGreaterThanOrEqual(6);
    const list = (await t.app.inject('/api/v1/products?pageSize=100')).json();
    expect(list.total).toBeGreaterThan(200);
    expect(list.items[0].image).toMatch(/\/uploads\/demo\/.+\.webp$/);
    expect(list.items.some((i: { inStock: boolean }) => !i.inStock)).toBe(true);
    expect(list.items.some((i: { compareAtPrice: unknown }) => i.compareAtPrice !== null)).toBe(true);
    const image = await t.app.inject(new URL(list.items[0].image).pathname);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/webp');
  });

  it('the list columns and search vector set at insert equal what refreshProducts computes', async () => {
    const snapshot = async () =>
      (
        (await t.db.execute(
          sql`select id, price_amount, compare_at_amount, total_stock, in_stock, image_url, search::text as search
                from products order by id`,
        )) as unknown as { rows: unknown[] }
      ).rows;
    const before = await snapshot();
    await refreshProducts(t.db, 'all');
    expect(await snapshot()).toEqual(before);
  });

  it('a bulk load that drops and rebuilds the indexes leaves the same index definitions', async () => {
    const indexes = async () =>
      (
        (await t.db.execute(
          sql`select indexdef from pg_indexes
               where tablename in ('products', 'product_variants', 'product_images') order by indexname`,
        )) as unknown as { rows: unknown[] }
      ).rows;
    const before = await indexes();
    await seedDemo(t.platform, { reset: true, products: 300, rebuildIndexes: true });
    expect(await indexes()).toEqual(before);
    await seedDemo(t.platform, { reset: true });
  });

  it('"heaphones" finds the demo headphones', async () => {
    const res = (await t.app.inject('/api/v1/products?q=heaphones')).json();
    expect(res.correctedQuery).toBe('headphones');
    expect(res.items.length).toBeGreaterThan(0);
    expect(res.items[0].title).toMatch(/Headphones/);
  });

  it('the same seed gives the same catalogue, and --reset replaces it', async () => {
    const catalogue = async () =>
      (
        (await t.db.execute(
          sql`select title, price_amount, in_stock from products order by title, price_amount`,
        )) as unknown as {
          rows: unknown[];
        }
      ).rows;
    const before = await catalogue();
    await expect(seedDemo(t.platform)).rejects.toThrow(/--reset/);
    await seedDemo(t.platform, { reset: true });
    expect(await catalogue()).toEqual(before);
  });
});

describe('demo orders', () => {
  const rowsOf = async <T>(query: ReturnType<typeof sql>) =>
    ((await t.db.execute(query)) as unknown as { rows: T[] }).rows;
  const stockOf = async () =>
    new Map(
      (await rowsOf<{ id: string; stock: number }>(sql`select id, stock from product_variants`)).map((r) => [
        r.id,
        r.stock,
      ]),
    );

  it('places an order in every status through checkout, taking stock and balancing the ledger', async () => {
    for (const m of [...modules].reverse()) await m.seed?.reset(t.platform);
    const demo: DemoData = { password: '', sellers: [], customers: [] };
    for (const m of modules.filter((m) => m.name !== 'orders')) await m.seed?.load(t.platform, {}, demo);
    const before = await stockOf();
    const lines = await ordersModule.seed!.load(t.platform, {}, demo);
    expect(lines[0]).toMatch(/^orders: 7 demo orders/);

    const orders = await rowsOf<{ status: string; payment_status: string; total: number; email: string }>(
      sql`select status, payment_status, total::int as total, customer_email as email from orders`,
    );
    expect(orders.map((o) => o.status).sort()).toEqual(
      ['cancelled', 'confirmed', 'delivered', 'paid', 'pending_payment', 'processing', 'shipped'].sort(),
    );
    expect(new Set(orders.map((o) => o.email))).toEqual(new Set(demo.customers.map((c) => c.email)));

    // Stock: every variant lost exactly the units of the orders still standing; a cancelled order gave its units back.
    const held = await rowsOf<{ variant_id: string; units: number }>(
      sql`select l.variant_id, sum(case when o.status = 'cancelled' then 0 else l.quantity end)::int as units
            from order_lines l join orders o on o.id = l.order_id group by l.variant_id`,
    );
    expect(held.length).toBe(14);
    const after = await stockOf();
    for (const { variant_id, units } of held)
      expect(before.get(variant_id)! - after.get(variant_id)!).toBe(units);
    const changed = [...after].filter(([id, stock]) => before.get(id) !== stock).length;
    expect(changed).toBe(held.filter((h) => h.units > 0).length);

    // Ledger: every transaction sums to zero; the cash held is what the paid orders paid.
    const unbalanced = await rowsOf(
      sql`select transaction_id from ledger_entries group by transaction_id having sum(amount) <> 0`,
    );
    expect(unbalanced).toEqual([]);
    const [cash] = await rowsOf<{ cash: number }>(
      sql`select coalesce(sum(amount), 0)::int as cash from ledger_entries where account = 'cash'`,
    );
    const paid = orders.filter((o) => o.payment_status === 'paid').reduce((s, o) => s + o.total, 0);
    expect(paid).toBeGreaterThan(0);
    expect(cash!.cash).toBe(-paid);

    // The cash-on-delivery orders got their pending payments; a reset removes them with the orders.
    const cod = await rowsOf(sql`select id from payments where method = 'cod' and status = 'pending'`);
    expect(cod).toHaveLength(2);
    for (const m of [...modules].reverse()) await m.seed?.reset(t.platform);
    expect(await rowsOf(sql`select id from payments`)).toEqual([]);
  });
});
