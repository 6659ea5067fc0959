import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { artifacts, freePort, root, startStack, startWeb } from './support/servers';

/**
 * Starts two stacks: `main` (default token life) for most flows and `short`
 * (ACCESS_TOKEN_TTL_SECONDS=4: every flow there outlives many tokens, and a request slowed down by a busy CI machine still fits in one) for the silent-refresh flow, plus a web app with no API behind it. Both need `npm run build -w @soko/api`
 * and `npm run build -w @soko/web` first.
 */
export default async function globalSetup() {
  for (const file of ['apps/api/dist/server.js', 'apps/web/.next/BUILD_ID']) {
    if (!existsSync(path.join(root, file)))
      throw new Error(`e2e: ${file} is missing; build the API and the web first`);
  }
  const [main, short, down] = await Promise.all([
    startStack('main'),
    startStack('short', { ACCESS_TOKEN_TTL_SECONDS: '4' }),
    // A web app whose API is not running: pages must answer a friendly 503.
    freePort().then((deadPort) => startWeb('down', `http://127.0.0.1:${deadPort}`)),
  ]);
  process.env.E2E_WEB_URL = main.webUrl;
  process.env.E2E_API_URL = main.apiUrl;
  process.env.E2E_DATA_DIR = main.dataDir;
  process.env.E2E_SHORT_WEB_URL = short.webUrl;
  process.env.E2E_SHORT_API_URL = short.apiUrl;
  process.env.E2E_SHORT_DATA_DIR = short.dataDir;
  process.env.E2E_DOWN_WEB_URL = down.webUrl;
  const downStack = { name: 'down', apiUrl: '', webUrl: down.webUrl, dataDir: '', pids: [down.pid] };
  writeFileSync(
    path.join(artifacts, 'servers.json'),
    JSON.stringify({ main, short, down: downStack }, null, 2),
  );
}
