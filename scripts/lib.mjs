// Shared helpers of the project scripts. Dependency-free: these run before `npm install`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// Where this script's own messages and the output of the builds it runs go: stdout by default,
// stderr once `keepStdoutForApiLogs()` hands stdout to the API's JSON log lines.
let messages = process.stdout;
const tag = (stream, colour) => (stream.isTTY ? `\x1b[${colour}m[soko]\x1b[0m` : '[soko]');

/**
 * Production (or stdout not a terminal): stdout carries only the API's own log lines, so this
 * script's messages, build output and the web app's output go to stderr from now on.
 */
export function keepStdoutForApiLogs() {
  messages = process.stderr;
}

export const log = (msg) => messages.write(`${tag(messages, 36)} ${msg}\n`);
export const fail = (msg) => {
  process.stderr.write(`${tag(process.stderr, 31)} ${msg}\n`);
  process.exit(1);
};

/** Loads `.env` from the project root (real environment variables win). */
export function loadDotEnv() {
  const file = path.join(root, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}

export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    fail(`Node.js 20.19 or newer is needed (this is ${process.versions.node}).`);
  }
}

/** Newest modification time (ms) of the files under `dir`, skipping build output. */
export function newestMtime(dir, skip = new Set(['node_modules', 'dist', '.next', '.data', 'artifacts'])) {
  let newest = 0;
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (skip.has(entry.name)) continue;
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  if (existsSync(dir)) walk(dir);
  return newest;
}

const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

export function run(cmd, args, options = {}) {
  const stdio = ['inherit', messages === process.stderr ? 2 : 'inherit', 'inherit'];
  const r = spawnSync(cmd, args, { cwd: root, stdio, ...options });
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

export const runNpm = (args, options) => run(npm, args, options);

/** Installs dependencies when node_modules is missing or older than package.json/lockfile. */
export function ensureInstalled() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const manifests = [
    'package.json',
    'package-lock.json',
    'apps/api/package.json',
    'apps/web/package.json',
    'packages/sdk/package.json',
    'e2e/package.json',
    'bench/package.json',
  ];
  const newestManifest = Math.max(...manifests.map((m) => mtime(path.join(root, m))));
  if (existsSync(marker) && mtime(marker) >= newestManifest) return false;
  log('installing dependencies (npm install)…');
  runNpm(['install', '--no-audit', '--no-fund']);
  return true;
}

/** Builds the API (tsc) when its sources are newer than its build. */
export function ensureApiBuilt() {
  const stamp = path.join(root, 'apps/api/dist/.tsbuildinfo');
  if (mtime(stamp) >= newestMtime(path.join(root, 'apps/api/src'))) return false;
  log('building the API…');
  runNpm(['run', '-s', 'build', '-w', '@soko/api']);
  return true;
}

export function ensureSdkBuilt() {
  const out = path.join(root, 'packages/sdk/dist/index.js');
  if (mtime(out) >= newestMtime(path.join(root, 'packages/sdk/src'))) return false;
  log('building the SDK…');
  runNpm(['run', '-s', 'build', '-w', '@soko/sdk']);
  return true;
}

/** Builds the web app (next build) when its sources or the SDK are newer than the last build. */
export function ensureWebBuilt() {
  const stamp = path.join(root, 'apps/web/.next/BUILD_ID');
  const newest = Math.max(
    newestMtime(path.join(root, 'apps/web')),
    newestMtime(path.join(root, 'packages/sdk/dist')),
  );
  if (mtime(stamp) >= newest) return false;
  log('building the web app (next build)…');
  runNpm(['run', '-s', 'build', '-w', '@soko/web'], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  return true;
}

/**
 * The API process's V8 flags. With PostgreSQL (`DATABASE_URL`) its old space is bounded at
 * `API_HEAP_MB`, by default 96 MiB plus the response cache's `CACHE_MAX_MB` (128 with the
 * defaults): unbounded, V8 lets the heap grow to about four times the live data under load (212 MiB
 * of heap for about 50 MiB live, README "Memory"). Without `DATABASE_URL` (embedded PGlite and
 * the demo images in the same process), with `API_HEAP_MB=0`, or when `NODE_OPTIONS` already sets
 * `--max-old-space-size`, no bound is added. Measured in bench/RESULTS.md (issue 21).
 */
export function apiNodeFlags(env) {
  if ((env.NODE_OPTIONS ?? '').includes('--max-old-space-size')) return [];
  const raw = env.API_HEAP_MB;
  if (raw !== undefined && raw !== '' && !/^\d+$/.test(raw)) {
    fail(`API_HEAP_MB must be a whole number of MiB (0 for no bound), not "${raw}"`);
  }
  const cache = /^\d+$/.test(env.CACHE_MAX_MB ?? '') ? Number(env.CACHE_MAX_MB) : 32;
  const mb = raw ? Number(raw) : env.DATABASE_URL ? 96 + cache : 0;
  if (mb === 0) return [];
  // Young generation at most 3 × 8 MiB instead of 3 × 16: 15–20 MiB less RSS after a burst.
  const semi = (env.NODE_OPTIONS ?? '').includes('--max-semi-space-size') ? [] : ['--max-semi-space-size=8'];
  return [`--max-old-space-size=${mb}`, ...semi];
}

/**
 * Spawns a long-running child. `inherit`: it writes straight to this process's stdout and stderr
 * (nothing in between, for log shippers); otherwise each line is prefixed with `name` and goes
 * where this script's messages go.
 */
export function startChild(name, cmd, args, { inherit = false, ...options } = {}) {
  if (inherit) return spawn(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], ...options });
  const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const out = messages;
  const prefix = out.isTTY ? `\x1b[35m${name.padEnd(4)}\x1b[0m| ` : `${name.padEnd(4)}| `;
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream.on('data', (chunk) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop();
      for (const line of lines) out.write(prefix + line + '\n');
    });
  }
  return child;
}

/** Polls `url` until it answers 200 or `timeoutMs` passes. */
export async function waitForOk(url, timeoutMs, isAlive = () => true) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) return false;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return true;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}
