// `npm run fuzz -- --runs N [--seed S]`: the OpenAPI fuzz tests (apps/api/src/test/fuzz) with N
// runs per operation and persona instead of the few `npm test` does. A failure prints its seed;
// `--seed S` replays it; `--only REGEX` fuzzes only the operations whose "METHOD /path operationId"
// it matches. Uses TEST_DATABASE_URL (PostgreSQL) when set, embedded PGlite otherwise.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkNode, ensureInstalled, fail, log, root } from './lib.mjs';

checkNode();
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '50' }, seed: { type: 'string' }, only: { type: 'string' } },
  strict: true,
});
if (!/^\d+$/.test(values.runs)) fail('--runs takes a whole number');
if (values.seed !== undefined && !/^\d+$/.test(values.seed)) fail('--seed takes a whole number');
ensureInstalled();

log(
  `fuzzing every operation with ${values.runs} run(s) per persona${values.seed ? `, seed ${values.seed}` : ''}`,
);
const r = spawnSync(
  path.join(root, 'node_modules', '.bin', 'vitest'),
  ['run', 'src/test/fuzz', '--testTimeout=86400000', '--hookTimeout=600000'],
  {
    cwd: path.join(root, 'apps/api'),
    stdio: 'inherit',
    env: {
      ...process.env,
      FUZZ_RUNS: values.runs,
      ...(values.seed !== undefined ? { FUZZ_SEED: values.seed } : {}),
      ...(values.only !== undefined ? { FUZZ_OPS: values.only } : {}),
    },
  },
);
process.exit(r.status ?? 1);
