import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const artifacts = path.join(root, 'e2e', 'artifacts');

/** A port the OS says is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, timeoutMs: number, child: ChildProcess, name: string) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with code ${child.exitCode} (see e2e/artifacts/${name}.log)`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `${name} not ready at ${url} after ${timeoutMs} ms (${last}); see e2e/artifacts/${name}.log`,
  );
}

export interface Stack {
  name: string;
  apiUrl: string;
  webUrl: string;
  dataDir: string;
  pids: number[];
}

/**
 * Starts one API (fresh DATA_DIR, demo data, no rate limits) and one `next start` pointed at it,
 * and resolves when the API's /readyz and the web's home page answer 200.
 */
export async function startStack(
  name: string,
  apiEnv: Record<string, string> = {},
  webEnv: Record<string, string> = {},
): Promise<Stack> {
  mkdirSync(artifacts, { recursive: true });
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `soko-e2e-${name}-`));
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const webUrl = `http://127.0.0.1:${webPort}`;
  const common = { ...process.env, NODE_ENV: 'production', PUBLIC_API_URL: apiUrl, PUBLIC_WEB_URL: webUrl };

  const apiLog = openSync(path.join(artifacts, `${name}-api.log`), 'w');
  const api = spawn(process.execPath, ['apps/api/dist/server.js'], {
    cwd: root,
    env: {
      ...common,
      NODE_ENV: 'test',
      API_PORT: String(apiPort),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      REDIS_URL: '',
      SMTP_URL: '',
      SEED_DEMO: 'true',
      RATE_LIMIT_DISABLED: 'true',
      LOG_LEVEL: 'warn',
      // The flows check the waiting screen ("Check your phone") and then its change to paid over
      // /ws, so the sandbox must answer after the pay page is up: with the default 2 s a loaded
      // machine rendered the page after the answer (the failed payment, no waiting screen). A
      // page slower than 8 s fails its own step (10 s) anyway.
      MPESA_SANDBOX_DELAY_MS: '8000',
      ...apiEnv,
    },
    stdio: ['ignore', apiLog, apiLog],
    detached: false,
  });
  await waitFor(`${apiUrl}/readyz`, 120_000, api, `${name}-api`);

  const web = await startWeb(name, apiUrl, webPort, webEnv);
  return { name, apiUrl, webUrl, dataDir, pids: [api.pid!, web.pid] };
}

/** `next start` of the built web app, talking to the API at `apiUrl` (`env`: its own extra variables). */
export async function startWeb(
  name: string,
  apiUrl: string,
  port?: number,
  env: Record<string, string> = {},
) {
  mkdirSync(artifacts, { recursive: true });
  const webPort = port ?? (await freePort());
  const webUrl = `http://127.0.0.1:${webPort}`;
  const webLog = openSync(path.join(artifacts, `${name}-web.log`), 'w');
  const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  const web = spawn(process.execPath, [nextBin, 'start', '-p', String(webPort), '-H', '127.0.0.1'], {
    cwd: path.join(root, 'apps', 'web'),
    env: {
      ...process.env,
      NODE_ENV: 'production',
      API_URL: apiUrl,
      PUBLIC_API_URL: apiUrl,
      PUBLIC_WEB_URL: webUrl,
      WEB_PORT: String(webPort),
      NEXT_TELEMETRY_DISABLED: '1',
      ...env,
    },
    stdio: ['ignore', webLog, webLog],
  });
  await waitFor(`${webUrl}/robots.txt`, 60_000, web, `${name}-web`);
  return { webUrl, pid: web.pid! };
}
