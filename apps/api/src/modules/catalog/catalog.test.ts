import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { catalogKit } from './catalog.test-kit.js';
import { makeUser } from '../../test/factories.js';

const { t, admin, seller, other, api, category, product } = await catalogKit();

const countProducts = async () => {
  const { rows } = (await t.db.execute(sql`select count(*)::int as n from products`)) as unknown as {
    rows: { n: number }[];
  };
  return rows[0]!.n;
};

const electronics = await category('Electronics');
const audio = await category('Audio', electronics.id);
const fashion = await category('Fashion');
describe('categories', () => {
  it('answers the tree with product counts that include sub-categories', async () => {
    const cat = await category('Counted');
    const sub = await category('Counted child', cat.id);
    await product(seller, sub.id);
    const res = await api('GET', '/categories');
    expect(res.statusCode).toBe(200);
    const node = res.json().items.find((c: { id: string }) => c.id === cat.id);
    expect(node.productCount).toBe(1);
    expect(node.children[0]).toMatchObject({ id: sub.id, productCount: 1 });
  });

  it('answers a category by slug with its breadcrumb root first', async () => {
    const res = await api('GET', `/categories/${audio.slug}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().breadcrumb.map((b: { slug: string }) => b.slug)).toEqual(['electronics', 'audio']);
  });

  it('a sent slug that is used answers 409 slug_taken; a generated one is made unique', async () => {
    const taken = await api('POST', '/categories', admin, { name: 'Whatever', slug: 'electronics' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('slug_taken');
    const again = await api('POST', '/categories', admin, { name: 'Electronics' });
    expect(again.statusCode).toBe(201);
    expect(again.json().slug).toBe('electronics-2');
  });

  it('refuses a move under its own descendant and reorders by position', async () => {
    const cycle = await api('PATCH', `/categories/${electronics.id}`, admin, { parentId: audio.id });
    expect(cycle.statusCode).toBe(400);
    const moved = await api('PATCH', `/categories/${audio.id}`, admin, { position: 5 });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().position).toBe(5);
  });

  it('only admins write categories', async () => {
    expect((await api('POST', '/categories', seller, { name: 'Nope' })).statusCode).toBe(403);
    expect((await api('POST', '/categories', undefined, { name: 'Nope' })).statusCode).toBe(401);
  });

  it('deleting a category with products answers 409 category_not_empty; an empty one goes', async () => {
    const cat = await category('Has products');
    await product(seller, cat.id);
    const res = await api('DELETE', `/categories/${cat.id}`, admin);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('category_not_empty');
    const empty = await category('Empty');
    expect((await api('DELETE', `/categories/${empty.id}`, admin)).statusCode).toBe(204);
  });
});

describe('products', () => {
  it('creates a product with variants; the detail has money, breadcrumb and variants', async () => {
    const res = await api('POST', '/products', seller, {
      title: 'Studio Headphones',
      description: 'Closed-back over-ear headphones',
      categoryId: audio.id,
      seoTitle: 'Buy studio headphones',
      variants: [
        {
          sku: 'HP-BLK',
          title: 'Black',
          options: { colour: 'Black' },
          price: 12_999_00,
          compareAtPrice: 14_999_00,
          stock: 3,
        },
        { sku: 'HP-WHT', title: 'White', options: { colour: 'White' }, price: 11_999_00, stock: 0 },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    expect(p).toMatchObject({
      slug: 'studio-headphones',
      status: 'active',
      price: { amount: 11_999_00, currency: 'KES' },
      compareAtPrice: null,
      inStock: true,
      seller: { id: seller.user.id, name: 'Nairobi Sound' },
      category: { id: audio.id },
    });
    expect(p.breadcrumb.map((b: { slug: string }) => b.slug)).toEqual(['electronics', 'audio']);
    expect(p.variants[1]).toMatchObject({ sku: 'HP-WHT', options: { colour: 'White' }, inStock: false });
    const bySlug = await api('GET', '/products/studio-headphones');
    expect(bySlug.statusCode).toBe(200);
    expect(bySlug.json().id).toBe(p.id);
  });

  it('a duplicate SKU of the same seller answers 409 sku_taken; another seller may use it', async () => {
    await product(seller, fashion.id, { variants: [{ sku: 'DUP-1', price: 100, stock: 1 }] });
    const dup = await api('POST', '/products', seller, {
      title: 'Dup',
      categoryId: fashion.id,
      variants: [{ sku: 'DUP-1', price: 100, stock: 1 }],
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('sku_taken');
    await product(other, fashion.id, { variants: [{ sku: 'DUP-1', price: 100, stock: 1 }] });
  });

  it('a sent product slug that is used answers 409 slug_taken', async () => {
    await product(seller, fashion.id, { slug: 'kitenge-dress' });
    const res = await api('POST', '/products', seller, {
      title: 'Other',
      slug: 'kitenge-dress',
      categoryId: fashion.id,
      variants: [{ sku: 'KD-2', price: 100, stock: 1 }],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('slug_taken');
  });

  it('bad input answers 400 and writes nothing', async () => {
    const before = await countProducts();
    const bad = [
      { title: 'x', categoryId: fashion.id, variants: [{ sku: 'N1', price: -1, stock: 1 }] },
      { title: 'x', categoryId: fashion.id, variants: [{ sku: 'N2', price: 10.5, stock: 1 }] },
      { title: 'x', categoryId: fashion.id, variants: [{ sku: 'N3', price: 10, stock: -2 }] },
      { title: 'x', categoryId: fashion.id, variants: [{ sku: 'N4', price: 10, stock: 1.5 }] },
      {
        title: 'x',
        categoryId: '00000000-0000-4000-8000-000000000000',
        variants: [{ sku: 'N5', price: 10, stock: 1 }],
      },
      { title: 'x', categoryId: fashion.id, variants: [] },
      {
        title: 'x',
        categoryId: fashion.id,
        variants: [{ sku: 'N6', price: 10, stock: 1 }],
        sellerId: admin.user.id,
      },
    ];
    for (const body of bad) {
      const res = await api('POST', '/products', seller, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
    const after = await countProducts();
    expect(after).toBe(before);
  });

  it('SQL and markup are stored verbatim and never executed', async () => {
    const title = `Robert'); DROP TABLE products;-- <script>alert(1)</script>`;
    const p = await product(seller, fashion.id, { title, description: '<img src=x onerror=alert(1)>' });
    const res = await api('GET', `/products/${p.id}`);
    expect(res.json().title).toBe(title);
    expect(res.json().description).toBe('<img src=x onerror=alert(1)>');
    const search = await api('GET', `/products?q=${encodeURIComponent("'; drop table products; --")}`);
    expect(search.statusCode).toBe(200);
  });

  it('a pending seller answers 403 seller_not_approved; a customer 403', async () => {
    const pending = await makeUser(t, { role: 'seller', sellerStatus: 'pending' });
    const body = { title: 'x', categoryId: fashion.id, variants: [{ sku: 'P1', price: 10, stock: 1 }] };
    const res = await api('POST', '/products', pending, body);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('seller_not_approved');
    const customer = await makeUser(t);
    expect((await api('POST', '/products', customer, body)).statusCode).toBe(403);
  });

  it('a revoked approval applies to the next request with the same token (assertCanSell)', async () => {
    const revoked = await makeUser(t, { role: 'seller' });
    const body = { title: 'x', categoryId: fashion.id, variants: [{ sku: 'R1', price: 10, stock: 1 }] };
    await t.db.execute(sql`update users set seller_status = 'rejected' where id = ${revoked.user.id}`);
    const res = await api('POST', '/products', revoked, body);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('seller_not_approved');
  });

  it("another seller's product is 404 for PATCH and DELETE; an admin may change it", async () => {
    const p = await product(seller, fashion.id);
    expect((await api('PATCH', `/products/${p.id}`, other, { title: 'Mine now' })).statusCode).toBe(404);
    expect((await api('DELETE', `/products/${p.id}`, other)).statusCode).toBe(404);
    const res = await api('PATCH', `/products/${p.id}`, admin, { title: 'Edited by admin' });
    expect(res.statusCode).toBe(200);
    expect(res.json().title).toBe('Edited by admin');
  });

  it('drafts and deleted products are hidden from shoppers but shown to their owner', async () => {
    const draft = await product(seller, fashion.id, { status: 'draft' });
    expect((await api('GET', `/products/${draft.id}`)).statusCode).toBe(404);
    expect((await api('GET', `/products/${draft.id}`, other)).statusCode).toBe(404);
    expect((await api('GET', `/products/${draft.id}`, seller)).statusCode).toBe(200);
    const mine = await api('GET', '/seller/products?pageSize=100', seller);
    expect(
      mine
        .json()
        .items.some((i: { id: string; status: string }) => i.id === draft.id && i.status === 'draft'),
    ).toBe(true);
    const gone = await product(seller, fashion.id);
    expect((await api('DELETE', `/products/${gone.id}`, seller)).statusCode).toBe(204);
    expect((await api('GET', `/products/${gone.id}`)).statusCode).toBe(404);
    const list = await api('GET', `/products?category=${fashion.slug}&pageSize=100`);
    const ids = list.json().items.map((i: { id: string }) => i.id);
    expect(ids).not.toContain(draft.id);
    expect(ids).not.toContain(gone.id);
  });

  it('a variant edit changes the price shoppers see on the next read (cache invalidated)', async () => {
    const p = await product(seller, fashion.id, { title: 'Leather sandals' });
    const first = await api('GET', `/products/${p.slug}`);
    expect(first.json().price.amount).toBe(p.price.amount);
    const list1 = await api('GET', `/products?q=sandals`);
    expect(list1.json().items[0].price.amount).toBe(p.price.amount);
    const res = await api('PATCH', `/products/${p.id}/variants/${p.variants[0].id}`, seller, {
      price: 777_00,
    });
    expect(res.statusCode).toBe(200);
    expect((await api('GET', `/products/${p.slug}`)).json().price.amount).toBe(777_00);
    expect((await api('GET', `/products?q=sandals`)).json().items[0].price.amount).toBe(777_00);
  });

  it('catalogue reads carry an ETag and answer 304 when it matches', async () => {
    const res = await api('GET', '/categories');
    expect(res.headers['cache-control']).toContain('public');
    const again = await t.app.inject({
      url: '/api/v1/categories',
      headers: { 'if-none-match': res.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
  });

  it('shared-cacheable answers vary by Origin (for CORS) as well as by Authorization', async () => {
    const origin = t.platform.config.corsOrigins[0]!;
    for (const headers of [{ origin }, {}]) {
      const res = await t.app.inject({ url: '/api/v1/products', headers });
      expect(res.headers['cache-control']).toContain('public');
      expect(
        String(res.headers.vary)
          .toLowerCase()
          .split(/\s*,\s*/),
      ).toEqual(['origin', 'authorization']);
    }
  });
});

describe('listing and search', () => {
  it('filters by category (with sub-categories), price, stock and sorts by price', async () => {
    const root = await category('Kitchen');
    const sub = await category('Cookware', root.id);
    await product(seller, sub.id, {
      title: 'Sufuria set',
      variants: [{ sku: 'K1', price: 3_000_00, stock: 2 }],
    });
    await product(seller, root.id, {
      title: 'Jiko stove',
      variants: [{ sku: 'K2', price: 1_500_00, stock: 0 }],
    });
    const all = await api('GET', `/products?category=${root.slug}&sort=price`);
    expect(all.json().items.map((i: { title: string }) => i.title)).toEqual(['Jiko stove', 'Sufuria set']);
    expect(all.json()).toMatchObject({
      total: 2,
      totalExact: true,
      facets: { price: { min: 1_500_00, max: 3_000_00 } },
    });
    const second = await api('GET', `/products?category=${root.slug}&sort=price&pageSize=1&page=2`);
    expect(second.json().items.map((i: { title: string }) => i.title)).toEqual(['Sufuria set']);
    const dearest = await api('GET', `/products?category=${root.slug}&sort=-price`);
    expect(dearest.json().items.map((i: { title: string }) => i.title)).toEqual([
      'Sufuria set',
      'Jiko stove',
    ]);
    const inStock = await api('GET', `/products?category=${root.id}&inStock=true`);
    expect(inStock.json().items.map((i: { title: string }) => i.title)).toEqual(['Sufuria set']);
    const cheap = await api('GET', `/products?category=${root.slug}&maxPrice=200000&sort=-price`);
    expect(cheap.json().items.map((i: { title: string }) => i.title)).toEqual(['Jiko stove']);
  });

  it('"heaphones" finds headphones and says which query it searched', async () => {
    const res = await api('GET', '/products?q=heaphones');
    expect(res.statusCode).toBe(200);
    expect(res.json().correctedQuery).toBe('headphones');
    expect(res.json().items[0].title).toBe('Studio Headphones');
  });

  it('suggestions are prefix and typo tolerant, at most 8', async () => {
    const prefix = await api('GET', '/search/suggest?q=stud');
    expect(prefix.json().items).toContainEqual({
      type: 'product',
      title: 'Studio Headphones',
      slug: 'studio-headphones',
    });
    const typo = await api('GET', '/search/suggest?q=heaphones');
    expect(typo.json().items.some((i: { title: string }) => i.title === 'Studio Headphones')).toBe(true);
    const cat = await api('GET', '/search/suggest?q=elec');
    expect(cat.json().items[0]).toMatchObject({ type: 'category', slug: 'electronics' });
    expect(cat.json().items.length).toBeLessThanOrEqual(8);
  });

  it('suggestions: titles starting with the query first, then titles with a word starting with it, each once', async () => {
    await product(seller, audio.id, { title: 'Headset Pro' });
    const head = (await api('GET', '/search/suggest?q=head')).json().items as { title: string }[];
    const titles = head.map((i) => i.title);
    // 'Headset Pro' starts with "head"; 'Studio Headphones' has a word that does.
    expect(titles.indexOf('Headset Pro')).toBeGreaterThanOrEqual(0);
    expect(titles.indexOf('Studio Headphones')).toBeGreaterThan(titles.indexOf('Headset Pro'));
    expect(new Set(titles).size).toBe(titles.length);
    const twoWords = (await api('GET', '/search/suggest?q=studio%20headph')).json().items;
    expect(twoWords.map((i: { title: string }) => i.title)).toContain('Studio Headphones');
    // a misspelt word in the middle is corrected against the catalogue words
    const typo = (await api('GET', '/search/suggest?q=studoi%20head')).json().items;
    expect(typo.map((i: { title: string }) => i.title)).toContain('Studio Headphones');
  });

  it('a 10 kB search string and pageSize=100000 answer 400', async () => {
    const long = 'a'.repeat(10_000);
    expect((await api('GET', `/products?q=${long}`)).statusCode).toBe(400);
    expect((await api('GET', `/search/suggest?q=${long}`)).statusCode).toBe(400);
    expect((await api('GET', '/products?pageSize=100000')).statusCode).toBe(400);
  });

  it('a page of products costs two queries, whatever its size', async () => {
    await t.platform.cache.invalidateTags(['catalog']);
    const { result, count } = await t.countQueries(() => api('GET', '/products?pageSize=50&sort=newest'));
    expect(result.statusCode).toBe(200);
    expect(result.json().items.length).toBeGreaterThan(5);
    expect(count).toBe(2);
    const cached = await t.countQueries(() => api('GET', '/products?pageSize=50&sort=newest'));
    expect(cached.count).toBe(0);
  });

  it('the detail is one query; related products come from the same category', async () => {
    await t.platform.cache.invalidateTags(['catalog']);
    const { result, count } = await t.countQueries(() => api('GET', '/products/studio-headphones'));
    expect(result.statusCode).toBe(200);
    expect(count).toBe(1);
    const other = await product(seller, audio.id, { title: 'Bluetooth speaker' });
    const related = await api('GET', `/products/${result.json().id}/related`);
    expect(related.json().items.map((i: { id: string }) => i.id)).toContain(other.id);
  });
});
