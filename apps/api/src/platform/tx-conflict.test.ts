import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../test/harness.js';
import { skipUnless } from '../test/services.js';
import { afterCommit, contextFor, withTx, type ServiceContext } from './context.js';

const t = await buildTestApp({ worker: false });
await t.db.execute(sql`create table tx_conflict_probe (label text primary key, n int not null default 0)`);

const labels = async () => {
  const { rows } = (await t.db.execute(
    sql`select label, n from tx_conflict_probe order by label`,
  )) as unknown as { rows: { label: string; n: number }[] };
  return rows;
};
const insert = (ctx: ServiceContext, label: string) =>
  ctx.db.execute(sql`insert into tx_conflict_probe (label) values (${label})`);

/** The error Drizzle throws when PostgreSQL picks this transaction as a deadlock's victim. */
const deadlock = () =>
  new Error('Failed query: update …', {
    cause: Object.assign(new Error('deadlock detected'), { code: '40P01' }),
  });
const serialization = () =>
  Object.assign(new Error('could not serialize access due to concurrent update'), { code: '40001' });

/** A context whose logger records the warnings it is given. */
function recordingContext() {
  const warnings: unknown[] = [];
  const log = { warn: (obj: unknown) => warnings.push(obj), error: () => {} } as unknown as Logger;
  return { ctx: { ...contextFor(t.platform), log }, warnings };
}

describe('withTx after a deadlock or serialization failure', () => {
  it('runs the work once more in a new transaction: the first attempt leaves no row and runs no hook', async () => {
    const { ctx, warnings } = recordingContext();
    const hooks: number[] = [];
    let attempts = 0;
    const result = await withTx(ctx, async (tx) => {
      attempts += 1;
      const attempt = attempts;
      await insert(tx, `retry-${attempt}`);
      await afterCommit(tx, () => void hooks.push(attempt));
      if (attempt === 1) throw deadlock();
      return 'placed';
    });
    expect(result).toBe('placed');
    expect(attempts).toBe(2);
    expect(hooks).toEqual([2]);
    const rows = (await labels()).map((r) => r.label);
    expect(rows).toContain('retry-2');
    expect(rows).not.toContain('retry-1');
    expect(warnings).toHaveLength(1);
  });

  it('a conflict inside a nested withTx runs the whole outermost transaction again', async () => {
    const { ctx } = recordingContext();
    const seen: string[] = [];
    await withTx(ctx, async (outer) => {
      seen.push('outer');
      await withTx(outer, async () => {
        seen.push('inner');
        if (seen.length === 2) throw serialization();
      });
    });
    expect(seen).toEqual(['outer', 'inner', 'outer', 'inner']);
  });

  it('a second conflict is thrown, and other errors are never run again', async () => {
    const { ctx } = recordingContext();
    let attempts = 0;
    await expect(
      withTx(ctx, async () => {
        attempts += 1;
        throw serialization();
      }),
    ).rejects.toMatchObject({ code: '40001' });
    expect(attempts).toBe(2);

    attempts = 0;
    await expect(
      withTx(ctx, async () => {
        attempts += 1;
        throw Object.assign(new Error('duplicate key'), { code: '23505' });
      }),
    ).rejects.toThrow('duplicate key');
    expect(attempts).toBe(1);
  });

  describe.skipIf(skipUnless('postgres', 'a real deadlock between two PostgreSQL connections'))(
    'on PostgreSQL',
    () => {
      it('two transactions locking two rows in opposite orders both succeed: the victim runs again', async () => {
        await t.db.execute(sql`insert into tx_conflict_probe (label) values ('lock-a'), ('lock-b')`);
        const ctx = contextFor(t.platform);
        let bothLocked!: () => void;
        const barrier = new Promise<void>((resolve) => (bothLocked = resolve));
        let locked = 0;
        let attempts = 0;
        const bump = (c: ServiceContext, label: string) =>
          c.db.execute(sql`update tx_conflict_probe set n = n + 1 where label = ${label}`);
        const crossing = (first: string, second: string) =>
          withTx(ctx, async (tx) => {
            attempts += 1;
            await bump(tx, first);
            if (++locked === 2) bothLocked();
            await barrier;
            await bump(tx, second);
          });
        // PostgreSQL finds the cycle after deadlock_timeout (1 s) and fails one of the two.
        // Without the second attempt one of these rejects with 40P01.
        await Promise.all([crossing('lock-a', 'lock-b'), crossing('lock-b', 'lock-a')]);
        // Two first attempts and at least one more (the victim's); each transaction's update of
        // each row counted exactly once, the victim's first attempt not at all.
        expect(attempts, `attempts: ${attempts}`).toBeGreaterThanOrEqual(3);
        const rows = await labels();
        expect(rows.filter((r) => r.label.startsWith('lock-'))).toEqual([
          { label: 'lock-a', n: 2 },
          { label: 'lock-b', n: 2 },
        ]);
      });
    },
  );
});
