import { defineConfig } from '@playwright/test';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Browser flows against a real API (fresh PGlite in a temp DATA_DIR, demo catalogue) and the
 * built web app (`next start`), both started by global-setup.ts on free ports.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: 'artifacts/test-results',
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  // The budget of a whole flow. A flow that checks a page with axe and screenshots at two widths
  // took 49 s on a machine at load 17 (every step passed; the page load alone took 7 s), so 45 s
  // was a budget for a quiet machine only. Each step still fails after its own 10 s.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  // A flow that fails once is a bug in the code or the test (issue #17): it is never run again.
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'artifacts/results.json' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
