import { Writable } from 'node:stream';
import Fastify from 'fastify';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { RequestLog } from './logger.js';

/** A Fastify app logging requests like the API's, into an array. */
async function appLoggingTo(level: string) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const app = Fastify({ loggerInstance: pino({ level }, sink), logController: new RequestLog() });
  app.decorateRequest('actor', null);
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async () => ({ status: 'ok' }));
  app.get('/api/v1/products/:id', async () => ({ id: 'p1' }));
  app.get('/api/v1/me', {
    preHandler: async (request) => {
      request.actor = { id: 'user-1', role: 'customer', sellerStatus: null, sessionId: null };
    },
    handler: async () => ({ ok: true }),
  });
  await app.ready();
  return { app, lines };
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

describe('request log', () => {
  it('writes one line per request: method, route pattern, status, duration, request id', async () => {
    const { app, lines } = await appLoggingTo('info');
    close = () => app.close();
    const res = await app.inject({ url: '/api/v1/products/p1?x=1', headers: { 'x-request-id': 'abc' } });
    expect(res.statusCode).toBe(200);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      method: 'GET',
      route: '/api/v1/products/:id',
      status: 200,
      msg: 'GET /api/v1/products/:id 200',
    });
    expect(lines[0]!.reqId).toEqual(expect.any(String));
    expect(lines[0]!.ms).toEqual(expect.any(Number));
    expect(lines[0]).not.toHaveProperty('userId');
  });

  it('names the signed-in user, and logs the path of a request no route matched', async () => {
    const { app, lines } = await appLoggingTo('info');
    close = () => app.close();
    await app.inject({ url: '/api/v1/me' });
    await app.inject({ url: '/nowhere?secret=1' });
    expect(lines.map((l) => [l.route, l.status, l.userId])).toEqual([
      ['/api/v1/me', 200, 'user-1'],
      ['/nowhere', 404, undefined],
    ]);
  });

  it('logs health and readiness probes at debug only', async () => {
    const info = await appLoggingTo('info');
    await info.app.inject({ url: '/healthz' });
    await info.app.inject({ url: '/readyz' });
    expect(info.lines).toEqual([]);
    await info.app.close();

    const debug = await appLoggingTo('debug');
    close = () => debug.app.close();
    await debug.app.inject({ url: '/healthz' });
    await debug.app.inject({ url: '/readyz' });
    expect(debug.lines.map((l) => [l.level, l.route])).toEqual([
      [20, '/healthz'],
      [20, '/readyz'],
    ]);
  });
});
