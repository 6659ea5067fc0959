import path from 'node:path';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const modulesDir = path.resolve('apps/api/src/modules');
const schemaDir = path.resolve('apps/api/src/db/schema');

/**
 * The table files (db/schema/<file>.ts) each module may import: its own. `users.ts` is shared by
 * `users` and `auth` (sign-up, credentials and two-factor columns are written by auth; role,
 * status and seller approval by users). A new module adds its line here.
 */
const moduleTables = {
  addresses: ['addresses'],
  auth: ['auth', 'users'],
  cart: ['cart', 'checkout'],
  catalog: ['catalog'],
  orders: ['orders', 'ledger'],
  payments: ['payments'],
  users: ['users'],
};

/**
 * STYLE.md rule 1 as an allow-list: from inside `modules/<a>/`, another module is reachable only
 * through `../<b>/index.js`, and `db/schema/` only through module <a>'s own table files (never
 * `db/schema/index.js`, which holds every table).
 */
const boundaries = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const file = path.resolve(context.filename);
    const [own] = path.relative(modulesDir, file).split(path.sep);
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), spec).replace(/\.js$/, '');
      const inModules = path.relative(modulesDir, target).split(path.sep);
      if (!inModules[0].startsWith('..') && inModules.length > 1 && inModules[0] !== own) {
        if (inModules.length !== 2 || inModules[1] !== 'index') {
          context.report({
            node: node.source,
            message: `Import the ${inModules[0]} module through ../${inModules[0]}/index.js only; its other files are private.`,
          });
        }
        return;
      }
      const inSchema = path.relative(schemaDir, target).split(path.sep);
      if (!inSchema[0].startsWith('..') && inSchema.length === 1) {
        const allowed = moduleTables[own] ?? [];
        if (!allowed.includes(inSchema[0])) {
          context.report({
            node: node.source,
            message: allowed.length
              ? `The ${own} module may import only its own tables (db/schema/${allowed.join('.ts, db/schema/')}.ts); reach other data through that module's index.ts.`
              : `Map the ${own} module to its table files in moduleTables (eslint.config.js).`,
          });
        }
      }
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
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
    files: ['apps/api/src/modules/*/**/*.ts'],
    // Tests may look across modules to check an outcome (a deleted user's addresses are gone).
    ignores: ['**/*.test.ts'],
    plugins: { soko: { rules: { 'module-boundaries': boundaries } } },
    rules: { 'soko/module-boundaries': 'error' },
  },
);
