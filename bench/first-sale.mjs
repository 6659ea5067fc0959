// `npm run bench:first-sale -w @soko/bench [-- <repo>] [--no-clone] [--keep] [--cold-cache]`:
// the newcomer's first sale (issue 20), timed. It clones the repository (default: the root of
// this checkout; a local clone, so git copies no bytes over a network), runs `npm start` there as a
// newcomer does (it installs what is missing, builds, migrates, loads the demo catalogue, serves
// API + web on embedded PGlite), then drives Debian's Chromium as a new visitor: register, read the
// code from the dev mailbox (`<DATA_DIR>/mailbox/*.json`), verify, sign in, search, add a product,
// check out (new address, first delivery option, sandbox M-Pesa with 0712345678), place the order
// and wait until the page says Paid (the sandbox calls back about 2 s later, over /ws). Prints the
// phases and the total "clone to paid", and writes a section to bench/RESULTS.md (newest first).
//
// - `--no-clone`: measure this checkout as it is (no clone; install/build only if stale).
// - `--keep`: leave the clone (and its log, `start.log`) in the temp dir and print where.
// - `--cold-cache`: give npm an empty cache of its own, so the install downloads every package as
//   a newcomer's first install does (network to the npm registry needed). Without it, npm uses
//   this machine's cache (~/.npm), and the section says how big that cache was.
//
// Free ports (API_PORT, WEB_PORT) and a fresh DATA_DIR every run; DATABASE_URL, REDIS_URL,
// SMTP_URL, JWT_SECRET and NODE_ENV are removed from the environment, as on a newcomer's laptop.
// Everything started runs in one process group, which is stopped at the end (also on failure or
// Ctrl-C), and the temp dir is removed. The selectors are those of the e2e flows
// (e2e/shopper/checkout-mpesa.spec.ts, e2e/support/shop.ts).
import { execFileSync, spawn } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { addSection } from './results.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const args = process.argv.slice(2);
const noClone = args.includes('--no-clone');
const keep = args.includes('--keep');
const coldCache = args.includes('--cold-cache');
const source = args.find((a) => !a.startsWith('--')) ?? root;
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'Newcomer-2026!';
const PHONE = '0712345678';

const t0 = Date.now();
const seconds = (ms) => (ms / 1000).toFixed(1);
const say = (msg) => console.log(`[first-sale ${seconds(Date.now() - t0).padStart(6)} s] ${msg}`);

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function duKiB(dir) {
  try {
    return Number(execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split('\t')[0]);
  } catch {
    return 0;
  }
}

// ---------------------------------------------------------------------------------------------
// The shop: `npm start` in its own process group, its messages timed.

/**
 * Starts `npm start` in `dir` and resolves when it prints "ready in". `marks` gets the time of
 * the start script's milestones: install, builds, and the start of the servers (the line it
 * prints right before it runs the API; with JWT_SECRET unset that is the development-secret
 * notice, otherwise the API's first log line).
 */
function startShop(dir, env, logFile, marks) {
  const log = createWriteStream(logFile);
  const child = spawn('npm', ['start'], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const ready = new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      log.write(chunk);
      // npm's own banner goes here too; the API's JSON lines mark that the servers are starting.
      if (/^\{/m.test(chunk)) marks.servers ??= Date.now();
    });
    child.stderr.on('data', (chunk) => {
      log.write(chunk);
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop();
      for (const line of lines) {
        const m = /\[soko\] (.*)/.exec(line);
        if (!m) continue;
        const msg = m[1];
        if (/^installing dependencies/.test(msg)) marks.install ??= Date.now();
        else if (/^building /.test(msg)) marks.build ??= Date.now();
        else if (/^JWT_SECRET is not set/.test(msg)) marks.servers ??= Date.now();
        else if (/^ready in/.test(msg)) {
          marks.ready = Date.now();
          resolve();
        }
        say(`npm start: ${msg}`);
      }
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`npm start exited (${code ?? signal}) before ready`)),
    );
  });
  return { child, ready, log };
}

