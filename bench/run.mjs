// `npm run bench`: load scenarios against the built API, each compared with a bare Fastify server
// measured in the same run on the same machine. Results go to bench/RESULTS.md.
//
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/soko_bench  (default; created if missing)
//   BENCH_PRODUCTS=100000     seed this many products first (skipped when the catalogue has them)
//   BENCH_SECONDS=10          duration of each scenario
//   BENCH_REDIS_URL=          use Redis for the API's cache (default: in-process LRU)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/soko_bench';
const products = Number(process.env.BENCH_PRODUCTS ?? 100_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = 32;
const apiPort = 4600;
const barePort = 4601;

async function ensureDatabase() {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  const { rowCount } = await c.query('select 1 from pg_database where datname = $1', [name]);
  if (!rowCount) await c.query(`CREATE DATABASE ${name}`);
  await c.end();
}

async function productCount() {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    // Every product the seed made (about 4% are drafts), so a seeded catalogue is not seeded again.
    const r = await c.query('select count(*)::int as n from products where deleted_at is null');
    return r.rows[0].n;
  } catch {
    return 0;
  } finally {
    await c.end();
  }
}

const env = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  REDIS_URL: process.env.BENCH_REDIS_URL ?? '',
  RATE_LIMIT_DISABLED: 'true',
  LOG_LEVEL: 'warn',
  API_PORT: String(apiPort),
  SEED_DEMO: 'false',
  NODE_ENV: 'development',
};

// `target` is a URL, or a function making a new URL per request: a varying query string keeps
// every request out of the API's cache, so the database is measured rather than the cache.
function cannon(target) {
  const fixed = typeof target === 'string';
  const base = new URL(fixed ? target : target(0));
  let n = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: base.origin,
        connections,
        duration: seconds,
        pipelining: 1,
        requests: [
          {
            setupRequest: (req) => {
              const url = new URL(fixed ? target : target(++n));
              return { ...req, path: url.pathname + url.search };
            },
          },
        ],
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
  });
}

async function main() {
  spawnSync('npm', ['run', '-s', 'build', '-w', '@soko/api'], { cwd: root, stdio: 'inherit' });
  await ensureDatabase();
  if ((await productCount()) < products) {
    console.log(`seeding ${products} products…`);
    const t0 = Date.now();
    const r = spawnSync(
      process.execPath,
      ['apps/api/dist/cli.js', 'seed', '--reset', '--products', String(products)],
      {
        cwd: root,
        stdio: 'inherit',
        env,
      },
    );
    if (r.status !== 0) throw new Error('seed failed');
    console.log(`seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }

  const bare = Fastify();
  bare.get('/', async () => ({ hello: 'world' }));
  await bare.listen({ port: barePort, host: '127.0.0.1' });

  const api = spawn(process.execPath, ['apps/api/dist/server.js'], { cwd: root, env, stdio: 'inherit' });
  const base = `http://127.0.0.1:${apiPort}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }

  const first = await (await fetch(`${base}/api/v1/products?pageSize=1&sort=popular`)).json();
  const slug = first.items?.[0]?.slug;
  const categories = await (await fetch(`${base}/api/v1/categories`)).json();
  const category =
    categories.items?.find((c) => c.slug === 'electronics')?.slug ?? categories.items?.[0]?.slug;
  if (!slug || !category) throw new Error('the catalogue has no products or categories');
  const list = `${base}/api/v1/products`;
  // Uncached scenarios add a different minPrice (in cents, far below any demo price) per request.
  const scenarios = [
    ['bare Fastify hello', `http://127.0.0.1:${barePort}/`],
    ['list, first page (cached)', list],
    ['filtered list (cached)', `${list}?category=${category}&minPrice=100000&inStock=true&sort=price`],
    [
      'filtered list (uncached)',
      (n) => `${list}?category=${category}&minPrice=${100000 + n}&inStock=true&sort=price`,
    ],
    ['search (cached)', `${list}?q=wireless%20headphones`],
    ['search (uncached)', (n) => `${list}?q=wireless%20headphones&minPrice=${n}`],
    ['search with a typo (uncached)', (n) => `${list}?q=heaphones&minPrice=${n}`],
    ['product detail (cached)', `${base}/api/v1/products/${slug}`],
    ['suggest (cached)', `${base}/api/v1/search/suggest?q=hea`],
  ];
  for (const [name, target] of scenarios) {
    const url = typeof target === 'string' ? target : target(0);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${name}: ${url} answered ${res.status}`);
    const body = await res.json();
    const found = Array.isArray(body.items) ? body.items.length > 0 : Boolean(body.id ?? body.hello);
    if (!found) {
      throw new Error(`${name}: ${url} found nothing`);
    }
  }
  const rows = [];
  let bareRps = 0;
  for (const [name, target] of scenarios) {
    await cannon(target); // warm-up pass, discarded
    const r = await cannon(target);
    const rps = r.requests.average;
    if (!bareRps) bareRps = rps;
    rows.push({ name, rps, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx });
    console.log(`${name}: ${rps.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`);
  }
  api.kill('SIGTERM');
  await bare.close();

  const now = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const table = [
    `## Catalogue API, ${products.toLocaleString('en')} products (${now} UTC)`,
    '',
    `PostgreSQL ${databaseUrl.replace(/\/\/[^@]*@/, '//')}, ${env.REDIS_URL ? 'Redis' : 'in-process LRU'} cache, ${connections} connections, ${seconds} s per scenario, ${os.cpus().length} cores, Node ${process.versions.node}.`,
    '',
    '| scenario | req/s | vs bare | p50 ms | p99 ms | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.rps.toFixed(0)} | ${((r.rps / bareRps) * 100).toFixed(0)}% | ${r.p50} | ${r.p99} | ${r.errors} |`,
    ),
    '',
  ].join('\n');
  const file = path.join(here, 'RESULTS.md');
  const previous = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Benchmark results\n\nWritten by `npm run bench`; newest first.\n\n';
  const [head, ...rest] = previous.split(/\n(?=## )/);
  writeFileSync(file, [head.trimEnd(), '', table, ...rest].join('\n'));
  console.log(`written to ${path.relative(root, file)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
