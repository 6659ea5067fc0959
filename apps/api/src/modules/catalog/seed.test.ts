import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/harness.js';
import { refreshProducts } from './queries.js';
import { seedDemo } from '../../seed.js';

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
