// `npm test`: lint, type checks, SDK freshness, API unit + integration tests and web unit tests
// (Vitest), browser flows (Playwright on Debian's Chromium). Ends with `tests: N passed, N failed`.
//
// Databases: with TEST_DATABASE_URL (and TEST_REDIS_URL) the API tests run on real PostgreSQL and
// Redis, then again in a short pass on embedded PGlite; without them, on PGlite only (tests that
// need a real server skip, saying why; under CI=true they fail instead).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  checkNode,
  ensureApiBuilt,
  ensureInstalled,
  ensureSdkBuilt,
  ensureWebBuilt,
  log,
  root,
} from './lib.mjs';

const isCi = process.env.CI === 'true';
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const want = (step) => only.length === 0 || only.includes(step);
const tally = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const artifacts = path.join(root, '.data', 'test-reports');
mkdirSync(artifacts, { recursive: true });

checkNode();
ensureInstalled();
ensureSdkBuilt();
ensureApiBuilt();

function sh(name, cmd, args, options = {}) {
  log(`▶ ${name}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
  log(`${r.status === 0 ? '✔' : '✘'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return r.status === 0;
}

/** A check that is one test: passes or fails as a whole. */
function check(name, cmd, args, options) {
  if (sh(name, cmd, args, options)) tally.passed += 1;
  else {
    tally.failed += 1;
    failures.push(name);
  }
}

const npx = (bin) => path.join(root, 'node_modules', '.bin', bin);

if (want('lint')) {
  check('lint: eslint', npx('eslint'), ['.', '--max-warnings=0']);
  check('lint: prettier', npx('prettier'), ['--check', '.', '--log-level=warn']);
}
if (want('typecheck')) {
  check('typecheck: api', npx('tsc'), ['-p', 'apps/api']);
  check('typecheck: sdk', npx('tsc'), ['-p', 'packages/sdk', '--noEmit']);
  check('typecheck: web', npx('tsc'), ['-p', 'apps/web', '--noEmit']);
  check('typecheck: e2e', npx('tsc'), ['-p', 'e2e', '--noEmit']);
  check('sdk is generated from the current API', process.execPath, [
    'packages/sdk/scripts/gen.mjs',
    '--check',
  ]);
}

function vitest(name, env, workspace = 'apps/api', label = `api tests (${name})`) {
  const report = path.join(artifacts, `vitest-${name}.json`);
  rmSync(report, { force: true });
  const ok = sh(
    label,
    npx('vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    {
      cwd: path.join(root, workspace),
      env: { ...process.env, ...env },
    },
  );
  if (!existsSync(report)) {
    tally.failed += 1;
    failures.push(`${label}: no report`);
    return;
  }
  const r = JSON.parse(readFileSync(report, 'utf8'));
  tally.passed += r.numPassedTests;
  tally.failed += r.numFailedTests;
  tally.skipped += r.numPendingTests + r.numTodoTests;
  // A file that fails to load has no tests to count; count the file.
  const brokenFiles = r.testResults.filter(
    (f) => f.status === 'failed' && f.assertionResults.length === 0,
  ).length;
  tally.failed += brokenFiles;
  if (!ok) failures.push(label);
}

// The web's unit tests (lib/**/*.test.ts, no browser).
if (want('web')) vitest('web', {}, 'apps/web', 'web unit tests');

if (want('api')) {
  if (process.env.TEST_DATABASE_URL) {
    vitest('postgres', {});
    vitest('pglite', { TEST_DATABASE_URL: '', TEST_REDIS_URL: '', SOKO_EMBEDDED_PASS: 'true' });
  } else {
    vitest('pglite', {});
  }
}

if (want('e2e')) {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    if (isCi) {
      tally.failed += 1;
      failures.push(`e2e: no Chromium at ${chromium}`);
    } else {
      log(`skipped e2e: no Chromium at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`);
    }
  } else {
    ensureWebBuilt();
    const report = path.join(root, 'e2e', 'artifacts', 'results.json');
    rmSync(report, { force: true });
    const ok = sh('browser flows (Playwright)', npx('playwright'), ['test'], { cwd: path.join(root, 'e2e') });
    if (existsSync(report)) {
      const { stats } = JSON.parse(readFileSync(report, 'utf8'));
      tally.passed += stats.expected + stats.flaky;
      tally.failed += stats.unexpected;
      tally.skipped += stats.skipped;
    } else {
      tally.failed += 1;
    }
    if (!ok) failures.push('browser flows');
  }
}

if (failures.length) log(`failed: ${failures.join(', ')}`);
if (tally.skipped) log(`${tally.skipped} skipped (see the reasons printed above)`);
console.log(`tests: ${tally.passed} passed, ${tally.failed} failed`);
process.exit(tally.failed > 0 ? 1 : 0);
