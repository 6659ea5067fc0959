// `npm run cli -- <command>` and `npm run seed -- [--reset] [--products N]`: installs and builds
// what is missing, loads `.env`, then runs the API's CLI (apps/api/src/cli.ts).
import { spawnSync } from 'node:child_process';
import { checkNode, ensureApiBuilt, ensureInstalled, loadDotEnv, root } from './lib.mjs';

checkNode();
loadDotEnv();
ensureInstalled();
ensureApiBuilt();
const r = spawnSync(process.execPath, ['apps/api/dist/cli.js', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
