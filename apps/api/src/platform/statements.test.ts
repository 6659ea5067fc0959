import { randomUUID } from 'node:crypto';
import { eq, getTableColumns, sql } from 'drizzle-orm';
import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { afterAll, describe, expect, it } from 'vitest';
import { orderEvents, orderLines, orders } from '../db/schema/orders.js';
import { payments } from '../db/schema/payments.js';
import { createTestDatabase } from '../test/databases.js';
import { builtOnce, rowsOf, ShapedStatements, type Row } from './statements.js';

const { database, drop } = await createTestDatabase();
afterAll(drop);

const notes = pgTable('shaped_notes', {
  id: uuid('id').primaryKey(),
  note: text('note').notNull().default('none'),
  data: jsonb('data').$type<{ tags: string[] }>(),
  at: timestamp('at', { withTimezone: true }).notNull(),
});
await database.db.execute(
  sql`create table shaped_notes (id uuid primary key, note text not null default 'none', data jsonb, at timestamptz not null)`,
);

/** Inserts `rows` through one ShapedStatements, counting how often the statement is built. */
function inserter() {
  const statements = new ShapedStatements(2);
  let builds = 0;
  const insert = (rows: Row[]) =>
    statements.rows<{ id: string }>(database.db, { n: rows }, (p) => {
      builds += 1;
      const insert = database.db
        .insert(notes)
        .values(p.n as never)
        .returning({ id: notes.id });
      return insert.getSQL();
    });
  return { insert, builds: () => builds };
}

const at = new Date('2026-12-05T10:00:00Z');
const read = async (ids: string[]) =>
  rowsOf<{ id: string; note: string; data: unknown; at: string }>(
    database.db,
    sql`select id, note, data, to_char(at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as at
          from shaped_notes where id = any(${`{${ids.join(',')}}`}::uuid[]) order by note`,
  );

describe('ShapedStatements', () => {
  it('builds each shape once and writes each call its own values, encoded by their columns', async () => {
    const { insert, builds } = inserter();
    const a = { id: randomUUID(), note: 'a', data: { tags: ['x'] }, at };
    const b = { id: randomUUID(), note: 'b', data: null, at: new Date(at.getTime() + 60_000) };
    await insert([a]);
    await insert([b]);
    expect(builds()).toBe(1);
    expect(await read([a.id, b.id])).toEqual([
      { id: a.id, note: 'a', data: { tags: ['x'] }, at: '2026-12-05 10:00' },
      { id: b.id, note: 'b', data: null, at: '2026-12-05 10:01' },
    ]);
    // Two rows are another shape.
    const c = { id: randomUUID(), note: 'c', data: null, at };
    const d = { id: randomUUID(), note: 'd', data: null, at };
    expect((await insert([c, d])).map((r) => r.id)).toEqual([c.id, d.id]);
    expect(builds()).toBe(2);
  });

  it('treats a column left undefined as another shape: it gets its default, never a null', async () => {
    const { insert, builds } = inserter();
    const full = { id: randomUUID(), note: 'given', data: null, at };
    const noNote = { id: randomUUID(), note: undefined, data: null, at };
    await insert([full]);
    await insert([noNote]);
    expect(builds()).toBe(2);
    expect((await read([noNote.id]))[0]!.note).toBe('none');
  });

  it('past its bound, still sends other shapes (built per call)', async () => {
    const { insert, builds } = inserter(); // keeps 2 shapes
    const row = () => ({ id: randomUUID(), note: 'n', data: null, at });
    for (const count of [1, 2, 3, 3]) await insert(Array.from({ length: count }, row));
    expect(builds()).toBe(4);
    await insert([row()]);
    expect(builds()).toBe(4);
  });

  it('the tables the order insert writes have no column whose default Drizzle computes', () => {
    // Such a default would be computed once, when a shape is built (see ShapedStatements).
    for (const table of [orders, orderLines, orderEvents, payments]) {
      for (const [name, column] of Object.entries(getTableColumns(table))) {
        expect(column.defaultFn, name).toBeUndefined();
        expect(column.onUpdateFn, name).toBeUndefined();
      }
    }
  });
});

describe('builtOnce', () => {
  const byNote = () => {
    let builds = 0;
    const select = builtOnce((db) => {
      builds += 1;
      return db
        .select({
          id: notes.id,
          data: notes.data,
          at: notes.at,
          tags: sql<number>`jsonb_array_length(${notes.data}->'tags')`.mapWith(Number),
        })
        .from(notes)
        .where(eq(notes.note, sql.placeholder('note')));
    });
    return { select, builds: () => builds };
  };

  it('builds once and runs on the pool and inside transactions, mapping rows as Drizzle does', async () => {
    const id = randomUUID();
    await database.db.insert(notes).values({ id, note: 'built-once', data: { tags: ['a', 'b'] }, at });
    const { select, builds } = byNote();
    const expected = [{ id, data: { tags: ['a', 'b'] }, at, tags: 2 }];
    expect(await select(database.db, { note: 'built-once' })).toEqual(expected);
    for (let i = 0; i < 2; i++) {
      await database.db.transaction(async (tx) => {
        expect(await select(tx, { note: 'built-once' })).toEqual(expected);
      });
    }
    expect(await select(database.db, { note: 'no such note' })).toEqual([]);
    expect(builds()).toBe(1);
  });

  it('encodes a placeholder by its column when it sets one', async () => {
    const id = randomUUID();
    await database.db.insert(notes).values({ id, note: 'to-set', data: null, at });
    const setData = builtOnce((db) =>
      db
        .update(notes)
        .set({ data: sql.placeholder('data') as unknown as { tags: string[] } })
        .where(eq(notes.id, sql.placeholder('id')))
        .returning({ data: notes.data }),
    );
    await database.db.transaction(async (tx) => {
      expect(await setData(tx, { id, data: { tags: ['x'] } })).toEqual([{ data: { tags: ['x'] } }]);
    });
    expect((await read([id]))[0]!.data).toEqual({ tags: ['x'] });
  });
});
