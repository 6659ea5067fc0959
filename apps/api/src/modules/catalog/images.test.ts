import { sql } from 'drizzle-orm';
import pino from 'pino';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { makeUser } from '../../test/factories.js';
import { buildTestApp } from '../../test/harness.js';
import { createViewRecorder } from './views.js';

// With the worker running the revalidation queue exists before a write sends to it (see report: a
// first send of a new queue inside a PGlite transaction waits on itself).
const t = await buildTestApp();
const admin = await makeUser(t, { role: 'admin' });
const seller = await makeUser(t, { role: 'seller' });
const other = await makeUser(t, { role: 'seller' });

const cat = (
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/categories',
    headers: admin.auth,
    payload: { name: 'Pictures' },
  })
).json();
const product = (
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/products',
    headers: seller.auth,
    payload: {
      title: 'Framed print',
      categoryId: cat.id,
      variants: [{ sku: 'FP-1', price: 250000, stock: 4 }],
    },
  })
).json();

function multipart(bytes: Buffer, filename: string, contentType: string, field = 'file') {
  const boundary = '----soko-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const upload = (bytes: Buffer, who = seller, filename = 'photo.jpg', type = 'image/jpeg') => {
  const body = multipart(bytes, filename, type);
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/products/${product.id}/images`,
    headers: { ...who.auth, ...body.headers },
    payload: body.payload,
  });
};

const jpeg = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#c2410c' } })
  .jpeg()
  .toBuffer();

describe('product images', () => {
  it('stores an image with three webp thumbnails and makes it the list picture', async () => {
    const res = await upload(jpeg);
    expect(res.statusCode, res.body).toBe(201);
    const image = res.json();
    expect(image).toMatchObject({ width: 1200, height: 800, position: 0 });
    expect(image.thumbnails.map((th: { width: number }) => th.width)).toEqual([200, 480, 960]);
    const thumb = await t.app.inject(new URL(image.thumbnails[0].url).pathname);
    expect(thumb.statusCode).toBe(200);
    expect((await sharp(thumb.rawPayload).metadata()).format).toBe('webp');
    const list = (await t.app.inject(`/api/v1/products?category=${cat.slug}`)).json();
    expect(list.items[0].image).toBe(image.thumbnails[1].url);
  });

  it('a file that is not an image answers 415, whatever its name says', async () => {
    const res = await upload(Buffer.from('<?php echo "hi"; ?>'), seller, 'evil.jpg');
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('unsupported_media_type');
  });

  it('a file over 5 MB answers 413', async () => {
    const res = await upload(Buffer.alloc(5 * 1024 * 1024 + 10, 1));
    expect(res.statusCode).toBe(413);
  });

  it("another seller's product answers 404; the owner reorders and deletes", async () => {
    expect((await upload(jpeg, other)).statusCode).toBe(404);
    const second = (await upload(jpeg)).json();
    const moved = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/products/${product.id}/images/${second.id}`,
      headers: seller.auth,
      payload: { position: 0, alt: 'Front view' },
    });
    expect(moved.statusCode).toBe(200);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/products/${product.id}/images/${second.id}`,
      headers: seller.auth,
    });
    expect(del.statusCode).toBe(204);
    const detail = (await t.app.inject(`/api/v1/products/${product.id}`)).json();
    expect(detail.images.map((i: { id: string }) => i.id)).not.toContain(second.id);
  });
});

describe('product views', () => {
  it('views are batched in memory and flushed into view_count and the daily table', async () => {
    const recorder = createViewRecorder(t.db, pino({ level: 'silent' }), 'Africa/Nairobi', 60_000);
    recorder.record(product.id);
    recorder.record(product.slug);
    recorder.record('no-such-product');
    await recorder.stop();
    const { rows } = (await t.db.execute(
      sql`select p.view_count, (select sum(views)::int from product_views v where v.product_id = p.id) as daily
            from products p where p.id = ${product.id}`,
    )) as unknown as { rows: { view_count: number; daily: number }[] };
    expect(rows[0]).toEqual({ view_count: 2, daily: 2 });
  });
});
