import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/databases.js';
import { readTogether } from './statements.js';

const { database, drop } = await createTestDatabase();
afterAll(drop);

/** A read that notes when it starts and ends, around a short statement of its own. */
const noting = (log: string[], name: string) => async () => {
  log.push(`${name} start`);
  await database.db.execute(sql`select pg_sleep(0.02)`);
  log.push(`${name} end`);
  return name;
};

describe('readTogether', () => {
  it('on the pool, starts every read at once', async () => {
    const log: string[] = [];
    const results = await readTogether(database.db, noting(log, 'a'), noting(log, 'b'));
    expect(results).toEqual(['a', 'b']);
    expect(log.slice(0, 2)).toEqual(['a start', 'b start']);
  });

  it('in a transaction (one connection), runs the reads one after the other, in order', async () => {
    const log: string[] = [];
    const results = await database.db.transaction(async (tx) => {
      const read = (name: string) => async () => {
        log.push(`${name} start`);
        const rows = (await tx.execute(sql`select ${name}::text as name, pg_sleep(0.02)`)) as unknown as {
          rows: { name: string }[];
        };
        log.push(`${name} end`);
        return rows.rows[0]!.name;
      };
      return readTogether(tx, read('a'), read('b'), read('c'));
    });
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });
});
