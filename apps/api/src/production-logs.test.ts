import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_DB, TEST_DB_PREFIX, testDatabaseUrl } from './test/databases.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

async function adminQuery(sql: string) {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A database for the started API: a copy of the migrated template on PostgreSQL, or PGlite. */
async function scratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = testDatabaseUrl();
  if (!base) return { url: '', drop: async () => {} };
  const name = `${TEST_DB_PREFIX}prodlog${process.pid}`;
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function waitForReady(url: string, exited: () => boolean) {
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline && !exited()) {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) }).catch(() => null);
    if (res?.ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`not ready at ${url}`);
}

describe('the production command', () => {
  it('writes nothing but the API’s JSON lines to stdout: one per request, probes left out at the default level', async () => {
    const port = await freePort();
    const dataDir = await mkdtemp(path.join(tmpdir(), 'soko-prodlog-'));
    const database = await scratchDatabase();
    // The operator's defaults: no log level or format set.
    const { LOG_LEVEL: _level, LOG_FORMAT: _format, ...inherited } = process.env;
    const child = spawn(process.execPath, ['scripts/start.mjs', '--api-only'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...inherited,
        NODE_ENV: 'production',
        JWT_SECRET: 'a-production-secret-of-more-than-32-characters',
        API_PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_API_URL: `http://127.0.0.1:${port}`,
        DATA_DIR: dataDir,
        DATABASE_URL: database.url,
        REDIS_URL: '',
        SMTP_URL: '',
        SEED_DEMO: 'false',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exit = new Promise((resolve) => child.once('exit', resolve));
    try {
      const api = `http://127.0.0.1:${port}`;
      await waitForReady(`${api}/readyz`, () => child.exitCode !== null).catch((err: Error) => {
        throw new Error(`${err.message}\nstderr: ${stderr}`);
      });
      expect((await fetch(`${api}/healthz`)).status).toBe(200);
      expect((await fetch(`${api}/api/v1/products`)).status).toBe(200);
      expect((await fetch(`${api}/nowhere`)).status).toBe(404);
      // On PostgreSQL the start script bounds the API's old space (API_HEAP_MB, 96 + CACHE_MAX_MB
      // by default); on PGlite it leaves V8's default (a share of the machine's memory).
      const metrics = await (await fetch(`${api}/metrics`)).text();
      const limitMiB = Number(/^nodejs_heap_size_limit_bytes (\S+)$/m.exec(metrics)?.[1]) / 1024 / 1024;
      if (database.url) {
        expect(limitMiB).toBeGreaterThanOrEqual(128);
        expect(limitMiB).toBeLessThan(256);
      } else {
        expect(limitMiB).toBeGreaterThan(256);
      }
      // Lines are written in blocks, but a quiet API's lines still arrive while it runs (within
      // a second; the deadline here only bounds a failing run).
      for (let i = 0; i < 100 && !stdout.includes('"route":"/nowhere"'); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(stdout).toContain('"route":"/nowhere"');
      // The script says "ready" after its own readiness poll, which may come after ours.
      for (let i = 0; i < 300 && !stderr.includes('[soko] ready in'); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      child.kill('SIGTERM');
      await exit;
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    }

    const lines = stdout.split('\n').filter((l) => l !== '');
    const parsed = lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`stdout line is not JSON: ${line}\n(stderr: ${stderr})`);
      }
    });
    const requests = parsed.filter((l) => 'route' in l);
    expect(requests.map((l) => [l.method, l.route, l.status])).toEqual([
      ['GET', '/api/v1/products', 200],
      ['GET', '/nowhere', 404],
    ]);
    expect(parsed.some((l) => l.msg === 'incoming request' || l.msg === 'request completed')).toBe(false);
    expect(parsed.some((l) => String(l.msg).startsWith('API ready on'))).toBe(true);
    expect(stderr).toContain('[soko] ready in');
  }, 200_000);
});
