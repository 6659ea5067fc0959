// `npm start`: install what is missing, build what is stale, then run the API (+ job worker) and
// the web app; migrations, the demo catalogue and the admin account are done by the API at start.
// `--api-only` skips the web (`npm run start:api`); `--dev` runs both with hot reload.
//
// Logs: in production (NODE_ENV=production) or when stdout is not a terminal, the API writes its
// JSON lines straight to this process's stdout (inherited, nothing in between, ready for a log
// shipper), and everything else (these messages, build output, the web app) goes to stderr. On a
// terminal, and with `--dev`, every child's lines are prefixed with its name for people to read.
import path from 'node:path';
import {
  apiNodeFlags,
  checkNode,
  ensureApiBuilt,
  ensureInstalled,
  ensureSdkBuilt,
  ensureWebBuilt,
  fail,
  keepStdoutForApiLogs,
  loadDotEnv,
  log,
  root,
  startChild,
  waitForOk,
} from './lib.mjs';

const started = Date.now();
const apiOnly = process.argv.includes('--api-only');
const dev = process.argv.includes('--dev');

checkNode();
loadDotEnv();
const direct = !dev && (process.env.NODE_ENV === 'production' || !process.stdout.isTTY);
if (direct) keepStdoutForApiLogs();
ensureInstalled();
ensureSdkBuilt();
if (!dev) ensureApiBuilt();
if (!apiOnly && !dev) ensureWebBuilt();

const host = process.env.HOST ?? '127.0.0.1';
const apiPort = process.env.API_PORT ?? '4000';
const webPort = process.env.WEB_PORT ?? '3000';
const browserHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
const apiUrl = process.env.PUBLIC_API_URL ?? `http://${browserHost}:${apiPort}`;
const webUrl = process.env.PUBLIC_WEB_URL ?? `http://${browserHost}:${webPort}`;
const env = {
  ...process.env,
  NODE_ENV: process.env.NODE_ENV ?? (dev ? 'development' : 'production'),
  PUBLIC_API_URL: apiUrl,
  PUBLIC_WEB_URL: webUrl,
  API_URL: process.env.API_URL ?? `http://${browserHost}:${apiPort}`,
  NEXT_TELEMETRY_DISABLED: '1',
  LOG_FORMAT: process.env.LOG_FORMAT ?? (direct || !process.stdout.isTTY ? 'json' : 'pretty'),
};
// `npm start` on a laptop is a production build with the development secret: allow it locally,
// and say so. A real deployment sets JWT_SECRET (the API refuses the default when NODE_ENV is
// production and the secret was not set here).
if (!process.env.JWT_SECRET && !dev) {
  env.NODE_ENV = 'development'; // for the API only; the web runs its production build
  log(
    'JWT_SECRET is not set: running with the development secret (fine on this machine, never in production)',
  );
}

const children = [];
let stopping = false;
const stop = (code = 0) => {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  const force = setTimeout(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    process.exit(code);
  }, 12_000);
  force.unref();
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(
    () => process.exit(code),
  );
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const api = dev
  ? startChild('api', process.execPath, ['--import', 'tsx', '--watch', 'apps/api/src/server.ts'], { env })
  : startChild('api', process.execPath, [...apiNodeFlags(env), 'apps/api/dist/server.js'], {
      env,
      inherit: direct,
    });
children.push(api);
api.on('exit', (code) => {
  if (!stopping) {
    log(`the API exited (${code}); stopping`);
    stop(code || 1);
  }
});

const ready = await waitForOk(
  `http://${browserHost}:${apiPort}/readyz`,
  180_000,
  () => api.exitCode === null,
);
if (!ready) {
  if (!stopping) fail('the API did not become ready; see its log above');
  process.exit(1);
}

if (!apiOnly) {
  const nextBin = path.join(root, 'node_modules/next/dist/bin/next');
  const web = startChild(
    'web',
    process.execPath,
    [nextBin, dev ? 'dev' : 'start', '-p', webPort, '-H', host],
    { cwd: path.join(root, 'apps/web'), env: { ...env, NODE_ENV: dev ? 'development' : 'production' } },
  );
  children.push(web);
  web.on('exit', (code) => {
    if (!stopping) {
      log(`the web app exited (${code}); stopping`);
      stop(code || 1);
    }
  });
  if (!(await waitForOk(`http://${browserHost}:${webPort}/`, 120_000, () => web.exitCode === null))) {
    if (!stopping) fail('the web app did not start; see its log above');
  }
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
log(`ready in ${seconds} s`);
if (!apiOnly) log(`shop:     ${webUrl}`);
log(`API:      ${apiUrl}/api/v1`);
log(`API docs: ${apiUrl}/api/docs`);
log('Ctrl-C stops everything.');