/** Stops the whole process group: SIGINT (the start script's clean stop), SIGKILL after 15 s. */
async function stopGroup(child) {
  const alive = () => {
    try {
      process.kill(-child.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  try {
    process.kill(-child.pid, 'SIGINT');
  } catch {
    /* gone meanwhile */
  }
  for (let i = 0; i < 150 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive()) process.kill(-child.pid, 'SIGKILL');
  for (let i = 0; i < 50 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
}

// ---------------------------------------------------------------------------------------------
// The visitor (selectors as in e2e/shopper/checkout-mpesa.spec.ts and e2e/support/shop.ts).

async function waitForCode(dataDir, to, since, timeoutMs = 30_000) {
  const dir = path.join(dataDir, 'mailbox');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
    for (const f of files) {
      let mail;
      try {
        mail = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
      } catch {
        continue; // still being written
      }
      if (mail.to?.toLowerCase() !== to.toLowerCase() || Date.parse(mail.sentAt) < since - 1000) continue;
      const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
      if (code) return code;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no verification mail to ${to} within ${timeoutMs} ms`);
}

/** A product from the search results whose chosen variant is in stock goes into the cart. */
async function addFirstInStock(page, listingUrl) {
  await page.goto(listingUrl);
  const links = page.locator('main article a[href^="/p/"]');
  await links.first().waitFor();
  const hrefs = [...new Set(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href'))))];
  for (const href of hrefs) {
    await page.goto(href);
    const add = page.getByRole('button', { name: 'Add to cart', exact: true });
    const soldOut = page.getByRole('button', { name: 'Sold out', exact: true });
    await add.or(soldOut).first().waitFor();
    if (!(await add.isVisible())) continue;
    await add.click();
    await page.getByText('Added to your cart.').waitFor();
    return (await page.getByRole('heading', { level: 1 }).textContent())?.trim() ?? href;
  }
  throw new Error(`nothing in stock at ${listingUrl}`);
}

async function visitor(webUrl, dataDir, laps, outside) {
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  const context = await browser.newContext({ baseURL: webUrl, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  // "No network beyond npm": every host the browser asks for besides the shop's is recorded.
  const shopHost = new URL(webUrl).hostname;
  page.on('request', (request) => {
    const { protocol, hostname } = new URL(request.url());
    if (/^(https?|wss?):$/.test(protocol) && hostname !== shopHost) outside.add(hostname);
  });
  page.setDefaultTimeout(60_000);
  page.setDefaultNavigationTimeout(120_000);
  const lap = (name) => laps.push({ name, at: Date.now() });
  try {
    lap('browser open');
    const email = `newcomer-${Date.now().toString(36)}@example.com`;
    await page.goto('/register');
    const since = Date.now();
    await page.getByLabel('Full name').fill('Achieng Otieno');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/verify/);
    await page.getByLabel('Verification code').fill(await waitForCode(dataDir, email, since));
    await page.getByRole('button', { name: 'Verify email' }).click();
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel('Email or username').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/account$/);
    lap('registered, verified, signed in');

    await page.goto('/');
    const box = page.getByRole('combobox', { name: 'Search products' });
    await box.fill('headphones');
    await box.press('Enter');
    await page.waitForURL(/\/search\?q=headphones/);
    const title = await addFirstInStock(page, page.url());
    say(`in the cart: ${title}`);
    lap('searched, added to cart');

    await page.goto('/checkout');
    await page.waitForURL(/\/checkout\/address$/);
    await page.getByLabel('Full name').fill('Achieng Otieno');
    await page.getByLabel('Phone', { exact: true }).fill(PHONE);
    await page.getByLabel('Address', { exact: true }).fill('Moi Avenue 12');
    await page.getByLabel('City or town').fill('Nairobi');
    await page.getByRole('button', { name: 'Save and deliver here' }).click();
    await page.waitForURL(/\/checkout\/shipping$/);
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await page.waitForURL(/\/checkout\/payment$/);
    await page.getByRole('radio', { name: /^M-Pesa/ }).check();
    await page.getByLabel('M-Pesa phone number').fill(PHONE);
    await page.getByRole('button', { name: 'Review order' }).click();
    await page.waitForURL(/\/checkout\/review$/);
    await page.getByTestId('quote-total').waitFor();
    await page.getByRole('button', { name: /Place order and pay/ }).click();
    await page.waitForURL(/\/checkout\/pay\//);
    lap('checked out, order placed');

    await page.waitForURL(/\/checkout\/confirmation\//, { timeout: 60_000 });
    await page
      .getByTestId('payment-status')
      .filter({ hasText: /^Paid$/ })
      .waitFor();
    lap('paid (page turned by itself)');
  } catch (err) {
    const shot = path.join(os.tmpdir(), `soko-first-sale-failure-${process.pid}.png`);
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
    say(`failed at ${page.url()}; screenshot ${shot}`);
    throw err;
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'soko-first-sale-'));
  const dir = noClone ? root : path.join(tmp, 'soko');
  const dataDir = path.join(tmp, 'data');
  const logFile = path.join(tmp, 'start.log');
  const npmCache = coldCache ? path.join(tmp, 'npm-cache') : path.join(os.homedir(), '.npm');
  const cacheKiB = coldCache ? 0 : duKiB(path.join(npmCache, '_cacache'));
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const env = { ...process.env, API_PORT: String(apiPort), WEB_PORT: String(webPort), DATA_DIR: dataDir };
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'JWT_SECRET', 'NODE_ENV', 'HOST', 'LOG_LEVEL']) {
    delete env[k];
  }
  for (const k of Object.keys(env)) if (/^(PUBLIC_|API_URL$|WEB_URL$|npm_)/.test(k)) delete env[k];
  if (coldCache) {
    mkdirSync(npmCache);
    env.npm_config_cache = npmCache;
  }
  const marks = { start: t0 };
  let shop = null;
  let outcome = 'failed';
  const cleanup = async () => {
    if (shop) await stopGroup(shop.child);
    shop?.log.end();
    if (keep) say(`left in ${tmp} (${outcome})`);
    else rmSync(tmp, { recursive: true, force: true });
  };
  process.once('SIGINT', () => cleanup().then(() => process.exit(130)));
  try {
    if (!noClone) {
      say(`git clone -q ${source} ${dir}`);
      execFileSync('git', ['clone', '-q', source, dir], { stdio: 'inherit' });
    }
    marks.cloned = Date.now();
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: dir,
      encoding: 'utf8',
    }).trim();
    const hadModules = existsSync(path.join(dir, 'node_modules'));
    say(`npm start (API ${apiPort}, web ${webPort}, DATA_DIR ${dataDir})`);
    shop = startShop(dir, env, logFile, marks);
    try {
      await shop.ready;
    } catch (err) {
      const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n') : '';
      throw new Error(`${err.message}\n--- last lines of npm start ---\n${tail}`);
    }
    const webUrl = `http://127.0.0.1:${webPort}`;
    say(`shop ready at ${webUrl}; a new visitor buys`);
    const laps = [];
    const outside = new Set();
    await visitor(webUrl, dataDir, laps, outside);
    outcome = 'paid';

    const installLine = existsSync(logFile)
      ? (/added \d+ packages[^\n]*/.exec(readFileSync(logFile, 'utf8'))?.[0] ?? null)
      : null;
    report({ marks, laps, commit, hadModules, cacheKiB, installLine, outside });
  } finally {
    await cleanup();
  }
}

function report({ marks, laps, commit, hadModules, cacheKiB, installLine, outside }) {
  // Phases from the start script's milestones. "install and build" runs from the end of the clone
  // to the servers' start: npm's own start-up, the start script's staleness checks, `npm install`
  // when node_modules is missing or stale, and the SDK, API and web builds when stale.
  const serversAt = marks.servers ?? marks.ready;
  const installEnd = marks.build ?? serversAt;
  const rows = [
    ['clone', noClone ? null : marks.cloned - marks.start],
    ['install and build (`npm start` up to running the servers)', serversAt - marks.cloned],
    ['… of which `npm install`', marks.install ? installEnd - marks.install : 0],
    ['… of which builds (SDK, API, web)', marks.build ? serversAt - marks.build : 0],
    ['start until ready (migrations, demo data, API + web answering)', marks.ready - serversAt],
  ];
  let prev = marks.ready;
  for (const l of laps) {
    if (l.name === 'browser open') {
      rows.push(['browser start', l.at - prev]);
    } else rows.push([`visitor: ${l.name}`, l.at - prev]);
    prev = l.at;
  }
  const total = prev - marks.start;
  const browserPart = prev - marks.ready;
  const cell = (ms) => (ms === null ? 'skipped (--no-clone)' : `${seconds(ms)} s`);

  console.log('');
  const width = Math.max(...rows.map(([n]) => n.length), 20);
  for (const [n, ms] of rows) console.log(`${n.padEnd(width)}  ${cell(ms).padStart(10)}`);
  console.log(
    `${(noClone ? 'npm start to paid' : 'clone to paid').padEnd(width)}  ${cell(total).padStart(10)}`,
  );
  console.log('');

  const now = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const load = os.loadavg()[0].toFixed(1);
  const what = noClone
    ? `this checkout (${commit}) as it stood: no clone${hadModules ? ', node_modules already there' : ''}; install and builds only if stale`
    : `a fresh \`git clone\` of ${source === root ? 'this repository' : source} (${commit}; a local clone: git copies no bytes over a network, a clone from GitHub adds the download)`;
  const cacheNote = coldCache
    ? 'npm ran with an empty cache of its own (`--cold-cache`): every package was downloaded from the registry, as on a newcomer’s first install.'
    : `npm used this machine’s cache (~/.npm, ${(cacheKiB / 1024).toFixed(0)} MiB before the run)${cacheKiB > 0 ? ': the packages came from the cache, not the network, so the install is faster than a newcomer’s first one (run with `--cold-cache` to measure that)' : ''}.`;
  const section = [
    `## Newcomer's first sale: ${noClone ? 'npm start' : 'clone'} to paid (${now} UTC)`,
    '',
    `\`npm run bench:first-sale -w @soko/bench${noClone ? ' -- --no-clone' : coldCache ? ' -- --cold-cache' : ''}\`: ${what}, then \`npm start\` (embedded PGlite, demo catalogue, fresh DATA_DIR, free ports), then Debian's Chromium (headless, 1280×800) as a new visitor: register, code from the dev mailbox, verify, sign in, search "headphones", add the first in stock, check out (new address, first delivery option, sandbox M-Pesa ${PHONE}), place the order, wait until the page says Paid (no reload). ${os.cpus().length} cores, Node ${process.versions.node}, load average ${load} at the end.`,
    '',
    '| phase | time |',
    '| --- | ---: |',
    ...rows.map(([n, ms]) => `| ${n} | ${cell(ms)} |`),
    `| **${noClone ? 'npm start to paid' : 'clone to paid'}** | **${cell(total)}** |`,
    '',
    `Notes: ${[
      marks.install ? cacheNote : 'Nothing was installed (node_modules up to date).',
      installLine ? `npm: "${installLine}".` : '',
      `The browser part (browser start to paid) took ${seconds(browserPart)} s, of which the sandbox's M-Pesa callback is about 2 s.`,
      outside.size
        ? `The browser asked hosts other than the shop's: ${[...outside].join(', ')}.`
        : 'The browser asked no host but the shop (API and web on 127.0.0.1).',
      'Aim (issue 20): under five minutes from clone to paid.',
    ]
      .filter(Boolean)
      .join(' ')}`,
    '',
  ].join('\n');
  addSection(section);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
