import js from '@eslint/js';
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
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        AbortSignal: 'readonly',
        structuredClone: 'readonly',
        TextEncoder: 'readonly',
        Buffer: 'readonly',
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['apps/api/src/modules/**/*.ts'],
    ignores: ['apps/api/src/modules/registry.ts'],
    rules: { 'no-restricted-imports': ['error', moduleBoundaries] },
  },
);
