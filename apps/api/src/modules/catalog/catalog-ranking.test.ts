import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { contextFor } from '../../platform/context.js';
import { catalogKit } from './catalog.test-kit.js';
import { listProducts } from './listing.js';
import { ListProductsQuery } from './schema.js';
import { createViewRecorder, viewRecorderFor } from './views.js';

const { t, seller, other, api, category, product } = await catalogKit();

describe('ratings, sellers, popularity and estimated counts', () => {
  const setRating = (id: string, avg: number, count: number) =>
    t.db.execute(sql`update products set rating_avg = ${avg}, rating_count = ${count} where id = ${id}`);
  const titles = (res: { json(): { items: { title: string }[] } }) => res.json().items.map((i) => i.title);

  it('minRating keeps products rated at least that; sort=rating puts the best rated first', async () => {
    const cat = await category('Rated');
    const low = await product(seller, cat.id, { title: 'Rated low' });
    const high = await product(seller, cat.id, { title: 'Rated high' });
    const mid = await product(other, cat.id, { title: 'Rated mid' });
    await setRating(low.id, 2.5, 4);
    await setRating(high.id, 4.8, 10);
    await setRating(mid.id, 4.1, 3);
    await t.platform.cache.invalidateTags(['catalog']);
    const good = await api('GET', `/products?category=${cat.slug}&minRating=4&sort=rating`);
    expect(titles(good)).toEqual(['Rated high', 'Rated mid']);
    expect(good.json().items[0].rating).toEqual({ average: 4.8, count: 10 });
    expect(titles(await api('GET', `/products?category=${cat.slug}&sort=rating`))).toEqual([
      'Rated high',
      'Rated mid',
      'Rated low',
    ]);
    expect((await api('GET', '/products?minRating=6')).statusCode).toBe(400);
  });

  it("seller=<id> lists only that seller's products", async () => {
    const cat = await category('By seller');
    await product(seller, cat.id, { title: 'Mine A' });
    await product(other, cat.id, { title: 'Theirs B' });
    const res = await api('GET', `/products?category=${cat.slug}&seller=${other.user.id}`);
    expect(titles(res)).toEqual(['Theirs B']);
    expect(res.json().items[0].seller.id).toBe(other.user.id);
    expect((await api('GET', '/products?seller=not-a-uuid')).statusCode).toBe(400);
  });

  it('a public detail read counts a view (flushed in a batch); sort=popular ranks by views', async () => {
    const cat = await category('Popular');
    const quiet = await product(seller, cat.id, { title: 'Seldom seen' });
    const loud = await product(seller, cat.id, { title: 'Often seen' });
    const draft = await product(seller, cat.id, { title: 'Draft seen', status: 'draft' });
    for (let i = 0; i < 3; i++) expect((await api('GET', `/products/${loud.slug}`)).statusCode).toBe(200);
    expect((await api('GET', `/products/${quiet.id}`)).statusCode).toBe(200);
    expect((await api('GET', `/products/${draft.id}`, seller)).statusCode).toBe(200);
    // The recorder's own 5 s timer may have flushed some or all of them already on a slow run:
    // whatever is left goes in at most one statement, and the totals below are exact either way.
    const { count } = await t.countQueries(() => viewRecorderFor(t.platform).flush());
    expect(count).toBeLessThanOrEqual(1);
    const { rows } = (await t.db.execute(
      sql`select p.title, p.view_count, coalesce(sum(v.views), 0)::int as day_views
            from products p left join product_views v on v.product_id = p.id
           where p.category_id = ${cat.id} group by p.id order by p.title`,
    )) as unknown as { rows: { title: string; view_count: number; day_views: number }[] };
    expect(rows).toEqual([
      { title: 'Draft seen', view_count: 0, day_views: 0 },
      { title: 'Often seen', view_count: 3, day_views: 3 },
      { title: 'Seldom seen', view_count: 1, day_views: 1 },
    ]);
    await t.platform.cache.invalidateTags(['catalog']);
    expect(titles(await api('GET', `/products?category=${cat.slug}&sort=popular`))).toEqual([
      'Often seen',
      'Seldom seen',
    ]);
  });

  it('views of several products are written in one statement per flush', async () => {
    const cat = await category('Batched views');
    const [a, b] = [await product(seller, cat.id, { title: 'Batch A' }), await product(seller, cat.id, {})];
    // A recorder of its own whose timer never fires during the test.
    const recorder = createViewRecorder(t.db, t.platform.log, 'Africa/Nairobi', 3_600_000);
    for (const key of [a.slug, a.id, a.slug, b.id]) recorder.record(key);
    const { count } = await t.countQueries(() => recorder.stop());
    expect(count).toBe(1);
    const { rows } = (await t.db.execute(
      sql`select view_count from products where id in (${a.id}, ${b.id}) order by view_count desc`,
    )) as unknown as { rows: { view_count: number }[] };
    expect(rows.map((r) => r.view_count)).toEqual([3, 1]);
  });

  it('past the exact-count bound, total is an estimate with totalExact false, at one extra query', async () => {
    const cat = await category('Counted roughly');
    for (let i = 0; i < 5; i++) await product(seller, cat.id, { title: `Rough ${i}` });
    const ctx = contextFor(t.platform);
    const query = ListProductsQuery.parse({ category: cat.slug, pageSize: '2' });
    const exact = JSON.parse((await listProducts(ctx, query, { exactCountCap: 5 })).json);
    expect(exact).toMatchObject({ total: 5, totalExact: true, totalPages: 3 });
    const { result, count } = await t.countQueries(() => listProducts(ctx, query, { exactCountCap: 3 }));
    const rough = JSON.parse(result.json);
    expect(rough.totalExact).toBe(false);
    expect(rough.total).toBeGreaterThanOrEqual(4);
    expect(rough.items).toHaveLength(2);
    expect(count).toBe(3);
  });

  it('a search by relevance ranks title matches first, pages without repeats, and past the bound still ranks', async () => {
    const cat = await category('Zebrawood');
    await product(seller, cat.id, { title: 'Plain tray', description: 'Made of zebrawood' });
    await product(seller, cat.id, { title: 'Zebrawood bowl' });
    await product(seller, cat.id, { title: 'Zebrawood zebrawood spoon' });
    await product(seller, cat.id, { title: 'Carved box', description: 'Zebrawood lid' });
    const ctx = contextFor(t.platform);
    const query = (page: string) => ListProductsQuery.parse({ q: 'zebrawood', pageSize: '2', page });
    const read = async (page: string, exactCountCap?: number) =>
      JSON.parse((await listProducts(ctx, query(page), exactCountCap ? { exactCountCap } : {})).json) as {
        items: { title: string }[];
        total: number;
        totalExact: boolean;
        facets: { categories: { slug: string; count: number }[] };
      };
    const { result, count } = await t.countQueries(() => listProducts(ctx, query('1')));
    const first = JSON.parse(result.json) as Awaited<ReturnType<typeof read>>;
    expect(count).toBe(2);
    expect(first).toMatchObject({
      total: 4,
      totalExact: true,
      facets: { categories: [{ slug: cat.slug, count: 4 }] },
    });
    const second = await read('2');
    const ranked = [...first.items, ...second.items].map((i) => i.title);
    expect(ranked.slice(0, 2).sort()).toEqual(['Zebrawood bowl', 'Zebrawood zebrawood spoon']);
    expect(new Set(ranked).size).toBe(4);
    // Past the bound (cap 2): the first page comes from the bounded pass, a deeper one from the full ranking.
    const rough = await read('1', 2);
    expect(rough.totalExact).toBe(false);
    expect(rough.items).toHaveLength(2);
    expect((await read('2', 2)).items).toHaveLength(2);
  });
});
