// `npm run bench:orders -w @soko/bench`: how fast the API places orders (POST /cart/items then
// POST /orders, cash on delivery) on real PostgreSQL, against a scratch database (never `test`).
//   concurrent  32 buyers at once for BENCH_SECONDS: all on one hot variant, then spread over 200
//   sequential  one buyer, BENCH_ORDERS orders one after the other: ms per order
// Each also reports the CPU time per order of the API process and of the database's PostgreSQL
// backends (Linux /proc): unlike orders/s, it barely moves with the load of a shared machine.
// Needs the built API (`npm run build -w @soko/api`). Appends to bench/RESULTS.md.
//
//   BENCH_ORDERS_DATABASE_URL   the scratch database (created if missing); by default soko_bench_orders
//       through PostgreSQL's Unix socket when /var/run/postgresql has one (how an API on the
//       database's machine should connect, see the README), else over TCP on 127.0.0.1:5432.
//       postgres://postgres@127.0.0.1:5432/soko_bench_orders measures TCP.
//   BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the API process (written at exit)
//   BENCH_API_LOG=/tmp/api.log keeps the API's log (warnings and errors, with any 500's cause)
import { spawn } from 'node:child_process';
import { existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { addSection } from './results.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const socketDir = '/var/run/postgresql';
const databaseUrl =
  process.env.BENCH_ORDERS_DATABASE_URL ??
  (existsSync(`${socketDir}/.s.PGSQL.5432`)
    ? `postgres://postgres@localhost/soko_bench_orders?host=${socketDir}`
    : 'postgres://postgres@127.0.0.1:5432/soko_bench_orders');
const overSocket = new URL(databaseUrl).searchParams.get('host')?.startsWith('/') ?? false;
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const sequentialOrders = Number(process.env.BENCH_ORDERS ?? 50);
const buyers = 32;
const port = 4610;
const base = `http://127.0.0.1:${port}/api/v1`;
const address = {
  fullName: 'Bench Buyer',
  phone: '+254712000000',
  line1: 'Moi Avenue 1',
  city: 'Nairobi',
  region: 'Nairobi',
  country: 'KE',
};

async function sqlOn(url, text, params = []) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows;
  } finally {
    await c.end();
  }
}

async function freshDatabase() {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  if (name === 'test') throw new Error('refusing to run against the test database');
  url.pathname = '/postgres';
  await sqlOn(url.toString(), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await sqlOn(url.toString(), `CREATE DATABASE ${name}`);
}

async function startApi() {
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, 'apps/api/dist/server.js'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: '',
      RATE_LIMIT_DISABLED: 'true',
      API_PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      JWT_SECRET: randomBytes(32).toString('hex'),
    },
    stdio: [
      'ignore',
      process.env.BENCH_API_LOG ? openSync(process.env.BENCH_API_LOG, 'w') : 'ignore',
      'inherit',
    ],
  });
  for (let i = 0; i < 600; i++) {
    await new Promise((r) => setTimeout(r, 250));
    if ((await fetch(`${base.replace('/api/v1', '')}/readyz`).catch(() => ({ ok: false }))).ok) return child;
  }
  child.kill();
  throw new Error('the API did not become ready');
}

// The buyers' requests go through node:http on kept-alive connections: the load generator shares
// the two cores with the API and PostgreSQL, and fetch (undici's WHATWG layer) cost about 2–3 ms
// of CPU per order here (2026-12-05), as much as half the API's own; node:http costs a fraction.
const agent = new http.Agent({ keepAlive: true, maxSockets: buyers * 2 });

