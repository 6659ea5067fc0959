import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  is,
  Param,
  Placeholder,
  sql,
  type DriverValueEncoder,
  type ExtractTablesWithRelations,
  type SQL,
} from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import {
  PgDialect,
  PgTransaction,
  type PgDatabase,
  type PgQueryResultHKT,
  type PgTable,
} from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from '../db/schema/index.js';
import { preparingClient, StatementNames } from './statement-cache.js';

export type Schema = typeof schema;
/** A Drizzle handle: the database or a transaction. Services and queries take this, never a global. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DbOrTx = Db | Tx;

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

/**
 * A Drizzle prepared query (`.prepare(name)`, values as `sql.placeholder`s), built once per
 * database handle: its SQL text is made once instead of on every call (for the statements behind
 * every request, building cost more than sending). For statements sent outside transactions: a
 * transaction is a new handle each time, so inside one this saves nothing.
 */
export function preparedPerDb<Q>(build: (db: DbOrTx) => Q): (db: DbOrTx) => Q {
  const built = new WeakMap<DbOrTx, Q>();
  return (db) => {
    let query = built.get(db);
    if (!query) built.set(db, (query = build(db)));
    return query;
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
 * multi-row insert inside a transaction, where {@link preparedPerDb} cannot help: Drizzle builds
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

export const migrationsFolder = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../src/db/migrations',
);

/** The raw SQL connection under Drizzle, for platform code (pg-boss, health checks). */
export interface RawSql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Runs several statements without parameters; answers the last statement's rows. */
  exec(text: string): Promise<{ rows: Record<string, unknown>[] }>;
}

/** Counts the SQL statements Drizzle sends, so tests can pin an endpoint's query count. */
export class QueryCounter {
  count = 0;
  private readonly scope = new AsyncLocalStorage<string[]>();
  record(sql: string) {
    this.count += 1;
    this.scope.getStore()?.push(sql);
  }
  /**
   * Collects the statements sent by `fn` and what it awaits, and only those: background work
   * running meanwhile (a timer flushing view counts, the job queue) is in another async context.
   */
  async capture<T>(fn: () => Promise<T>): Promise<{ result: T; queries: string[] }> {
    const queries: string[] = [];
    const result = await this.scope.run(queries, async () => await fn());
    return { result, queries };
  }
}

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  raw: RawSql;
  queries: QueryCounter;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  /** True once `close()` was called. */
  isClosed(): boolean;
  /**
   * Runs `work` while holding a PostgreSQL advisory lock, so several instances starting at once
   * migrate and seed one after another. PGlite has one process: it just runs `work`.
   */
  exclusively<T>(key: number, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  /** PGlite data directory; `memory://` (or undefined) for an in-memory database. */
  dataDir?: string;
  poolSize?: number;
  /** How long a query waits for a free pooled connection (and a new one to connect); 5 s by default. */
  poolTimeoutMs?: number;
  /**
   * PGlite is one process's database: take `DATA_DIR/pglite/soko.lock`, refusing when another live
   * process (the server, or a CLI command) holds it.
   */
  lock?: 'server' | 'cli';
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the PGlite directory's lock file or throws naming the process that holds it. */
function lockDataDir(dataDir: string, holder: 'server' | 'cli'): () => void {
  const file = path.join(dataDir, 'soko.lock');
  try {
    const held = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; holder: string };
    if (held.pid !== process.pid && isAlive(held.pid)) {
      throw new Error(
        `The embedded database in ${dataDir} is in use by the running ${held.holder} (pid ${held.pid}). ` +
          'PGlite allows one process at a time: stop it first (Ctrl-C in its terminal), then run this again.',
      );
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && !(err instanceof SyntaxError)) throw err;
  }
  writeFileSync(file, JSON.stringify({ pid: process.pid, holder }));
  return () => rmSync(file, { force: true });
}

/*
 * node-postgres answers int8 (bigint money columns, `count(*)`, `min`/`max` of them) as a string;
 * PGlite as a number. Both answer a number here: every bigint the API stores is bounded by
 * MAX_MINOR_UNITS (platform/schema.ts), a safe integer. Set on pg's global parsers because
 * Drizzle hands each query its own type table that falls back to them.
 */
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

/**
 * PostgreSQL's "run it again" answers: this transaction was chosen as a deadlock's victim (40P01)
 * or could not be serialized with a concurrent one (40001). Nothing it did was kept, and the same
 * work run again normally succeeds. Drizzle wraps the driver's error in `cause`.
 */
