import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import Fastify from 'fastify';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { skipUnless } from '../test/services.js';
import { httpErrors } from './http-errors.js';

/** An app with the API's error handler and routes that fail the way `work` fails. */
async function appThat(routes: Record<string, () => Promise<unknown>>) {
  const app = Fastify({ logger: false });
  await app.register(httpErrors);
  for (const [path, work] of Object.entries(routes)) app.get(path, async () => work());
  return app;
}

describe('database errors in the one error handler', () => {
  it('a server that refuses connections (too many clients) answers 503 service_unavailable with Retry-After', async () => {
    const tooMany = Object.assign(new Error('sorry, too many clients already'), { code: '53300' });
    const app = await appThat({
      '/full': () => Promise.reject(new Error('Failed query: select 1', { cause: tooMany })),
      '/bug': () => Promise.reject(new Error('undefined is not a function')),
    });
    const full = await app.inject('/full');
    expect(full.statusCode).toBe(503);
    expect(full.headers['retry-after']).toBe('1');
    expect(full.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(full.json()).toMatchObject({ status: 503, code: 'service_unavailable' });
    const bug = await app.inject('/bug');
    expect(bug.statusCode).toBe(500);
    expect(bug.json()).toMatchObject({ code: 'internal_error' });
    await app.close();
  });

  describe.skipIf(skipUnless('postgres', 'a real pg pool that runs out of connections'))(
    'pool exhaustion',
    () => {
      const pool = new pg.Pool({
        connectionString: process.env.TEST_DATABASE_URL,
        max: 1,
        // Generous for the first connection (a busy machine can take more than 100 ms to make it);
        // lowered below once the one connection is held.
        connectionTimeoutMillis: 5_000,
      });
      const db = drizzle(pool);
      afterAll(() => pool.end());

      it('a query or a transaction that cannot get a pooled connection in time answers 503, not 500', async () => {
        const app = await appThat({
          '/query': () => db.execute(sql`select 1`),
          '/transaction': () => db.transaction((tx) => tx.execute(sql`select 1`)),
        });
        const held = await pool.connect();
        // The one connection is taken; waiting for it gives up after 100 ms instead of 5 s.
        (pool.options as { connectionTimeoutMillis: number }).connectionTimeoutMillis = 100;
        try {
          for (const path of ['/query', '/transaction']) {
            const res = await app.inject(path);
            expect(res.statusCode, path).toBe(503);
            expect(res.headers['retry-after']).toBe('1');
            expect(res.json()).toMatchObject({ code: 'service_unavailable' });
          }
        } finally {
          held.release();
        }
        expect((await app.inject('/query')).statusCode).toBe(200);
        await app.close();
      });
    },
  );
});

describe('a deadlock or serialization failure that reaches the error handler', () => {
  it('answers 503 service_unavailable with Retry-After, never 500', async () => {
    const app = await appThat({
      '/deadlock': () =>
        Promise.reject(
          new Error('Failed query: update product_variants …', {
            cause: Object.assign(new Error('deadlock detected'), { code: '40P01' }),
          }),
        ),
      '/serialization': () =>
        Promise.reject(Object.assign(new Error('could not serialize access'), { code: '40001' })),
    });
    for (const path of ['/deadlock', '/serialization']) {
      const res = await app.inject(path);
      expect(res.statusCode, path).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.json()).toMatchObject({ status: 503, code: 'service_unavailable' });
    }
    await app.close();
  });
});
