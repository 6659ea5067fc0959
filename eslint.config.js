import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Paths from this file, so the rule holds whatever directory ESLint runs from.
const root = path.dirname(fileURLToPath(import.meta.url));
const modulesDir = path.join(root, 'apps/api/src/modules');
const schemaDir = path.join(root, 'apps/api/src/db/schema');

/**
 * The table files (db/schema/<file>.ts) each module owns: it alone reads and writes their tables.
 * One owner per file, so one writer per table. A new module adds its line here.
 */
const moduleTables = {
  addresses: ['addresses'],
  auth: ['auth'],
  cart: ['cart'],
  checkout: ['checkout'],
  catalog: ['catalog'],
  orders: ['orders', 'ledger'],
  payments: ['payments'],
  users: ['users'],
};

/**
 * Reads of another module's tables in the same statement, allowed where one query matters more
 * than the boundary, each with its reason. Read only: the rule reports an insert, update or delete
 * of these tables (Drizzle's `db.insert(t)`/`update(t)`/`delete(t)` or raw SQL). Anything else a
 * module needs of another's data goes through that module's index.ts.
 */
const readOnlyJoins = {
  auth: {
    users:
      'the access-token check behind every authenticated request reads the role and status of the ' +
      "session's user in one primary-key join (two round trips per request otherwise)",
  },
  catalog: {
    users:
      'product lists, search, detail and cart lines show the seller name from the same statement; ' +
      'the product list is benchmarked, and a second query per page (or a copied name) would cost more',
  },
};

/** SQL table name → its table file, read from db/schema/*.ts (`pgTable('name'`). */
const tableFiles = new Map(
  fs
    .readdirSync(schemaDir)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .flatMap((f) =>
      [...fs.readFileSync(path.join(schemaDir, f), 'utf8').matchAll(/pgTable\(\s*'([a-z0-9_]+)'/g)].map(
        (m) => [m[1], f.replace(/\.ts$/, '')],
      ),
    ),
);

const WRITES = /\b(?:update|insert\s+into|delete\s+from)\s+"?([a-z0-9_]+)"?/gi;
const READS = /\b(?:from|join)\s+"?([a-z0-9_]+)"?/gi;

/**
 * STYLE.md rule 1 as an allow-list: from inside `modules/<a>/`, another module is reachable only
 * through `../<b>/index.js`, and `db/schema/` only through module <a>'s own table files (never
 * `db/schema/index.js`, which holds every table) or, to read, a file listed in `readOnlyJoins`.
 * Raw SQL (`sql\`…\``, `sql.raw('…')`) is held to the same: a table named after from/join must be
 * the module's own or a read-only join; after update/insert into/delete from, its own only.
 */
const boundaries = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const file = path.resolve(context.filename);
    const [own] = path.relative(modulesDir, file).split(path.sep);
    const owned = moduleTables[own] ?? [];
    const readable = readOnlyJoins[own] ?? {};
    /** Local names of tables imported from a read-only file: never written. */
    const readOnlyNames = new Map();
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
        const table = inSchema[0];
        if (owned.includes(table)) return;
        if (readable[table] && node.type === 'ImportDeclaration') {
          for (const s of node.specifiers ?? []) readOnlyNames.set(s.local.name, table);
          return;
        }
        context.report({
          node: node.source,
          message: owned.length
            ? `The ${own} module may import only its own tables (db/schema/${owned.join('.ts, db/schema/')}.ts); reach other data through that module's index.ts.`
            : `Map the ${own} module to its table files in moduleTables (eslint.config.js).`,
        });
      }
    };
    const checkSql = (node, text) => {
      const report = (name, verb) =>
        context.report({
          node,
          message: `The ${own} module ${verb} the table ${name} of db/schema/${tableFiles.get(name)}.ts in SQL; call that module's index.ts${verb === 'reads' ? ' (or list a read-only join with its reason in readOnlyJoins)' : ''}.`,
        });
      for (const [, name] of text.matchAll(WRITES)) {
        const f = tableFiles.get(name.toLowerCase());
        if (f && !owned.includes(f)) report(name, 'writes');
      }
      for (const [, name] of text.matchAll(READS)) {
        const f = tableFiles.get(name.toLowerCase());
        if (f && !owned.includes(f) && !readable[f]) report(name, 'reads');
      }
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
      TaggedTemplateExpression(node) {
        if (node.tag.type === 'Identifier' && node.tag.name === 'sql')
          checkSql(node, node.quasi.quasis.map((q) => q.value.cooked ?? q.value.raw).join(' ? '));
      },
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier') return;
        const [arg] = node.arguments;
        if (
          callee.object.type === 'Identifier' &&
          callee.object.name === 'sql' &&
          callee.property.name === 'raw'
        ) {
          if (arg?.type === 'Literal' && typeof arg.value === 'string') checkSql(node, arg.value);
          return;
        }
        if (['insert', 'update', 'delete'].includes(callee.property.name) && arg?.type === 'Identifier') {
          const table = readOnlyNames.get(arg.name);
          if (table)
            context.report({
              node,
              message: `db/schema/${table}.ts is a read-only join for the ${own} module; write it through its module's index.ts.`,
            });
        }
      },
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
    // Tests and their helpers (`*.test-shop.ts`) may look across modules to check an outcome (a
    // deleted user's addresses are gone, the ledger of a refunded order).
    ignores: ['**/*.test.ts', '**/*.test-*.ts'],
    plugins: { soko: { rules: { 'module-boundaries': boundaries } } },
    rules: { 'soko/module-boundaries': 'error' },
  },
);
