import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate, openDatabase, type Database } from '../platform/db.js';

/**
 * `SOKO_TEST_NS` (letters and digits) keeps test runs in different checkouts sharing one
 * PostgreSQL server from dropping each other's databases. Empty by default.
 */
const ns = (process.env.SOKO_TEST_NS ?? '').replace(/[^a-z0-9]/gi, '').toLowerCase();
export const TEMPLATE_DB = `soko_test_template${ns}`;
/** Prefix of this run's per-file database names. */
export const TEST_DB_PREFIX = `soko_t${ns}_`;

/** The PostgreSQL tests run on (`TEST_DATABASE_URL`), or undefined for embedded PGlite. */
export const testDatabaseUrl = () => process.env.TEST_DATABASE_URL || undefined;

const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

async function admin<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Builds the migrated template database once per run (vitest globalSetup). */
export async function prepareTemplate(url: string): Promise<void> {
  await admin(url, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  });
  const db = await openDatabase({ databaseUrl: withDatabase(url, TEMPLATE_DB), poolSize: 1 });
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
}

/** Drops databases that earlier runs left behind (a killed run never reaches its afterAll). */
export async function dropStaleTestDatabases(url: string): Promise<void> {
  await admin(url, async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      'select datname from pg_database where starts_with(datname, $1)',
      [TEST_DB_PREFIX],
    );
    for (const r of rows) await c.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
  });
}

/**
 * A fresh, migrated database for one test file: a copy of the template on PostgreSQL (files run
 * in parallel, each on its own database), or a new in-memory PGlite.
 */
export async function createTestDatabase(
  options: { poolTimeoutMs?: number; poolSize?: number } = {},
): Promise<{ database: Database; drop: () => Promise<void> }> {
  const url = testDatabaseUrl();
  if (!url) {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrate(database);
    return { database, drop: () => database.close() };
  }
  const name = `${TEST_DB_PREFIX}${randomBytes(6).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await admin(url, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`));
      break;
    } catch (err) {
      // Two files cloning the template at the same instant collide; try again shortly.
      if (attempt >= 10) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 300));
    }
  }
  const database = await openDatabase({
    databaseUrl: withDatabase(url, name),
    poolSize: options.poolSize ?? 5,
    poolTimeoutMs: options.poolTimeoutMs,
  });
  return {
    database,
    drop: async () => {
      await database.close();
      await admin(url, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
