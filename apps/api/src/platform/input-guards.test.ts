import { describe, expect, it } from 'vitest';
import { makeUser, type MadeUser } from '../test/factories.js';
import { buildTestApp } from '../test/harness.js';
import { MAX_COUNT, MAX_MINOR_UNITS } from './schema.js';

const t = await buildTestApp({ worker: false });
const admin = await makeUser(t, { role: 'admin' });
const seller = await makeUser(t, { role: 'seller' });

interface Call {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  who?: MadeUser;
  payload?: unknown;
  headers?: Record<string, string>;
}
const api = ({ method = 'GET', url, who, payload, headers = {} }: Call) =>
  t.app.inject({
    method,
    url: url.startsWith('/api') ? url : `/api/v1${url}`,
    headers: { ...(who ? who.auth : {}), ...headers },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });

const expectProblem = (res: Awaited<ReturnType<typeof api>>, status: number, code: string) => {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json()).toMatchObject({ status, code });
};

const category = await api({ method: 'POST', url: '/categories', who: admin, payload: { name: 'Guards' } });
const categoryId = (category.json() as { id: string }).id;
let seq = 0;
const productBody = (overrides: Record<string, unknown> = {}, variant: Record<string, unknown> = {}) => {
  seq += 1;
  return {
    title: `Guarded ${seq}`,
    categoryId,
    variants: [{ sku: `G-${seq}`, price: 1000, stock: 1, ...variant }],
    ...overrides,
  };
};
const created = await api({ method: 'POST', url: '/products', who: seller, payload: productBody() });
const product = created.json() as { id: string; variants: { id: string }[] };

describe('strings: NUL and lone surrogates are refused before anything reads them', () => {
  const NUL = '\u0000';
  it('a NUL in a search, a suggestion, a slug in the path, a login, a name or a title answers 400', async () => {
    const calls: Call[] = [
      { url: `/products?q=head${encodeURIComponent(NUL)}phones` },
      { url: `/search/suggest?q=he${encodeURIComponent(NUL)}` },
      { url: `/products/some-slug${encodeURIComponent(NUL)}` },
      { url: `/categories/x${encodeURIComponent(NUL)}` },
      { method: 'POST', url: '/auth/login', payload: { identifier: `a${NUL}b`, password: 'whatever1' } },
      {
        method: 'POST',
        url: '/auth/register',
        payload: { email: 'nul@example.com', password: 'Correct-Horse-9', name: `Wan${NUL}jiku` },
      },
      { method: 'POST', url: '/products', who: seller, payload: productBody({ title: `Bad${NUL}title` }) },
    ];
    for (const call of calls) {
      const res = await api(call);
      expectProblem(res, 400, 'validation_failed');
    }
  });

  it('names the field holding the NUL, also inside an options map key', async () => {
    const res = await api({
      method: 'POST',
      url: '/products',
      who: seller,
      payload: productBody({}, { options: { [`si${NUL}ze`]: 'M' } }),
    });
    expectProblem(res, 400, 'validation_failed');
    expect(res.json().errors[0].path).toBe('body.variants.0.options');
  });

  it('a lone surrogate answers 400; a well-formed astral character is kept', async () => {
    const bad = await api({
      method: 'POST',
      url: '/products',
      who: seller,
      payload: productBody({ title: 'Broken \ud83d title' }),
    });
    expectProblem(bad, 400, 'validation_failed');
    expect(bad.json().errors[0]).toMatchObject({ path: 'body.title' });
    const good = await api({
      method: 'POST',
      url: '/products',
      who: seller,
      payload: productBody({ title: 'Drum 🥁 kit' }),
    });
    expect(good.statusCode, good.body).toBe(201);
    expect(good.json().title).toBe('Drum 🥁 kit');
  });
});

describe('strings: lengths are counted in characters (code points), as PostgreSQL counts them', () => {
  it('a title of 200 astral characters is accepted and one of 201 refused', async () => {
    const at = await api({
      method: 'POST',
      url: '/products',
      who: seller,
      payload: productBody({ title: '🥁'.repeat(200) }),
    });
    expect(at.statusCode, at.body).toBe(201);
    const past = await api({
      method: 'POST',
      url: '/products',
      who: seller,
      payload: productBody({ title: '🥁'.repeat(201) }),
    });
    expectProblem(past, 400, 'validation_failed');
    expect(past.json().errors[0].path).toBe('body.title');
  });
});

