import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { makeUser, type MadeUser } from '../../test/factories.js';
import { buildTestApp } from '../../test/harness.js';
import { CSV_COLUMNS } from './csv-format.js';

const t = await buildTestApp();
const admin = await makeUser(t, { role: 'admin' });
const seller = await makeUser(t, { role: 'seller' });
const other = await makeUser(t, { role: 'seller' });
const customer = await makeUser(t);

const api = (method: string, url: string, who: MadeUser, payload?: unknown) =>
  t.app.inject({
    method: method as 'GET',
    url: `/api/v1${url}`,
    headers: who.auth,
    ...(payload ? { payload: payload as object } : {}),
  });
const cat = (await api('POST', '/categories', admin, { name: 'Imports' })).json() as {
  id: string;
  slug: string;
};
const sub = (await api('POST', '/categories', admin, { name: 'Import shoes', parentId: cat.id })).json() as {
  id: string;
  slug: string;
};

function multipart(bytes: Buffer, filename: string, contentType: string) {
  const boundary = '----soko-csv-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const importCsv = (
  csv: string | Buffer,
  who: MadeUser = seller,
  type = 'text/csv',
  filename = 'products.csv',
) => {
  const body = multipart(typeof csv === 'string' ? Buffer.from(csv) : csv, filename, type);
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/products/import',
    headers: { ...who.auth, ...body.headers },
    payload: body.payload,
  });
};
const exportCsv = (who: MadeUser) => api('GET', '/seller/products/export.csv', who);

const HEADER = CSV_COLUMNS.join(',');
const csvOf = (...rows: string[]) => [HEADER, ...rows].join('\r\n') + '\r\n';

const slugsIn = async (slugs: string[]) => {
  const { rows } = (await t.db.execute(sql`select slug from products where slug in ${slugs}`)) as unknown as {
    rows: { slug: string }[];
  };
  return rows.map((r) => r.slug).sort();
};

