import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { buildTestApp } from '../test/harness.js';
import { AppError } from './errors.js';
import { MAIL_JOB } from './platform-jobs.js';
import { contextFor, withTx } from './context.js';

const t = await buildTestApp({
  routes: (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/_test/echo',
      {
        schema: {
          querystring: z.object({ n: z.coerce.number().int().optional() }),
          body: z.object({ name: z.string().min(1), qty: z.number().int().min(0) }).strict(),
        },
      },
      async (request) => ({ ok: true, body: request.body }),
    );
    r.get('/_test/boom', async () => {
      throw new Error('secret internal detail: password=hunter2');
    });
    r.get('/_test/conflict', async () => {
      throw new AppError('slug_taken', { detail: 'That slug is taken', meta: { slug: 'x' } });
    });
  },
});

describe('platform', () => {
  it('answers /healthz and /readyz once bootstrapped', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
  });

  it('/readyz answers 503 while starting', async () => {
    t.platform.state.ready = false;
    try {
      const res = await t.app.inject('/readyz');
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBeDefined();
    } finally {
      t.platform.state.ready = true;
    }
  });

  it('serves an OpenAPI 3.1 document and the docs page', async () => {
    const doc = await t.app.inject('/api/openapi.json');
    expect(doc.statusCode).toBe(200);
    expect(doc.json().openapi).toBe('3.1.0');
    const docs = await t.app.inject('/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
    expect(docs.headers).toMatchObject({ ...everyAnswer, ...documentsOnly });
  });

  it('exposes Prometheus metrics', async () => {
    await t.app.inject('/healthz');
    const res = await t.app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('http_request_duration_seconds');
  });

  it('sends CORS headers to an allowed origin only, and Vary: Origin to everyone', async () => {
    const allowed = t.platform.config.corsOrigins[0]!;
    const cors = (headers: Record<string, string | string[] | number | undefined>) =>
      Object.keys(headers).filter((name) => name.startsWith('access-control-'));

    const fromPage = await t.app.inject({ url: '/healthz', headers: { origin: allowed } });
    expect(fromPage.headers).toMatchObject({
      'access-control-allow-origin': allowed,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'x-cart-token, x-request-id, retry-after, etag',
    });
    expect(String(fromPage.headers.vary)).toContain('Origin');

    for (const headers of [{}, { origin: 'https://elsewhere.example' }]) {
      const res = await t.app.inject({ url: '/healthz', headers });
      expect(res.statusCode).toBe(200);
      expect(cors(res.headers)).toEqual([]);
      expect(String(res.headers.vary)).toContain('Origin');
    }

    const preflight = (origin: string) =>
      t.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/cart/items',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const ok = await preflight(allowed);
    expect(ok.statusCode).toBe(204);
    expect(ok.headers).toMatchObject({
      'access-control-allow-origin': allowed,
      'access-control-allow-methods': expect.any(String),
    });
    const refused = await preflight('https://elsewhere.example');
    expect(refused.statusCode).toBe(404);
    expect(cors(refused.headers)).toEqual([]);
  });

  it('tolerates a trailing slash', async () => {
    expect((await t.app.inject('/healthz/')).statusCode).toBe(200);
  });

  // What Helmet sets with the options of app.ts (no CSP: the API answers JSON; the docs page runs
  // inline scripts): on every answer, successes and every kind of error alike, the headers an API
  // answer needs; on the docs page (HTML) also the ones only documents use.
  const everyAnswer = {
    'cross-origin-resource-policy': 'cross-origin',
    'referrer-policy': 'no-referrer',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'SAMEORIGIN',
  };
  const documentsOnly = {
    'cross-origin-opener-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
  };
  it.each([
    ['a success', () => t.app.inject('/healthz'), 200],
    ['no such route', () => t.app.inject('/api/v1/no-such-thing'), 404],
    [
      'a refused body',
      () => t.app.inject({ method: 'POST', url: '/_test/echo', payload: { name: '' } }),
      400,
    ],
    ['a domain error', () => t.app.inject('/_test/conflict'), 409],
    ['a failure', () => t.app.inject('/_test/boom'), 500],
  ])('sets security headers and a request id on %s', async (_, send, status) => {
    const res = await send();
    expect(res.statusCode).toBe(status);
    expect(res.headers).toMatchObject(everyAnswer);
    for (const name of Object.keys(documentsOnly)) expect(res.headers[name], name).toBeUndefined();
    expect(res.headers['content-security-policy']).toBeUndefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-request-id']).toMatch(/^[\w.-]{1,64}$/);
  });

  it('counts every request against the per-IP limit (600 a minute) unless limits are disabled', async () => {
    const res = await t.app.inject('/api/v1/categories');
    expect(res.headers['x-ratelimit-limit']).toBe('600');
    const probe = await t.app.inject('/healthz');
    expect(probe.headers['x-ratelimit-limit']).toBeUndefined();
  });

  it('answers with the request id it was sent, and makes one otherwise', async () => {
    const sent = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'trace.abc-1' } });
    expect(sent.headers['x-request-id']).toBe('trace.abc-1');
    const made = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'no spaces allowed' } });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('bad input never reaches the 500 handler', () => {
  const post = (payload: string, headers: Record<string, string> = {}, url = '/_test/echo') =>
    t.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { 'content-type': 'application/json', ...headers },
    });

  it('malformed JSON is 400 problem+json', async () => {
    const res = await post('{"name": "x",');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('validation_failed');
  });

  it('a wrong content type is 415', async () => {
    const res = await post('name=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('unsupported_media_type');
  });

  it('a 2 MB body is 413', async () => {
    const res = await post(JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024), qty: 1 }));
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('payload_too_large');
  });

  it('an unknown route is 404 problem+json', async () => {
    const res = await t.app.inject('/api/v1/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('a query string of the wrong type is 400 naming the field', async () => {
    const res = await post(JSON.stringify({ name: 'x', qty: 1 }), {}, '/_test/echo?n=abc');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toContain('n');
  });

  it('validation errors list each bad field, and unknown fields are refused', async () => {
    const res = await post(JSON.stringify({ name: '', qty: -1, role: 'admin' }));
    expect(res.statusCode).toBe(400);
    const paths = res
      .json()
      .errors.map((e: { path: string }) => e.path)
      .join(' ');
    expect(paths).toContain('name');
    expect(paths).toContain('qty');
    expect(res.json().errors.length).toBeGreaterThanOrEqual(3);
  });

  it('an AppError becomes its problem with extension members', async () => {
    const res = await t.app.inject('/_test/conflict');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'slug_taken', detail: 'That slug is taken', slug: 'x' });
  });

  it('an unexpected error is 500 without internals', async () => {
    const res = await t.app.inject('/_test/boom');
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('hunter2');
    expect(res.json().detail).toContain(res.headers['x-request-id']);
  });
});

