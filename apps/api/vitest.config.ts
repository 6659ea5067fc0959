import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // 2 cores: two files at a time keeps PGlite files from starving each other.
    maxWorkers: process.env.TEST_DATABASE_URL ? 3 : 2,
  },
});