describe('integers: money up to MAX_MINOR_UNITS and counts up to MAX_COUNT fit their columns', () => {
  it('a variant price of 3,000,000,000 is stored and read back', async () => {
    const res = await api({
      method: 'POST',
      url: '/products',
      who: seller,
      payload: productBody({}, { price: 3_000_000_000, compareAtPrice: 3_500_000_000 }),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().price.amount).toBe(3_000_000_000);
    expect(res.json().variants[0].compareAtPrice.amount).toBe(3_500_000_000);
    const listed = await api({ url: `/products?minPrice=2147483648` });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items.map((p: { id: string }) => p.id)).toContain(res.json().id);
    expect(listed.json().facets.price.max).toBeGreaterThanOrEqual(3_000_000_000);
  });

  it('MAX_MINOR_UNITS is a price; one more is 400', async () => {
    const at = await api({
      method: 'PATCH',
      url: `/products/${product.id}/variants/${product.variants[0]!.id}`,
      who: seller,
      payload: { price: MAX_MINOR_UNITS },
    });
    expect(at.statusCode, at.body).toBe(200);
    expect(at.json().variants[0].price.amount).toBe(MAX_MINOR_UNITS);
    const past = await api({
      method: 'PATCH',
      url: `/products/${product.id}/variants/${product.variants[0]!.id}`,
      who: seller,
      payload: { price: MAX_MINOR_UNITS + 1 },
    });
    expectProblem(past, 400, 'validation_failed');
    expectProblem(await api({ url: `/products?minPrice=${MAX_MINOR_UNITS + 1}` }), 400, 'validation_failed');
    expect((await api({ url: `/products?maxPrice=${MAX_MINOR_UNITS}` })).statusCode).toBe(200);
  });

  it('MAX_COUNT is a stock; one more is 400', async () => {
    const url = `/products/${product.id}/variants/${product.variants[0]!.id}`;
    const at = await api({ method: 'PATCH', url, who: seller, payload: { stock: MAX_COUNT } });
    expect(at.statusCode, at.body).toBe(200);
    expect(at.json().variants[0].stock).toBe(MAX_COUNT);
    const past = await api({ method: 'PATCH', url, who: seller, payload: { stock: MAX_COUNT + 1 } });
    expectProblem(past, 400, 'validation_failed');
  });

  it('a rating filter too small for the real column (2.5e-323) is read as 0, not a 500', async () => {
    const res = await api({ url: '/products?minRating=2.5e-323' });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('MAX_MINOR_UNITS and MAX_COUNT are safe integers below what their columns hold', () => {
    expect(Number.isSafeInteger(MAX_MINOR_UNITS)).toBe(true);
    expect(MAX_COUNT).toBeLessThan(2 ** 31);
  });
});

describe('path decoding', () => {
  it('a malformed percent-encoding in a path answers problem+json 400', async () => {
    const res = await api({ url: '/api/v1/users/%E0%A4%A', who: admin });
    expectProblem(res, 400, 'validation_failed');
  });

  it('a well-formed encoding of a character that is not UTF-8 answers 400 too', async () => {
    expectProblem(await api({ url: '/api/v1/products/%FF%FE' }), 400, 'validation_failed');
  });
});

describe('content types', () => {
  it('text/plain on a JSON route answers 415 unsupported_media_type', async () => {
    const res = await api({
      method: 'POST',
      url: '/auth/login',
      payload: '{"identifier":"a","password":"b"}',
      headers: { 'content-type': 'text/plain' },
    });
    expectProblem(res, 415, 'unsupported_media_type');
  });

  it('any type a route does not take answers 415, multipart on a JSON route included', async () => {
    for (const type of [
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const res = await api({
        method: 'POST',
        url: '/products',
        who: seller,
        payload: 'x',
        headers: { 'content-type': type },
      });
      expectProblem(res, 415, 'unsupported_media_type');
    }
  });

  it('JSON with a charset is taken, and JSON on a multipart route answers 415', async () => {
    const ok = await api({
      method: 'POST',
      url: '/auth/login',
      payload: JSON.stringify({ identifier: 'nobody@example.com', password: 'whatever1' }),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expectProblem(ok, 401, 'invalid_credentials');
    const res = await api({
      method: 'POST',
      url: `/products/${product.id}/images`,
      who: seller,
      payload: { file: 'x' },
    });
    expectProblem(res, 415, 'unsupported_media_type');
  });
});

describe('header parameters', () => {
  const cart = (token: string) => api({ url: '/cart', headers: { 'x-cart-token': token } });

  it('a declared header of visible ASCII, space and tab is taken, up to the byte 0x7E', async () => {
    for (const token of ['~', ' !~\t', 'x'.repeat(200)])
      expect((await cart(token)).statusCode, token).toBe(200);
  });

  it('one past: DEL (0x7F), a control byte, NUL or a Latin-1 byte answers 400 naming the header', async () => {
    for (const token of ['a\u007f', 'a\u001f', 'a\u0000b', 'caf\u00e9', 'caf\u00c3\u00a9']) {
      const res = await cart(token);
      expectProblem(res, 400, 'validation_failed');
      expect(res.json().errors[0].path, JSON.stringify(token)).toBe('headers.x-cart-token');
    }
  });

  it('headers a route does not declare are not its business', async () => {
    const res = await api({
      url: '/categories',
      headers: { 'x-cart-token': 'a\u0000b', 'x-other': '\u00e9' },
    });
    expect(res.statusCode).toBe(200);
  });

  it('the document states the pattern on every header parameter', async () => {
    const doc = (await api({ url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { parameters?: { in: string; schema: { pattern?: string } }[] }>>;
    };
    const headers = Object.values(doc.paths)
      .flatMap((item) => Object.values(item))
      .flatMap((op) => op.parameters ?? [])
      .filter((p) => p.in === 'header');
    expect(headers.length).toBeGreaterThan(0);
    for (const h of headers) expect(h.schema.pattern).toBeTruthy();
  });
});
