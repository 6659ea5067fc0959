import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { TEST_DB_PREFIX } from '../test/databases.js';
import { skipUnless } from '../test/services.js';
import { migrate, openDatabase } from './db.js';

const noPostgres = skipUnless('postgres', 'instances migrating an empty database at once');

describe.skipIf(noPostgres)('several instances starting at once', () => {
  it('migrate an empty PostgreSQL database one after another, never twice', async () => {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    const name = `${TEST_DB_PREFIX}${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    url.pathname = `/${name}`;
    const instances = await Promise.all(
      [1, 2, 3].map(() => openDatabase({ databaseUrl: url.toString(), poolSize: 2 })),
    );
    try {
      await Promise.all(instances.map((db) => db.exclusively(42, () => migrate(db))));
      const { rows } = await instances[0]!.raw.query<{ n: number }>(
        'select count(*)::int as n from drizzle.__drizzle_migrations',
      );
      const files = await import('node:fs').then((fs) =>
        fs.readdirSync(new URL('../db/migrations/', import.meta.url)).filter((f) => f.endsWith('.sql')),
      );
      expect(rows[0]!.n).toBe(files.length);
    } finally {
      await Promise.all(instances.map((db) => db.close()));
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
