import { is, Param, Placeholder, sql, type DriverValueEncoder, type SQL } from 'drizzle-orm';
import { PgDialect, PgTransaction, type PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './db.js';

// Running statements on a Drizzle handle (db.ts opens, migrates and counts; this sends).

/**
 * Runs a statement that is text already, with `$1`-style parameters (another library's SQL, such
 * as pg-boss's), on db's connection (the pool's, or the transaction's) without Drizzle rebuilding
 * it; answers its rows.
 */
export async function rowsOfText<T>(db: DbOrTx, text: string, values: readonly unknown[] = []): Promise<T[]> {
  const prepared = db._.session.prepareQuery({ sql: text, params: [...values] }, undefined, undefined, false);
  const result = await prepared.execute();
  return (result as unknown as { rows: T[] }).rows;
}

/** What a built Drizzle query keeps besides its text: how its rows map back to fields. */
interface BuiltQuery {
  query: { sql: string; params: unknown[] };
  fields: unknown;
  customResultMapper: unknown;
  joinsNotNullableMap: unknown;
  isResponseInArrayMode(): boolean;
}

/**
 * A Drizzle query (select, insert, update or delete, values as `sql.placeholder`s) built once,
 * the first time it runs, and then run on whatever handle each call gives, the pool's or a
 * transaction's (a new handle each time), with Drizzle's own mapping of its rows. For the
 * statements behind every request: building one cost more than sending it (Drizzle took about
 * 60 µs of CPU to build the session check, and the shipping method's select inside every order's
 * transaction was about 5% of the API's CPU per order, 2026-12-05). The name `prepare` is given
 * is never sent: the pool names often-sent texts itself (`StatementNames`, statement-cache.ts).
 */
export function builtOnce<R>(
  build: (db: DbOrTx) => { prepare(name: string): { execute(values?: Record<string, unknown>): Promise<R> } },
): (db: DbOrTx, values?: Record<string, unknown>) => Promise<R> {
  let built: BuiltQuery | undefined;
  return (db, values) => {
    built ??= build(db).prepare('built_once') as unknown as BuiltQuery;
    const query = db._.session.prepareQuery(
      built.query,
      built.fields as never,
      undefined,
      built.isResponseInArrayMode(),
      built.customResultMapper as never,
    );
    (query as unknown as { joinsNotNullableMap: unknown }).joinsNotNullableMap = built.joinsNotNullableMap;
    return query.execute(values) as Promise<R>;
  };
}

/** Rows as they are written: column keys to values (`undefined`: the column's default). */
export type Row = Record<string, unknown>;

/** Rows another module writes in a statement of the caller's (see {@link ShapedStatements}). */
export interface RowsToInsert {
  table: PgTable;
  rows: readonly Row[];
}

/** A built statement's parameter: a value to fill in (with its column's encoder) or a constant. */
type ShapedParam =
  { index: number; encoder: DriverValueEncoder<unknown, unknown> | null } | { value: unknown };

/**
 * Statements whose text depends only on their shape (how many rows of which columns), such as a
 * multi-row insert, where {@link builtOnce} cannot help (one text per shape): Drizzle builds
 * each shape once, with a placeholder per value, and every call only fills the values in (each
 * encoded by its column, as Drizzle would) and sends the text as it is ({@link rowsOfText}).
 * Building a 20-column insert cost more CPU than PostgreSQL spent running it. A row's columns are
 * part of its shape (an `undefined` value leaves the column to its default, as in Drizzle). At
 * most `maxShapes` shapes are kept; a statement of any other shape is built per call. A column
 * with a Drizzle `$defaultFn` or `$onUpdateFn` must be given its value in the rows: left out,
 * Drizzle would call the function once, when the shape is built, and every call would send that.
 */
export class ShapedStatements {
  private readonly built = new Map<string, { text: string; params: ShapedParam[] }>();
  private static readonly dialect = new PgDialect();

  constructor(private readonly maxShapes = 64) {}

  /**
   * Sends the statement `build` makes for these row groups and answers its rows. `build` gets,
   * for each group, its rows with every value replaced by a placeholder.
   */
  async rows<T>(
    db: DbOrTx,
    groups: Record<string, readonly Row[]>,
    build: (placeholders: Record<string, Record<string, Placeholder>[]>) => SQL,
  ): Promise<T[]> {
    // The shape: each group's rows and their defined columns, in order. The values go in that
    // same order into one array, which the built statement's placeholders index.
    let shape = '';
    const values: unknown[] = [];
    for (const group in groups) {
      shape += `${group}:`;
      for (const row of groups[group]!) {
        const keys = Object.keys(row);
        shape += keys.join(',');
        for (const key of keys) {
          const value = row[key];
          if (value === undefined) shape += `-${key}`;
          else values.push(value);
        }
        shape += ';';
      }
    }
    let statement = this.built.get(shape);
    if (!statement) {
      let index = 0;
      const placeholders: Record<string, Record<string, Placeholder>[]> = {};
      for (const group in groups) {
        placeholders[group] = groups[group]!.map((row) => {
          const marked: Record<string, Placeholder> = {};
          for (const key of Object.keys(row)) {
            if (row[key] !== undefined) marked[key] = sql.placeholder(String(index++));
          }
          return marked;
        });
      }
      const query = ShapedStatements.dialect.sqlToQuery(build(placeholders));
      statement = { text: query.sql, params: query.params.map(shapedParam) };
      if (this.built.size < this.maxShapes) this.built.set(shape, statement);
    }
    const params = statement.params.map((p) => {
      if ('value' in p) return p.value;
      const value = values[p.index];
      // As Drizzle sends a value: null as null, anything else through its column's encoder.
      return value === null || !p.encoder ? value : p.encoder.mapToDriverValue(value);
    });
    return rowsOfText<T>(db, statement.text, params);
  }
}

function shapedParam(p: unknown): ShapedParam {
  if (is(p, Param) && is(p.value, Placeholder)) return { index: Number(p.value.name), encoder: p.encoder };
  if (is(p, Placeholder)) return { index: Number(p.name), encoder: null };
  return { value: p };
}

/** Runs raw SQL and answers its rows (PGlite and node-postgres both answer `{ rows }`). */
export async function rowsOf<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Independent reads: at once on the pool (each on a connection of its own), one after the other
 * inside a transaction. A transaction is one connection, and node-postgres deprecates a query
 * sent to a client while another runs on it (pg 9 removes it).
 */
export async function readTogether<T extends unknown[]>(
  db: DbOrTx,
  ...reads: { [K in keyof T]: () => PromiseLike<T[K]> }
): Promise<T> {
  if (!(db instanceof PgTransaction)) return (await Promise.all(reads.map((read) => read()))) as T;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as T;
}

/**
 * A page of `table`'s rows matching `where`, in `order`, with the count of all that match: two
 * statements, read together ({@link readTogether}).
 */
export async function selectPage<T extends PgTable>(
  db: DbOrTx,
  table: T,
  where: SQL | undefined,
  order: SQL[],
  limit: number,
  offset: number,
): Promise<{ items: T['$inferSelect'][]; total: number }> {
  const from = table as PgTable;
  const [items, [count]] = await readTogether(
    db,
    async () =>
      (await db
        .select()
        .from(from)
        .where(where)
        .orderBy(...order)
        .limit(limit)
        .offset(offset)) as T['$inferSelect'][],
    async () =>
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(from)
        .where(where),
  );
  return { items, total: count?.n ?? 0 };
}