describe('product CSV export and import', () => {
  it('a good file round-trips: export, re-import (nothing changes), import as another seller (same rows)', async () => {
    await api('POST', '/products', seller, {
      title: 'Round trip "kikoi", large',
      slug: 'rt-kikoi',
      description: 'Line one, with a comma\nLine two with "quotes" and <b>markup</b>',
      categoryId: cat.id,
      variants: [
        {
          sku: 'RT-K-M',
          title: 'M / Red',
          options: { size: 'M', colour: 'Red' },
          price: 1_500_00,
          compareAtPrice: 1_900_00,
          stock: 4,
        },
        { sku: 'RT-K-L', title: 'L; odd=name', options: { 'fit;cut': 'a=b;c%d' }, price: 1_600_00, stock: 0 },
      ],
    });
    await api('POST', '/products', seller, {
      title: '=SUM(A1:A2) sandals',
      slug: 'rt-sandals',
      categoryId: sub.id,
      status: 'draft',
      variants: [{ sku: '-RT-S', price: 900_00, stock: 12 }],
    });
    const before = await api('GET', '/products/rt-kikoi', seller);

    const exported = await exportCsv(seller);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toMatch(/^text\/csv/);
    expect(exported.headers['content-disposition']).toContain('products.csv');
    const lines = exported.body.split('\r\n');
    expect(lines[0]).toBe(HEADER);
    expect(exported.body).toContain('rt-kikoi,');
    expect(exported.body).toContain('size=M;colour=Red');
    expect(exported.body).toContain('fit%3Bcut=a%3Db%3Bc%25d');
    expect(exported.body).toContain("'=SUM(A1:A2) sandals");

    const again = await importCsv(exported.body);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual({ created: 0, updated: 2, failed: 0, errors: [] });
    const after = await api('GET', '/products/rt-kikoi', seller);
    expect({ ...after.json(), updatedAt: null }).toEqual({ ...before.json(), updatedAt: null });

    const copied = exported.body.replace(/^rt-/gm, 'rt2-');
    const created = await importCsv(copied, other);
    expect(created.json()).toEqual({ created: 2, updated: 0, failed: 0, errors: [] });
    const otherExport = await exportCsv(other);
    // Products made by one import share created_at, so their export order is by id: compare the rows.
    const records = (csv: string) => csv.split('\r\n').sort();
    expect(records(otherExport.body)).toEqual(records(copied));
    const sandals = (await api('GET', '/products/rt2-sandals', other)).json();
    expect(sandals).toMatchObject({
      title: '=SUM(A1:A2) sandals',
      status: 'draft',
      seller: { id: other.user.id },
    });
    expect(sandals.variants[0].sku).toBe('-RT-S');
    const kikoi = (await api('GET', '/products/rt2-kikoi', other)).json();
    expect(kikoi.variants[1].options).toEqual({ 'fit;cut': 'a=b;c%d' });
    expect(kikoi.price.amount).toBe(1_500_00);
  });

  it('bad rows are reported with their row number and nothing of their product is written', async () => {
    const markupTitle = `Robert'); DROP TABLE products;-- <script>alert(1)</script>`;
    const file = csvOf(
      `bad-good,Good one,,${cat.slug},active,BG-1,,,1000,,3`, //                          row 2
      `bad-negative,Negative,,${cat.slug},active,BN-1,,,1000,,3`, //                      row 3
      `bad-negative,,,,,BN-2,,,-5,,3`, //                                                 row 4
      `bad-category,Unknown category,,no-such-category,active,BC-1,,,1000,,1`, //       row 5
      `bad-dup,Duplicate sku,,${cat.slug},active,BD-1,,,1000,,1`, //                      row 6
      `bad-dup,,,,,BG-1,,,1000,,1`, //                                                     row 7
      `bad-markup,"${markupTitle.replace(/"/g, '""')}","<img src=x onerror=alert(1)>",${cat.slug},,BM-1,,,250,,1`, // row 8
      `bad-fraction,Fraction,,${cat.slug},active,BF-1,,,12.50,,abc`, //                   row 9
    );
    const res = await importCsv(file);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ created: 2, updated: 0, failed: 4 });
    expect(report.errors).toEqual([
      { row: 4, field: 'price', message: 'must not be negative' },
      { row: 5, field: 'category_slug', message: 'no such category' },
      { row: 7, field: 'sku', message: 'is also on row 2' },
      { row: 9, field: 'price', message: 'must be a whole number of minor units' },
      { row: 9, field: 'stock', message: 'must be a whole number' },
    ]);
    expect(
      await slugsIn(['bad-good', 'bad-negative', 'bad-category', 'bad-dup', 'bad-markup', 'bad-fraction']),
    ).toEqual(['bad-good', 'bad-markup']);
    const { rows } = (await t.db.execute(
      sql`select count(*)::int as n from product_variants where sku in ('BN-1', 'BN-2', 'BC-1', 'BD-1', 'BF-1')`,
    )) as unknown as { rows: { n: number }[] };
    expect(rows[0]!.n).toBe(0);
    const markup = (await api('GET', '/products/bad-markup', seller)).json();
    expect(markup.title).toBe(markupTitle);
    expect(markup.description).toBe('<img src=x onerror=alert(1)>');
  });

  it("a seller cannot update another seller's product by its slug; an admin can, and creates for the shop", async () => {
    await importCsv(csvOf(`own-by-other,Other's,,${cat.slug},active,OO-1,,,1000,,1`), other);
    const res = await importCsv(csvOf(`own-by-other,Hijacked,,${cat.slug},active,OO-9,,,1,,1`));
    expect(res.json()).toEqual({
      created: 0,
      updated: 0,
      failed: 1,
      errors: [{ row: 2, field: 'product_slug', message: 'is already used by another product' }],
    });
    expect((await api('GET', '/products/own-by-other', other)).json().title).toBe("Other's");

    const byAdmin = await importCsv(
      csvOf(
        `own-by-other,Fixed by admin,,,,OO-1,,,2000,,1`,
        `shop-own,Shop product,,${cat.slug},,SHOP-1,,,500,,2`,
      ),
      admin,
    );
    expect(byAdmin.json()).toEqual({ created: 1, updated: 1, failed: 0, errors: [] });
    const fixed = (await api('GET', '/products/own-by-other', other)).json();
    expect(fixed).toMatchObject({
      title: 'Fixed by admin',
      price: { amount: 2000 },
      seller: { id: other.user.id },
    });
    expect((await api('GET', '/products/shop-own', admin)).json().seller.id).toBe(admin.user.id);
  });

  it('a customer gets 403 for import and export; a pending seller 403 seller_not_approved', async () => {
    expect((await importCsv(csvOf(`c-1,x,,${cat.slug},,C-1,,,1,,1`), customer)).statusCode).toBe(403);
    expect((await exportCsv(customer)).statusCode).toBe(403);
    const pending = await makeUser(t, { role: 'seller', sellerStatus: 'pending' });
    const res = await importCsv(csvOf(`p-1,x,,${cat.slug},,P-1,,,1,,1`), pending);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('seller_not_approved');
    expect(await slugsIn(['c-1', 'p-1'])).toEqual([]);
  });

  it('a non-CSV upload answers 415: a PNG named .csv, or a spreadsheet type', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const asCsv = await importCsv(png, seller, 'text/csv');
    expect(asCsv.statusCode).toBe(415);
    expect(asCsv.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(asCsv.json().code).toBe('unsupported_media_type');
    const xlsx = await importCsv(
      csvOf(`x-1,x,,${cat.slug},,X-1,,,1,,1`),
      seller,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(xlsx.statusCode).toBe(415);
  });

  it('a bad header answers 400 naming the columns; more than 5,000 rows 413; both write nothing', async () => {
    const header = await importCsv('slug,name\r\nh-1,x\r\n');
    expect(header.statusCode).toBe(400);
    expect(header.json().errors).toContainEqual({ path: 'file', message: 'unknown column "slug"' });
    const rows = Array.from({ length: 5_001 }, (_, i) => `big-${i},Big,,${cat.slug},,BIG-${i},,,1,,1`);
    const big = await importCsv(csvOf(...rows));
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('payload_too_large');
    expect(await slugsIn(['h-1', 'big-0'])).toEqual([]);
  });

  it('an import costs seven statements plus four per product; an export one per 500 products', async () => {
    const file = (n: number, prefix: string) =>
      csvOf(
        ...Array.from(
          { length: n },
          (_, i) => `${prefix}-${i},Counted ${i},,${cat.slug},,${prefix.toUpperCase()}-${i},,,100,,1`,
        ),
      );
    const three = await t.countQueries(() => importCsv(file(3, 'qc')));
    expect(three.result.json().created).toBe(3);
    const six = await t.countQueries(() => importCsv(file(6, 'qd')));
    expect(six.result.json().created).toBe(6);
    // The token check, categories, slugs, SKUs; per product a savepoint, the product, its variants and the
    // release; then one refresh of the list columns, the search words and the revalidation job.
    // node-postgres also logs begin and commit, PGlite does not.
    const statements = (queries: string[]) => queries.filter((q) => !/^\s*(begin|commit)\b/i.test(q)).length;
    expect(statements(three.queries)).toBe(7 + 4 * 3);
    expect(statements(six.queries)).toBe(7 + 4 * 6);
    const exported = await t.countQueries(() => exportCsv(seller));
    expect(exported.result.statusCode).toBe(200);
    expect(exported.count).toBe(1 + 1);
  });

  it('an export of more than 500 products pages through all of them, one statement per page', async () => {
    const many = await makeUser(t, { role: 'seller' });
    const rows = Array.from({ length: 520 }, (_, i) => `pg-${i},Paged ${i},,${cat.slug},,PG-${i},,,100,,1`);
    expect((await importCsv(csvOf(...rows), many)).json().created).toBe(520);
    const { result, count } = await t.countQueries(() => exportCsv(many));
    const lines = result.body.trimEnd().split('\r\n');
    expect(lines.length).toBe(521);
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0])).size).toBe(520);
    expect(count).toBe(1 + 2);
  });
});
