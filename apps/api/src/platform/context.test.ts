import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../test/harness.js';
import { afterCommit, contextFor, withTx, type ServiceContext } from './context.js';

const t = await buildTestApp({ worker: false });
await t.db.execute(sql`create table tx_probe (label text primary key)`);

const labels = async () => {
  const { rows } = (await t.db.execute(sql`select label from tx_probe order by label`)) as unknown as {
    rows: { label: string }[];
  };
  return rows.map((r) => r.label);
};
const insert = (ctx: ServiceContext, label: string) =>
  ctx.db.execute(sql`insert into tx_probe (label) values (${label})`);

/** A context whose logger records the errors it is given. */
function recordingContext() {
  const errors: unknown[] = [];
  const log = { error: (obj: unknown) => errors.push(obj) } as unknown as Logger;
  return { ctx: { ...contextFor(t.platform), log }, errors };
}

describe('withTx and afterCommit', () => {
  it('runs after-commit hooks once the outermost transaction has committed, in order', async () => {
    const ctx = contextFor(t.platform);
    const seen: string[][] = [];
    await withTx(ctx, async (outer) => {
      await insert(outer, 'commit-outer');
      await afterCommit(outer, async () => void seen.push(['first', ...(await labels())]));
      await withTx(outer, async (inner) => {
        await insert(inner, 'commit-inner');
        await afterCommit(inner, async () => void seen.push(['second', ...(await labels())]));
      });
      expect(seen).toEqual([]);
    });
    // Each hook ran after the commit: a read outside the transaction already sees both rows.
    expect(seen).toEqual([
      ['first', 'commit-inner', 'commit-outer'],
      ['second', 'commit-inner', 'commit-outer'],
    ]);
  });

  it('a savepoint that rolls back drops its hooks and its rows; the outer work commits with its own', async () => {
    const ctx = contextFor(t.platform);
    const ran: string[] = [];
    await withTx(ctx, async (outer) => {
      await insert(outer, 'kept-outer');
      await afterCommit(outer, () => void ran.push('outer'));
      await withTx(outer, async (inner) => {
        await insert(inner, 'dropped-inner');
        await afterCommit(inner, () => void ran.push('inner'));
        throw new Error('inner fails');
      }).catch(() => {});
    });
    expect(ran).toEqual(['outer']);
    expect(await labels()).toContain('kept-outer');
    expect(await labels()).not.toContain('dropped-inner');
  });

  it('a transaction that rolls back runs none of its hooks, nested ones included', async () => {
    const ctx = contextFor(t.platform);
    const ran: string[] = [];
    await expect(
      withTx(ctx, async (outer) => {
        await insert(outer, 'rolled-back');
        await afterCommit(outer, () => void ran.push('outer'));
        await withTx(outer, (inner) => afterCommit(inner, () => void ran.push('inner')));
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(ran).toEqual([]);
    expect(await labels()).not.toContain('rolled-back');
  });

  it('a failing hook is logged, not thrown: the committed work stands and later hooks still run', async () => {
    const { ctx, errors } = recordingContext();
    const ran: string[] = [];
    const result = await withTx(ctx, async (tx) => {
      await insert(tx, 'hook-fails');
      await afterCommit(tx, () => {
        throw new Error('cache down');
      });
      await afterCommit(tx, () => void ran.push('later'));
      return 'done';
    });
    expect(result).toBe('done');
    expect(ran).toEqual(['later']);
    expect(errors).toEqual([{ err: expect.objectContaining({ message: 'cache down' }) }]);
    expect(await labels()).toContain('hook-fails');
  });

  it('outside a transaction afterCommit runs the hook at once', async () => {
    const ran: string[] = [];
    await afterCommit(contextFor(t.platform), () => void ran.push('now'));
    expect(ran).toEqual(['now']);
  });
});
