// `npm run bench`: load scenarios against the built API, each compared with a bare Fastify server
// measured in the same run on the same machine. Results go to bench/RESULTS.md.
//
// The API runs in two setups, one after the other:
//   operator  what the README tells operators to run: `NODE_ENV=production npm run start:api`
//             (the start script, default log level, in-process job worker), its stdout (one JSON
//             line per request) written to a file as a log shipper would read it;
//   quiet     `node apps/api/dist/server.js` with LOG_LEVEL=warn: the API alone, no request log.
// For each: req/s against the bare server (measured before and after the setup's scenarios; the
// ratio is against their mean), the bare server sending the API's first page as the API sends a
// cached answer (what the answer's bytes cost alone), the cached first page against the bare
// server measured alternately (see `alternating`: the figure for issue 21's aim), and the API
// process's RSS idle and after the load.
//
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/soko_bench  (default; created if missing)
//   BENCH_PRODUCTS=100000     seed this many products first (skipped when the catalogue has them)
//   BENCH_SECONDS=10          duration of each scenario
//   BENCH_SETUPS=operator,quiet  which setups to run
//   BENCH_REDIS_URL=          use Redis for the API's cache (default: in-process LRU)
//   BENCH_RATIO_ROUNDS=3      rounds of the alternating cached-page / bare-server measurement
//   BENCH_API_NODE_ARGS=      extra node flags for the quiet setup's API (e.g. --optimize-for-size)
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { addSection } from './results.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/soko_bench';
const products = Number(process.env.BENCH_PRODUCTS ?? 100_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = 32;
const ratioRounds = Number(process.env.BENCH_RATIO_ROUNDS ?? 3);
const setups = (process.env.BENCH_SETUPS ?? 'operator,quiet').split(',').filter(Boolean);
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
  API_PORT: String(apiPort),
  HOST: '127.0.0.1',
  NODE_ENV: 'production',
  JWT_SECRET: randomBytes(32).toString('hex'),
};
delete env.LOG_LEVEL;
delete env.LOG_FORMAT;
const seedEnv = { ...env, LOG_LEVEL: 'warn', SEED_DEMO: 'false' };

const logFile = path.join(os.tmpdir(), 'soko-bench-api.log');

/** Extra `node` flags for the quiet setup's API process (V8 flags NODE_OPTIONS refuses, a profiler). */
const apiNodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);

/** Starts the API in one of the setups; resolves with the process to kill and the API's pid. */
async function startApi(setup) {
  const out = openSync(logFile, 'w');
  const child =
    setup === 'operator'
      ? spawn(process.execPath, ['scripts/start.mjs', '--api-only'], {
          cwd: root,
          env,
          stdio: ['ignore', out, 'inherit'],
        })
      : spawn(process.execPath, [...apiNodeArgs, 'apps/api/dist/server.js'], {
          cwd: root,
          env: { ...env, LOG_LEVEL: 'warn' },
          stdio: ['ignore', out, 'inherit'],
        });
  closeSync(out);
  const base = `http://127.0.0.1:${apiPort}`;
  for (let i = 0; i < 600 && child.exitCode === null; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  if (child.exitCode !== null) throw new Error(`the API (${setup}) exited with ${child.exitCode}`);
  // The start script runs the API as its child: measure that process, not the script.
  const apiPid = setup === 'operator' ? childrenOf(child.pid)[0] : child.pid;
  return { child, apiPid };
}

const childrenOf = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).map(Number);
  } catch {
    return [];
  }
};

/** Resident memory of a process in MiB (Linux /proc; null elsewhere). */
/** The API's JS heap right after the load, from its Prometheus metrics: used of total, and external. */
async function heapMiB(base) {
  try {
    const text = await (await fetch(`${base}/metrics`)).text();
    const read = (name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) / 1024 / 1024;
    const mib = (n) => n.toFixed(0);
    return `${mib(read('nodejs_heap_size_used_bytes'))} used of ${mib(read('nodejs_heap_size_total_bytes'))} MiB, external ${mib(read('nodejs_external_memory_bytes'))} MiB`;
  } catch {
    return 'unknown';
  }
}

function rssMiB(pid) {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
}

