import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The repository's own ESLint config, run on sources placed (virtually) inside a module folder.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function boundaryErrors(module: string, source: string): Promise<string[]> {
  const filePath = path.join(root, 'apps/api/src/modules', module, 'probe.ts');
  const [result] = await eslint.lintText(source, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'soko/module-boundaries').map((m) => m.message);
}

const head = `import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.js';
`;

describe('soko/module-boundaries: one owner per table', () => {
  it('only the users module writes users, through Drizzle or raw SQL', async () => {
    const write = `${head}import { users } from '../../db/schema/users.js';
export const a = (db: DbOrTx) => db.update(users).set({ name: 'x' });
export const b = sql\`update users set name = 'x'\`;
`;
    expect(await boundaryErrors('users', write)).toEqual([]);
    expect(await boundaryErrors('auth', write)).toHaveLength(2);
    expect(await boundaryErrors('catalog', write)).toHaveLength(2);
  });

  it('auth and catalog may read users in a join (the documented read-only joins); others may not', async () => {
    const read = `${head}import { users } from '../../db/schema/users.js';
export const a = (db: DbOrTx) => db.select({ name: users.name }).from(users);
export const b = sql\`select u.name from products p join users u on u.id = p.seller_id\`;
`;
    expect(await boundaryErrors('auth', read)).toHaveLength(1); // products is the catalogue's
    expect(await boundaryErrors('catalog', read)).toEqual([]);
    expect(await boundaryErrors('cart', read)).toHaveLength(3);
  });

  it("another module's tables are reached through its index.ts only", async () => {
    const source = `import { addresses } from '../../db/schema/addresses.js';
import { listUsers } from '../users/queries.js';
import { findUserById } from '../users/index.js';
export { addresses, listUsers, findUserById };
`;
    const errors = await boundaryErrors('auth', source);
    expect(errors).toHaveLength(2);
    expect(errors.join('\n')).toMatch(/only its own tables/);
    expect(errors.join('\n')).toMatch(/through \.\.\/users\/index\.js only/);
  });
});
