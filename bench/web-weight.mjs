// `node bench/web-weight.mjs [--dir apps/web/.next] [--json]`: the first-load JavaScript of every
// page route of the storefront, read from a production build (no server, no browser, no network).
//
// Next 16 with Turbopack prints no sizes in `next build`, so this reads the build's manifests:
// a page's first load is Next's root scripts (`build-manifest.json` `rootMainFiles`, loaded by
// every App Router page) plus every chunk its client-reference manifest
// (`server/app/<route>/page_client-reference-manifest.js`) lists as an entry of the page, its
// layouts and their error, loading and not-found boundaries. Chunks loaded later (`next/dynamic`,
// `import()`) are not counted; nor is the `nomodule` polyfill, which modern browsers skip. Bytes
// are gzip (level 6, as `next start` compresses) and raw, per route; "own" is what the route adds
// on top of the root scripts. Checked against the browser (bench/web.mjs's way: gzip bytes of every
// script a 375 px page downloads) on one build: / 143.3 vs 143.8 kB, /products 146.3 vs 146.8 kB,
// /sign-in 201.6 vs 205.2 kB (the browser also fetches one chunk after hydration there).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const dirFlag = args.indexOf('--dir');
const nextDir = path.resolve(dirFlag >= 0 ? args[dirFlag + 1] : path.join(here, '../apps/web/.next'));
const asJson = args.includes('--json');

if (!existsSync(path.join(nextDir, 'build-manifest.json'))) {
  console.error(`web-weight: no build in ${nextDir}; run \`npm run build -w @soko/web\` first`);
  process.exit(1);
}

const readJson = (file) => JSON.parse(readFileSync(path.join(nextDir, file), 'utf8'));
const buildManifest = readJson('build-manifest.json');
const routes = readJson('app-path-routes-manifest.json');

const sizes = new Map();
/** Raw and gzip bytes of one chunk (paths as the manifests write them, with or without `/_next/`). */
function sizeOf(chunk) {
  const rel = chunk.replace(/^\/?_next\//, '');
  let size = sizes.get(rel);
  if (!size) {
    const body = readFileSync(path.join(nextDir, rel));
    size = { raw: body.length, gzip: gzipSync(body, { level: 6 }).length };
    sizes.set(rel, size);
  }
  return size;
}

/** The client-reference manifest of one page entry (`/account/page`), evaluated in a sandbox. */
function clientManifest(entry) {
  const file = path.join(nextDir, 'server/app', `${entry}_client-reference-manifest.js`);
  if (!existsSync(file)) return null;
  const sandbox = { globalThis: {} };
  sandbox.globalThis = sandbox;
  vm.runInNewContext(readFileSync(file, 'utf8'), sandbox);
  return sandbox.__RSC_MANIFEST[entry] ?? Object.values(sandbox.__RSC_MANIFEST)[0];
}

const rootFiles = buildManifest.rootMainFiles;
const sum = (files) =>
  files.reduce(
    (t, f) => {
      const s = sizeOf(f);
      return { raw: t.raw + s.raw, gzip: t.gzip + s.gzip };
    },
    { raw: 0, gzip: 0 },
  );
const root = sum(rootFiles);

const rows = [];
for (const [entry, route] of Object.entries(routes)) {
  if (!entry.endsWith('/page') || route.startsWith('/_')) continue;
  const manifest = clientManifest(entry);
  if (!manifest) continue;
  const own = [...new Set(Object.values(manifest.entryJSFiles ?? {}).flat())]
    .map((f) => f.replace(/^\/?_next\//, ''))
    .filter((f) => !rootFiles.includes(f));
  const extra = sum(own);
  rows.push({
    route,
    scripts: rootFiles.length + own.length,
    gzip: root.gzip + extra.gzip,
    raw: root.raw + extra.raw,
    ownGzip: extra.gzip,
  });
}
rows.sort((a, b) => a.route.localeCompare(b.route));

const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
if (asJson) {
  console.log(
    JSON.stringify({ buildId: readFileSync(path.join(nextDir, 'BUILD_ID'), 'utf8'), root, rows }, null, 2),
  );
} else {
  const pad = Math.max(...rows.map((r) => r.route.length), 5);
  console.log(`first-load JS per route (${nextDir}; root scripts ${kB(root.gzip)} gzip)`);
  console.log(`| ${'route'.padEnd(pad)} | first-load JS (gzip) | raw | own (gzip) | scripts |`);
  console.log(`| ${'-'.repeat(pad)} | ---: | ---: | ---: | ---: |`);
  for (const r of rows)
    console.log(
      `| ${r.route.padEnd(pad)} | ${kB(r.gzip)} | ${kB(r.raw)} | ${kB(r.ownGzip)} | ${r.scripts} |`,
    );
}
