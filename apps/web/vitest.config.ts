import { defineConfig } from 'vitest/config';

/** Unit tests of the web's pure and server-side modules (no browser: flows are Playwright's). */
export default defineConfig({
  test: {
    include: ['lib/**/*.test.ts'],
    environment: 'node',
  },
});