function call(method, url, token, body, headers = {}) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}${url}`,
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          ...headers,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          let json = null;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            // not JSON: the status says enough
          }
          resolve({ status: res.statusCode, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** 33 signed-in customers: accounts copied from a demo customer (same password hash), then logins. */
async function makeBuyers() {
  await sqlOn(
    databaseUrl,
    `insert into users (email, name, role, status, password_hash, email_verified_at)
     select 'buyer' || n || '@bench.local', 'Buyer ' || n, 'customer', 'active', password_hash, now()
       from generate_series(1, ${buyers + 1}) n,
            (select password_hash from users where email = 'wanjiku@demo.soko.local') demo`,
  );
  const tokens = [];
  for (let n = 1; n <= buyers + 1; n++) {
    const res = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identifier: `buyer${n}@bench.local`, password: 'Demo1234!' }),
    });
    if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    tokens.push((await res.json()).accessToken);
  }
  return tokens;
}

/**
 * CPU time (ms, user + system) used so far by the API process and by the database's PostgreSQL
 * backends, from /proc (Linux; zeros elsewhere). On a shared, busy machine orders/s says more about
 * the neighbours than about the code; CPU per order does not depend on how long a process waited.
 */
function cpuNow(apiPid) {
  const dbName = new URL(databaseUrl).pathname.slice(1);
  const out = { api: 0, postgres: 0 };
  let pids = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const who =
        Number(pid) === apiPid
          ? 'api'
          : cmd.startsWith(`postgres: `) && cmd.includes(` ${dbName} `)
            ? 'postgres'
            : null;
      if (!who) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out[who] += ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks: 100 per second
    } catch {
      // The process ended meanwhile.
    }
  }
  return out;
}

/** One order: one unit into the cart, then POST /orders. Answers the order's HTTP status. */
async function order(token, variantId, methodId) {
  const added = await call('POST', '/cart/items', token, { variantId, quantity: 1 });
  if (added.status !== 200 && added.status !== 201) return added.status;
  const placed = await call(
    'POST',
    '/orders',
    token,
    { shippingAddress: address, shippingMethodId: methodId, paymentMethod: 'cod' },
    { 'idempotency-key': randomUUID() },
  );
  return placed.status;
}

async function concurrent(tokens, pick, methodId) {
  const cpuBefore = cpuNow(api.pid);
  const ownBefore = process.cpuUsage();
  const until = Date.now() + seconds * 1000;
  const statuses = {};
  let placed = 0;
  await Promise.all(
    tokens.map(async (token, i) => {
      for (let k = 0; Date.now() < until; k++) {
        const status = await order(token, pick(i, k), methodId);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === 201) placed++;
      }
    }),
  );
  const cpuAfter = cpuNow(api.pid);
  const own = process.cpuUsage(ownBefore);
  const per = (who) => (placed > 0 ? ((cpuAfter[who] - cpuBefore[who]) / placed).toFixed(1) : '–');
  return {
    perSecond: placed / seconds,
    statuses,
    apiCpu: per('api'),
    postgresCpu: per('postgres'),
    // The buyers themselves (this process): what the load takes from the cores the API shares.
    buyersCpu: placed > 0 ? ((own.user + own.system) / 1000 / placed).toFixed(1) : '–',
  };
}

/**
 * Waits (up to two minutes) until the worker, which runs in the API process and sends the
 * confirmation mails while orders come in, has sent every one queued so far, so that no phase's
 * CPU pays for the mails of the one before. Answers how many were still queued and how long
 * they took.
 */
async function drainMails() {
  const pending = async () =>
    (
      await sqlOn(
        databaseUrl,
        `select count(*)::int as n from pgboss.job where name = 'orders.confirmation-mail' and state < 'completed'`,
      )
    )[0].n;
  const left = await pending();
  const started = performance.now();
  while ((await pending()) > 0 && performance.now() - started < 120_000) {
    await new Promise((r) => setTimeout(r, 200));
  }
  return { left, seconds: (performance.now() - started) / 1000 };
}

await freshDatabase();
const api = await startApi();
try {
  // The demo shop (loaded at first start) gives products and shipping methods; stock made ample.
  const variants = (
    await sqlOn(
      databaseUrl,
      `update product_variants set stock = 1000000
        where id in (select v.id from product_variants v join products p on p.id = v.product_id
                      where p.status = 'active' and p.deleted_at is null and v.deleted_at is null
                      order by v.sku limit 200)
        returning id`,
    )
  ).map((r) => r.id);
  await sqlOn(
    databaseUrl,
    `update products p set total_stock = s.total, in_stock = s.total > 0
       from (select product_id, sum(stock) as total from product_variants where deleted_at is null group by product_id) s
      where s.product_id = p.id`,
  );
  const [method] = await sqlOn(databaseUrl, `select id from shipping_methods where name = 'Kenya standard'`);
  const tokens = await makeBuyers();
  const [solo, ...crowd] = tokens;
  await drainMails();
  const hot = await concurrent(crowd, () => variants[0], method.id);
  hot.mails = await drainMails();
  const spread = await concurrent(crowd, (i, k) => variants[(i * 7 + k) % variants.length], method.id);
  spread.mails = await drainMails();
  const times = [];
  const cpuBefore = cpuNow(api.pid);
  for (let k = 0; k < sequentialOrders; k++) {
    const started = performance.now();
    const status = await order(solo, variants[k % variants.length], method.id);
    if (status !== 201) throw new Error(`sequential order answered ${status}`);
    times.push(performance.now() - started);
  }
  const cpuAfter = cpuNow(api.pid);
  const cpuPer = (who) => ((cpuAfter[who] - cpuBefore[who]) / sequentialOrders).toFixed(1);
  const sequentialMails = await drainMails();
  const mails = ({ left, seconds: s }) => `${left} (sent in ${s.toFixed(1)} s after)`;
  times.sort((a, b) => a - b);
  const mean = times.reduce((s, t) => s + t, 0) / times.length;
  const load = os.loadavg()[0].toFixed(1);
  const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const fmt = (s) =>
    Object.entries(s)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
  const section = [
    `## Orders API (${stamp} UTC)`,
    '',
    `PostgreSQL ${databaseUrl} (${overSocket ? 'Unix socket' : 'TCP'}; scratch database, demo shop), \`node apps/api/dist/server.js\`, LOG_LEVEL=warn, ` +
      `no Redis, rate limits off, ${os.cpus().length} cores shared with other work, Node ${process.versions.node}, ` +
      `load average ${load} at the end. One order = POST /cart/items (1 unit) + POST /orders (cash on delivery).`,
    '',
    '| scenario | orders/s | answers | API CPU ms/order | PostgreSQL CPU ms/order | buyers CPU ms/order |',
    '| --- | ---: | --- | ---: | ---: | ---: |',
    `| 32 buyers, one hot variant, ${seconds} s | ${hot.perSecond.toFixed(1)} | ${fmt(hot.statuses)} | ${hot.apiCpu} | ${hot.postgresCpu} | ${hot.buyersCpu} |`,
    `| 32 buyers, spread over ${variants.length} variants, ${seconds} s | ${spread.perSecond.toFixed(1)} | ${fmt(spread.statuses)} | ${spread.apiCpu} | ${spread.postgresCpu} | ${spread.buyersCpu} |`,
    '',
    `Sequential, one buyer, ${sequentialOrders} orders: mean ${mean.toFixed(1)} ms per order (cart add + place), ` +
      `p50 ${times[Math.floor(times.length / 2)].toFixed(1)} ms, max ${times.at(-1).toFixed(1)} ms; ` +
      `CPU per order: API ${cpuPer('api')} ms, PostgreSQL ${cpuPer('postgres')} ms.`,
    '',
    `Confirmation mails (queued by each order, sent by the worker in the API process to the dev mailbox while ` +
      `orders come in) still queued when a phase ended: hot ${mails(hot.mails)}, spread ${mails(spread.mails)}, ` +
      `sequential ${mails(sequentialMails)}. Each phase starts with none queued.`,
    '',
  ].join('\n');
  console.log(section);
  addSection(section);
} finally {
  agent.destroy();
  api.kill();
}