export function isRetryableConflict(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (code === '40P01' || code === '40001') return true;
    current = current.cause;
  }
  return false;
}

/** Opens PostgreSQL (node-postgres pool) when `databaseUrl` is set, otherwise embedded PGlite. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const queries = new QueryCounter();
  const logger = { logQuery: (sql: string) => queries.record(sql) };
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.poolTimeoutMs ?? 5_000,
      Client: preparingClient(new StatementNames()),
    });
    // A dropped idle connection must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    const db = drizzlePg(pool, { schema, casing: 'snake_case', logger }) as unknown as Db;
    const raw: RawSql = {
      query: async <T>(text: string, params?: unknown[]) => {
        const r = await pool.query(text, params as unknown[]);
        return { rows: r.rows as T[] };
      },
      exec: async (text) => {
        const r = (await pool.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
        return { rows: Array.isArray(r) ? (r.at(-1)?.rows ?? []) : r.rows };
      },
    };
    return {
      kind: 'postgres',
      db,
      raw,
      queries,
      ping: () => ping(raw),
      isClosed: () => pool.ending,
      async exclusively(key, work) {
        const client = await pool.connect();
        try {
          await client.query('select pg_advisory_lock($1)', [key]);
          return await work();
        } finally {
          await client.query('select pg_advisory_unlock($1)', [key]).catch(() => {});
          client.release();
        }
      },
      close: async () => {
        if (!pool.ended) await pool.end();
      },
    };
  }
  const dataDir = options.dataDir && options.dataDir !== 'memory://' ? options.dataDir : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const unlock = dataDir && options.lock ? lockDataDir(dataDir, options.lock) : () => {};
  // PGlite (and its WebAssembly PostgreSQL) is loaded only when there is no DATABASE_URL.
  const [{ PGlite }, { pg_trgm }, { drizzle: drizzlePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('drizzle-orm/pglite'),
  ]);
  const client = await PGlite.create({ dataDir, extensions: { pg_trgm } });
  const db = drizzlePglite(client, { schema, casing: 'snake_case', logger }) as unknown as Db;
  const raw: RawSql = {
    query: async <T>(text: string, params?: unknown[]) => {
      const r = await client.query<T>(text, params);
      return { rows: r.rows };
    },
    exec: async (text) => {
      const results = await client.exec(text);
      return { rows: (results.at(-1)?.rows ?? []) as Record<string, unknown>[] };
    },
  };
  return {
    kind: 'pglite',
    db,
    raw,
    queries,
    ping: () => ping(raw),
    isClosed: () => client.closed,
    exclusively: (_key, work) => work(),
    close: async () => {
      if (!client.closed) await client.close();
      unlock();
    },
  };
}

async function ping(raw: RawSql): Promise<boolean> {
  try {
    await raw.query('select 1');
    return true;
  } catch {
    return false;
  }
}

/** How many migrations the database has applied (0 before the first: no bookkeeping table yet). */
async function appliedMigrations(database: Database): Promise<number> {
  const { rows } = await database.raw.query<{ table: string | null }>(
    `select to_regclass('drizzle.__drizzle_migrations')::text as table`,
  );
  if (!rows[0]?.table) return 0;
  const count = await database.raw.query<{ n: number }>(
    'select count(*)::int as n from drizzle.__drizzle_migrations',
  );
  return count.rows[0]!.n;
}

/**
 * Applies the migrations not applied yet. When an existing database took any, it then runs
 * `VACUUM ANALYZE`. A migration that rewrites a table (a column's type change) leaves it with no
 * planner statistics for that column and an empty visibility map, and autovacuum restores neither
 * on a quiet table (a rewrite is neither inserts nor dead rows): the planner then plans blind and
 * prices every index-only scan as heap reads. Seen on 1M products after 0013 made prices `bigint`:
 * a category's facets by seq scan (52 ms instead of 13), the uncached filtered list 8× slower.
 * A new, empty database skips it. `folder` is for tests.
 */
export async function migrate(database: Database, folder = migrationsFolder): Promise<void> {
  const before = await appliedMigrations(database);
  if (database.kind === 'postgres') {
    await migratePg(database.db as Parameters<typeof migratePg>[0], { migrationsFolder: folder });
  } else {
    const { migrate: migratePglite } = await import('drizzle-orm/pglite/migrator');
    await migratePglite(database.db as unknown as Parameters<typeof migratePglite>[0], {
      migrationsFolder: folder,
    });
  }
  if (before > 0 && (await appliedMigrations(database)) > before) await database.raw.exec('vacuum analyze');
}
