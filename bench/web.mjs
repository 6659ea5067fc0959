// `npm run bench:web -w @soko/bench`: Lighthouse (mobile profile, Debian's Chromium) for the home,
// listing, product and cart pages, and the first-load JavaScript of each page (gzip bytes of the
// scripts the browser downloads, measured in the browser). Results go to bench/RESULTS.md.
//
// The cart page is measured WITH lines: a guest cart is made through the API (`POST
// /api/v1/cart/items`, two in-stock demo variants) and its token is given to both browsers as the
// storefront's httpOnly guest-cart cookie (`soko_cart`, apps/web/lib/api/cart.ts): to Lighthouse as
// a `Cookie` request header (its storage reset before a run cannot drop a header), to the
// first-load-JS browser as a cookie of its context. The checkout steps are not measured: they
// need a signed-in shopper.
//
// Uses the shop at WEB_URL (default http://127.0.0.1:3000) when it answers; otherwise starts one
// (`npm start` on a throwaway DATA_DIR) and stops it afterwards.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { addSection } from './results.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let webUrl = process.env.WEB_URL ?? 'http://127.0.0.1:3000';
let apiUrl = process.env.API_URL ?? 'http://127.0.0.1:4000';
const chromeFlags = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const answers = async (url) => {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
};

async function startShop() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'soko-bench-web-'));
  const env = { ...process.env, DATA_DIR: dataDir, API_PORT: '4610', WEB_PORT: '3610', LOG_LEVEL: 'warn' };
  webUrl = 'http://127.0.0.1:3610';
  apiUrl = 'http://127.0.0.1:4610';
  const child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: root, env, stdio: 'inherit' });
  for (let i = 0; i < 600 && !(await answers(webUrl)); i++) await new Promise((r) => setTimeout(r, 500));
  return () => {
    child.kill('SIGINT');
    rmSync(dataDir, { recursive: true, force: true });
  };
}

/** The storefront's guest-cart cookie (apps/web/lib/api/cart.ts `CART_COOKIE`). */
const CART_COOKIE = 'soko_cart';

/** A guest cart holding two in-stock demo variants; answers its token. */
async function guestCartToken() {
  const list = await (await fetch(`${apiUrl}/api/v1/products?inStock=true&pageSize=4`)).json();
  let token = null;
  let lines = 0;
  for (const summary of list.items ?? []) {
    if (lines === 2) break;
    const detail = await (await fetch(`${apiUrl}/api/v1/products/${summary.slug}`)).json();
    const variant = detail.variants?.find((v) => v.inStock);
    if (!variant) continue;
    const res = await fetch(`${apiUrl}/api/v1/cart/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { 'x-cart-token': token } : {}) },
      body: JSON.stringify({ variantId: variant.id, quantity: 1 }),
    });
    const body = await res.json();
    if (!res.ok) throw new Error(`POST /cart/items answered ${res.status}: ${JSON.stringify(body)}`);
    token = res.headers.get('x-cart-token') ?? body.token ?? token;
    lines++;
  }
  if (!token || lines === 0) throw new Error('could not make a guest cart from the demo catalogue');
  return token;
}

async function firstLoadJs(browser, url, cookie) {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
  if (cookie) await context.addCookies([{ name: cookie.name, value: cookie.value, url }]);
  const page = await context.newPage();
  const scripts = [];
  page.on('requestfinished', async (request) => {
    if (request.resourceType() !== 'script') return;
    const sizes = await request.sizes();
    scripts.push(sizes.responseBodySize);
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  // The cart page must show lines, not its empty state, or the figure measures the wrong page.
  if (cookie && (await page.getByTestId('cart-line').count()) === 0) {
    await context.close();
    throw new Error(`${url} rendered no cart lines with the ${cookie.name} cookie`);
  }
  await context.close();
  return { bytes: scripts.reduce((a, b) => a + b, 0), files: scripts.length };
}

async function main() {
  const stop = (await answers(webUrl)) ? null : await startShop();
  try {
    const list = await (await fetch(`${apiUrl}/api/v1/products?pageSize=1`)).json();
    const slug = list.items?.[0]?.slug;
    const cart = { name: CART_COOKIE, value: await guestCartToken() };
    const pages = [
      ['home', `${webUrl}/`],
      ['listing', `${webUrl}/products`],
      ['product', `${webUrl}/p/${slug}`],
      ['cart (2 lines, guest)', `${webUrl}/cart`, cart],
    ];
    const port = 9333;
    const browser = await chromium.launch({
      executablePath,
      args: [...chromeFlags, `--remote-debugging-port=${port}`],
    });
    const rows = [];
    for (const [name, url, cookie] of pages) {
      const js = await firstLoadJs(browser, url, cookie);
      const result = await lighthouse(url, {
        port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
        ...(cookie ? { extraHeaders: { Cookie: `${cookie.name}=${cookie.value}` } } : {}),
      });
      const c = result.lhr.categories;
      const a = result.lhr.audits;
      const score = (k) => Math.round((c[k]?.score ?? 0) * 100);
      rows.push({
        name,
        path: new URL(url).pathname,
        performance: score('performance'),
        accessibility: score('accessibility'),
        bestPractices: score('best-practices'),
        seo: score('seo'),
        lcp: a['largest-contentful-paint']?.displayValue ?? '',
        tbt: a['total-blocking-time']?.displayValue ?? '',
        cls: a['cumulative-layout-shift']?.displayValue ?? '',
        js,
      });
      console.log(
        `${name}: performance ${score('performance')}, first-load JS ${(js.bytes / 1024).toFixed(1)} kB gzip`,
      );
      // What Lighthouse saw (the cart: a line, not the empty state), and what shifted, if anything.
      const snippet = (item) => item?.node?.snippet?.slice(0, 120);
      const lcpItem = a['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0];
      if (lcpItem) console.log(`  LCP element: ${snippet(lcpItem)}`);
      for (const shift of (a['layout-shifts']?.details?.items ?? []).slice(0, 2)) {
        console.log(`  layout shift ${shift.score?.toFixed(3)}: ${snippet(shift)}`);
      }
    }
    await browser.close();

    const now = new Date().toISOString().slice(0, 16).replace('T', ' ');
    const section = [
      `## Storefront: Lighthouse (mobile) and first-load JS (${now} UTC)`,
      '',
      `Lighthouse ${lighthouseVersion()} on Debian's Chromium, mobile profile with simulated throttling; first-load JS is the gzip bytes of every script the page loads at 375 px, measured in the browser. The cart page holds a guest cart of two lines (the \`${CART_COOKIE}\` cookie); its SEO score counts its \`noindex\`, which is deliberate (a cart is nobody's search result).`,
      '',
      '| page | path | performance | accessibility | best practices | SEO | LCP | TBT | CLS | first-load JS (gzip) | scripts |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows.map(
        (r) =>
          `| ${r.name} | \`${r.path}\` | ${r.performance} | ${r.accessibility} | ${r.bestPractices} | ${r.seo} | ${r.lcp} | ${r.tbt} | ${r.cls} | ${(r.js.bytes / 1024).toFixed(1)} kB | ${r.js.files} |`,
      ),
      '',
    ].join('\n');
    addSection(section);
  } finally {
    stop?.();
  }
}

function lighthouseVersion() {
  return JSON.parse(readFileSync(path.join(root, 'node_modules/lighthouse/package.json'), 'utf8')).version;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