function stopApi(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

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

/** The scenarios against an API at `base`, each checked to find something first. */
async function scenariosFor(base) {
  const first = await (await fetch(`${base}/api/v1/products?pageSize=1&sort=popular`)).json();
  const slug = first.items?.[0]?.slug;
  const categories = await (await fetch(`${base}/api/v1/categories`)).json();
  const category =
    categories.items?.find((c) => c.slug === 'electronics')?.slug ?? categories.items?.[0]?.slug;
  if (!slug || !category) throw new Error('the catalogue has no products or categories');
  const list = `${base}/api/v1/products`;
  // Uncached scenarios add a different minPrice (in cents, far below any demo price) per request.
  const scenarios = [
    ['list, first page (cached)', list],
    ['filtered list (cached)', `${list}?category=${category}&minPrice=100000&inStock=true&sort=price`],
    [
      'filtered list (uncached)',
      (n) => `${list}?category=${category}&minPrice=${100000 + n}&inStock=true&sort=price`,
    ],
    ['search (cached)', `${list}?q=wireless%20headphones`],
    ['search (uncached)', (n) => `${list}?q=wireless%20headphones&minPrice=${n}`],
    ['search with a typo (uncached)', (n) => `${list}?q=heaphones&minPrice=${n}`],
    ['two typos (uncached)', (n) => `${list}?q=wirelss%20headpohnes&minPrice=${n}`],
    ['product detail (cached)', `${base}/api/v1/products/${slug}`],
    ['suggest (cached)', `${base}/api/v1/search/suggest?q=hea`],
  ];
  for (const [name, target] of scenarios) {
    const url = typeof target === 'string' ? target : target(0);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${name}: ${url} answered ${res.status}`);
    const body = await res.json();
    const found = Array.isArray(body.items) ? body.items.length > 0 : Boolean(body.id);
    if (!found) throw new Error(`${name}: ${url} found nothing`);
  }
  return scenarios;
}

/**
 * The cached first page against the bare server, measured alternately: bare, API, bare, API, …,
 * bare ({@link ratioRounds} rounds of 10 s each, no warm-up: both are warm by then), each round's
 * API figure against the mean of the bare runs either side of it. This machine's speed drifts
 * with its host (the bare server moved between 16.5k and 29k req/s within minutes, 2026-12-05),
 * so adjacent measurements, and the median of several rounds, say more than one ratio taken
 * across a whole setup's scenarios.
 */
async function alternating(listUrl, bareUrl) {
  const ratios = [];
  let bare = (await cannon(bareUrl)).requests.average;
  for (let i = 0; i < ratioRounds; i++) {
    const api = (await cannon(listUrl)).requests.average;
    const next = (await cannon(bareUrl)).requests.average;
    ratios.push(api / ((bare + next) / 2));
    bare = next;
  }
  const sorted = [...ratios].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const pct = (r) => `${(r * 100).toFixed(0)}%`;
  console.log(
    `cached first page vs bare, alternating: ${ratios.map(pct).join(', ')} (median ${pct(median)})`,
  );
  return { ratios, median, pct };
}

async function measure(name, target) {
  await cannon(target); // warm-up pass, discarded
  const r = await cannon(target);
  const row = {
    name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.non2xx,
  };
  console.log(`${name}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms`);
  return row;
}

const setupTitles = {
  operator: '`NODE_ENV=production npm run start:api`, default log level, stdout to a file',
  quiet: '`node apps/api/dist/server.js`, `LOG_LEVEL=warn`',
};

async function main() {
  spawnSync('npm', ['run', '-s', 'build', '-w', '@soko/api'], { cwd: root, stdio: 'inherit' });
  await ensureDatabase();
  if ((await productCount()) < products) {
    console.log(`seeding ${products} products…`);
    const t0 = Date.now();
    const r = spawnSync(
      process.execPath,
      ['apps/api/dist/cli.js', 'seed', '--reset', '--products', String(products)],
      { cwd: root, stdio: 'inherit', env: seedEnv },
    );
    if (r.status !== 0) throw new Error('seed failed');
    console.log(`seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }

  const bare = spawn(process.execPath, [path.join(here, 'bare-server.mjs'), String(barePort)], {
    stdio: 'inherit',
  });
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(`http://127.0.0.1:${barePort}/`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const base = `http://127.0.0.1:${apiPort}`;
  const sections = [];
  for (const setup of setups) {
    console.log(`\n# ${setup}: ${setupTitles[setup]}`);
    const { child, apiPid } = await startApi(setup);
    await new Promise((r) => setTimeout(r, 3_000)); // let start-up garbage be collected
    const idle = rssMiB(apiPid);
    const scenarios = await scenariosFor(base);
    // The bare server is measured beside each setup, before and after its scenarios, so each ratio
    // compares one moment's machine (the bare figure moved by up to 1.7× between the setups of one
    // run on a quiet machine: 2026-12-05 14:13). It also sends the API's first page back as the
    // API sends a cached answer: the same bytes without the API's work.
    const bareUrl = `http://127.0.0.1:${barePort}`;
    const listed = await fetch(scenarios[0][1]);
    await fetch(`${bareUrl}/answer`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-etag': listed.headers.get('etag') ?? '' },
      body: await listed.text(),
    });
    const before = await measure('bare Fastify hello', `${bareUrl}/`);
    const sameAnswer = await measure(`bare Fastify, the first page's answer`, `${bareUrl}/answer`);
    const measured = [];
    for (const [name, target] of scenarios) measured.push(await measure(name, target));
    const loaded = rssMiB(apiPid);
    const heap = await heapMiB(base);
    const loadEnded = Date.now();
    const after = await measure('bare Fastify hello, after', `${bareUrl}/`);
    const rows = [before, after, sameAnswer, ...measured];
    // V8 gives back young-generation and free old-space pages a few seconds after a burst ends.
    await new Promise((r) => setTimeout(r, Math.max(0, loadEnded + 15_000 - Date.now())));
    const settled = rssMiB(apiPid);
    const tree = setup === 'operator' ? rssMiB(child.pid) : null;
    const alternate = ratioRounds > 0 ? await alternating(scenarios[0][1], `${bareUrl}/`) : null;
    const logBytes = statSync(logFile).size;
    await stopApi(child);
    console.log(
      `API RSS: idle ${idle} MiB, after the load ${loaded} MiB (JS heap ${heap}), 15 s later ${settled} MiB; log ${logBytes} bytes`,
    );
    sections.push({ setup, rows, idle, loaded, heap, settled, tree, logBytes, alternate });
  }
  await stopApi(bare);

  const now = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const lines = [
    `## Catalogue API, ${products.toLocaleString('en')} products (${now} UTC)`,
    '',
    `PostgreSQL ${databaseUrl.replace(/\/\/[^@]*@/, '//')}, ${env.REDIS_URL ? 'Redis' : 'in-process LRU'} cache, ${connections} connections, ${seconds} s per scenario, ${os.cpus().length} cores, Node ${process.versions.node}, load average ${os.loadavg()[0].toFixed(1)} at the end.`,
    '',
  ];
  for (const { setup, rows, idle, loaded, heap, settled, tree, logBytes, alternate } of sections) {
    const bareRps = (rows[0].rps + rows[1].rps) / 2;
    lines.push(
      `### ${setup}: ${setupTitles[setup]}`,
      '',
      `API process RSS: idle ${idle} MiB, after the load ${loaded} MiB (JS heap ${heap}), 15 s later ${settled} MiB${tree ? ` (plus the start script: ${tree} MiB)` : ''}. Log written: ${(logBytes / 1024 / 1024).toFixed(1)} MiB.`,
      '',
      `"vs bare" is against the mean of the bare server's two runs (${bareRps.toFixed(0)} req/s).`,
      '',
      ...(alternate
        ? [
            `The cached first page against the bare server measured alternately (bare, list, bare, …; ${seconds} s each, each list run against the mean of the bare runs either side): ${alternate.ratios.map(alternate.pct).join(', ')}; median ${alternate.pct(alternate.median)}.`,
            '',
          ]
        : []),
      '| scenario | req/s | vs bare | p50 ms | p99 ms | errors |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...rows.map(
        (r) =>
          `| ${r.name} | ${r.rps.toFixed(0)} | ${((r.rps / bareRps) * 100).toFixed(0)}% | ${r.p50} | ${r.p99} | ${r.errors} |`,
      ),
      '',
    );
  }
  addSection(lines.join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
