import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { PgTransaction, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { preparingClient, StatementNames } from './statement-cache.js';

/**
 * A Drizzle handle: the database or a transaction. Services and queries take this, never a global.
 * Opened without the schema: queries name their tables, and Drizzle's relational query API (which
 * the schema enables) is not used; with it, every transaction built a query helper per table.
 */
export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = PgTransaction<
  PgQueryResultHKT,
  Record<string, never>,
  ExtractTablesWithRelations<Record<string, never>>
>;
export type DbOrTx = Db | Tx;

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
    const db = drizzlePg(pool, { casing: 'snake_case', logger }) as unknown as Db;
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
  const db = drizzlePglite(client, { casing: 'snake_case', logger }) as unknown as Db;
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
