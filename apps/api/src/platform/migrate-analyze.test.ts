import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/databases.js';
import { migrate, migrationsFolder } from './db.js';

/** The real migrations plus one more, in a folder of their own. */
function migrationsWith(tag: string, statement: string): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'soko-migrations-'));
  cpSync(migrationsFolder, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as {
    entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[];
  };
  const last = journal.entries.at(-1)!;
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1, tag });
  writeFileSync(journalFile, JSON.stringify(journal));
  writeFileSync(path.join(folder, `${tag}.sql`), statement);
  return folder;
}

const { database, drop } = await createTestDatabase();
const folders: string[] = [];
afterAll(async () => {
  await drop();
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

/** Pages of the table the visibility map marks all-visible (what prices an index-only scan). */
const allVisiblePages = async (table: string) => {
  const { rows } = await database.raw.query<{ n: number }>(
    'select relallvisible::int as n from pg_class where relname = $1',
    [table],
  );
  return rows[0]!.n;
};

const hasStatistics = async (table: string, column: string) => {
  const { rows } = await database.raw.query<{ n: number }>(
    'select count(*)::int as n from pg_stats where tablename = $1 and attname = $2',
    [table, column],
  );
  return rows[0]!.n > 0;
};

describe('migrating a database that has data', () => {
  it('restores the statistics and the visibility map a table rewrite dropped, so queries are not planned blind', async () => {
    await database.raw.exec(`
      create table analyze_probe (n int not null);
      insert into analyze_probe select g % 97 from generate_series(1, 5000) g;`);
    await database.raw.exec('vacuum analyze analyze_probe');
    expect(await hasStatistics('analyze_probe', 'n')).toBe(true);
    expect(await allVisiblePages('analyze_probe')).toBeGreaterThan(0);

    // A column's type change rewrites it and drops its statistics (as 0013 did to prices).
    const folder = migrationsWith(
      '9999_probe_bigint',
      'ALTER TABLE "analyze_probe" ALTER COLUMN "n" SET DATA TYPE bigint;',
    );
    folders.push(folder);
    await migrate(database, folder);

    const { rows } = await database.raw.query<{ type: string }>(
      `select data_type as type from information_schema.columns where table_name = 'analyze_probe'`,
    );
    expect(rows[0]!.type).toBe('bigint');
    expect(await hasStatistics('analyze_probe', 'n')).toBe(true);
    expect(await allVisiblePages('analyze_probe')).toBeGreaterThan(0);
  });
});