describe('jobs and mail', () => {
  it('a mail job sent in a committed transaction is delivered over SMTP', async () => {
    await withTx(contextFor(t.platform), async (tx) => {
      await tx.jobs.send(
        MAIL_JOB,
        { to: 'committed@example.com', subject: 'Hello', text: 'hi', html: '<p>hi</p>' },
        { tx: tx.db },
      );
    });
    const m = await t.mail.waitFor('committed@example.com');
    expect(m.subject).toBe('Hello');
  });

  it('a job sent in a rolled-back transaction never runs', async () => {
    await withTx(contextFor(t.platform), async (tx) => {
      await tx.jobs.send(
        MAIL_JOB,
        { to: 'rolledback@example.com', subject: 'Never', text: 'x', html: 'x' },
        { tx: tx.db },
      );
      await tx.db.execute(sql`select 1`);
      throw new Error('rollback');
    }).catch(() => {});
    await t.platform.jobs.send(MAIL_JOB, { to: 'after@example.com', subject: 'After', text: 'x', html: 'x' });
    await t.mail.waitFor('after@example.com');
    expect(t.mail.messages.some((m) => m.to.includes('rolledback@example.com'))).toBe(false);
  });

  it('counts the queries a piece of work sends', async () => {
    const { count } = await t.countQueries(() => t.db.execute(sql`select 1`));
    expect(count).toBe(1);
  });

  it('does not count background queries that run meanwhile', async () => {
    const background = setInterval(() => void t.db.execute(sql`select 2`), 2);
    try {
      const { count } = await t.countQueries(async () => {
        await t.db.execute(sql`select 1`);
        await new Promise((resolve) => setTimeout(resolve, 40));
      });
      expect(count).toBe(1);
    } finally {
      clearInterval(background);
    }
  });
});
