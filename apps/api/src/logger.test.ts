import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { LineBlocks, RequestLog } from './logger.js';

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

describe('log lines written in blocks', () => {
  it('gathers lines until a block is full, then writes them in one write, in order', () => {
    const writes: string[] = [];
    const blocks = new LineBlocks({ write: (text: string) => writes.push(text) }, 10);
    blocks.write('aaa\n');
    blocks.write('bbb\n');
    expect(writes).toEqual([]);
    blocks.write('cc\n');
    expect(writes).toEqual(['aaa\nbbb\ncc\n']);
    blocks.write('ddd\n');
    let flushed = false;
    blocks.flush(() => (flushed = true));
    expect(flushed).toBe(true);
    expect(writes).toEqual(['aaa\nbbb\ncc\n', 'ddd\n']);
    blocks.flush();
    expect(writes).toHaveLength(2);
  });

  it('keeps every line of a pino logger, through its flush', () => {
    const writes: string[] = [];
    const log = pino({ level: 'info' }, new LineBlocks({ write: (text: string) => writes.push(text) }));
    for (let i = 0; i < 1000; i++) log.info({ i }, 'line');
    log.flush();
    const lines = writes
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { i: number });
    expect(lines.map((l) => l.i)).toEqual([...Array(1000).keys()]);
    expect(writes.length).toBeGreaterThan(1);
    expect(writes.length).toBeLessThan(1000);
  });

  // The API's own logger in a process of its own: what it gathered must reach stdout however the
  // process ends, short of SIGKILL.
  const apiDir = fileURLToPath(new URL('..', import.meta.url));
  const runLogging = (ending: string) =>
    spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { createLogger } from './src/logger.ts';
         const log = createLogger({ logLevel: 'info' });
         for (let i = 0; i < 3; i++) log.info({ i }, 'line');
         setTimeout(() => { ${ending} }, 10);`,
      ],
      { cwd: apiDir, encoding: 'utf8', env: { ...process.env, LOG_FORMAT: 'json' } },
    );

  it.each([
    ['an uncaught exception', "throw new Error('boom')", 1],
    ['process.exit', 'process.exit(3)', 3],
  ])('writes the lines still gathered when the process ends by %s', (_name, ending, status) => {
    const run = runLogging(ending);
    expect(run.status, run.stderr).toBe(status);
    const lines = run.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { i: number; msg: string });
    expect(lines.map((l) => [l.i, l.msg])).toEqual([
      [0, 'line'],
      [1, 'line'],
      [2, 'line'],
    ]);
  });
});
