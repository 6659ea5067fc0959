import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/databases.js';
import { skipUnless } from '../test/services.js';
import { MAX_NAMED_STATEMENTS, NAME_AFTER_SENDS, StatementNames } from './statement-cache.js';

describe('StatementNames', () => {
  it(`names a text from its ${NAME_AFTER_SENDS}rd sending on, always with the same name`, () => {
    const names = new StatementNames();
    const sent = Array.from({ length: NAME_AFTER_SENDS + 2 }, () => names.nameFor('select $1'));
    expect(sent.slice(0, NAME_AFTER_SENDS - 1)).toEqual(Array(NAME_AFTER_SENDS - 1).fill(undefined));
    expect(new Set(sent.slice(NAME_AFTER_SENDS - 1))).toEqual(new Set(['soko_0']));
    expect(names.nameFor('select $2')).toBeUndefined();
  });

  it('never names full-text or similarity searches: PostgreSQL plans each with its values', () => {
    const names = new StatementNames();
    for (const text of [
      `select id from products where search @@ websearch_to_tsquery('english', $1)`,
      `select word from catalog_words where word % $1 order by similarity(word, $1) desc`,
      `select name from categories where $1 <% name`,
    ]) {
      const sent = Array.from({ length: NAME_AFTER_SENDS + 5 }, () => names.nameFor(text));
      expect(sent, text).toEqual(Array(NAME_AFTER_SENDS + 5).fill(undefined));
    }
    expect(names.size).toBe(0);
    const fixed = Array.from({ length: NAME_AFTER_SENDS }, () => names.nameFor('select $1::int as n'));
    expect(fixed.at(-1)).toBe('soko_0');
  });

  it(`names at most ${MAX_NAMED_STATEMENTS} texts: later ones stay unnamed, the named keep their names`, () => {
    const names = new StatementNames();
    const send = (text: string) => Array.from({ length: NAME_AFTER_SENDS }, () => names.nameFor(text)).at(-1);
    for (let i = 0; i < MAX_NAMED_STATEMENTS; i++) expect(send(`select ${i}, $1`)).toBe(`soko_${i}`);
    expect(send('select -1, $1')).toBeUndefined();
    expect(names.size).toBe(MAX_NAMED_STATEMENTS);
    expect(send('select 7, $1')).toBe('soko_7');
  });
});

describe.skipIf(skipUnless('postgres', 'prepared statements'))('on PostgreSQL', () => {
  it('a statement sent often is prepared once on its connection; parameterless ones never are', async () => {
    const { database, drop } = await createTestDatabase();
    try {
      const prepared = async () =>
        (
          await database.raw.query<{ statement: string }>(
            'select statement from pg_prepared_statements where name like $1',
            ['soko\\_%'],
          )
        ).rows.map((r) => r.statement);
      // One pooled connection's worth: pg_prepared_statements lists this session's only.
      await database.raw.exec('select 1; select 2');
      for (let i = 0; i < NAME_AFTER_SENDS + 2; i++) {
        const result = (await database.db.execute(sql`select ${i}::int as n`)) as unknown as {
          rows: unknown[];
        };
        expect(result.rows).toEqual([{ n: i }]);
      }
      const statements = await prepared();
      expect(statements.filter((s) => s.startsWith('select $1::int as n'))).toHaveLength(1);
      expect(statements.some((s) => s.includes('select 1'))).toBe(false);
    } finally {
      await drop();
    }
  });
});
