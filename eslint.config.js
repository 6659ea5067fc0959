import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Another module's internals are off limits: import its `index.ts` only (STYLE.md rule 1). */
const moduleBoundaries = {
  patterns: [
    {
      group: ['../*/queries*', '../*/routes*', '../*/service*', '../*/service/**', '../*/errors*'],
      message:
        'Import another module through its index.ts; its queries, routes and service files are private.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.next/**',
      '**/.data/**',
      'packages/sdk/src/schema.ts',
      'apps/api/src/db/migrations/**',
      'e2e/artifacts/**',
      'apps/web/next-env.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx,js}', 'e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  { files: ['apps/web/public/sw.js'], languageOptions: { globals: globals.serviceworker } },
  // Playwright fixtures that use no other fixture take `{}` as their first argument.
  { files: ['e2e/**/*.ts'], rules: { 'no-empty-pattern': 'off' } },
  {
    files: ['apps/api/src/modules/**/*.ts'],
    ignores: ['apps/api/src/modules/registry.ts'],
    rules: { 'no-restricted-imports': ['error', moduleBoundaries] },
  },
);
