import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { buildTestApp } from '../test/harness.js';
import { contextFor, withTx } from './context.js';
import { createPgBossJobs, JOB_BATCH_SIZE } from './jobs.js';
import { MAIL_JOB } from './platform-jobs.js';

// No worker: queues exist only because start-up declared them.
const t = await buildTestApp({ worker: false });

describe('jobs without a worker', () => {
  it('a declared queue takes a job inside a transaction (no wait on the open transaction)', async () => {
    await withTx(contextFor(t.platform), (tx) =>
      tx.jobs.send(MAIL_JOB, { to: 'a@example.com', subject: 's', text: 't', html: 'h' }, { tx: tx.db }),
    );
    const { rows } = await t.platform.database.raw.query<{ n: number }>(
      "select count(*)::int as n from pgboss.job where name = 'mail.send'",
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('sending inside a transaction to an undeclared queue fails loudly instead of hanging', async () => {
    await expect(
      withTx(contextFor(t.platform), (tx) => tx.jobs.send('never.declared', { x: 1 }, { tx: tx.db })),
    ).rejects.toThrow(/not declared/);
  });
});

describe('job workers', () => {
  // A queue of the test's own, polled rarely: what happens between polls is the worker's doing.
  const jobsPolledEvery = (seconds: number) =>
    createPgBossJobs({
      database: t.platform.database,
      log: pino({ level: 'silent' }),
      pollingIntervalSeconds: seconds,
    });
  const states = async (queue: string) => {
    const { rows } = await t.platform.database.raw.query<{ n: number; state: string }>(
      `select (data->>'n')::int as n, state::text from pgboss.job where name = $1 order by 1`,
      [queue],
    );
    return rows.map((r) => `${r.n}:${r.state}`);
  };

  it('a job that fails in a batch fails alone: the others are done once and not retried', async () => {
    const jobs = await jobsPolledEvery(30);
    const queue = 'test.batch-failure';
    await jobs.declare([queue]);
    for (const n of [1, 2, 3]) await jobs.send(queue, { n }, { retryLimit: 1 });
    const runs: number[] = [];
    jobs.handle<{ n: number }>(queue, async ({ n }) => {
      runs.push(n);
      if (n === 2) throw new Error('the mail server said no');
    });
    try {
      await jobs.startWorkers();
      await vi.waitFor(
        async () => expect(await states(queue)).toEqual(['1:completed', '2:retry', '3:completed']),
        {
          timeout: 10_000,
          interval: 100,
        },
      );
      expect(runs.toSorted((a, b) => a - b)).toEqual([1, 2, 3]);
    } finally {
      await jobs.stop();
    }
  });

  it('a backlog is worked through batch after batch, without waiting the polling interval between them', async () => {
    const jobs = await jobsPolledEvery(30);
    const queue = 'test.backlog';
    await jobs.declare([queue]);
    const count = JOB_BATCH_SIZE * 3 + 1;
    for (let n = 1; n <= count; n++) await jobs.send(queue, { n });
    const runs: number[] = [];
    jobs.handle<{ n: number }>(queue, async ({ n }) => {
      runs.push(n);
    });
    try {
      await jobs.startWorkers();
      // One batch per 30 s poll would take two minutes.
      await vi.waitFor(() => expect(runs).toHaveLength(count), { timeout: 15_000, interval: 100 });
      expect(new Set(runs).size).toBe(count);
    } finally {
      await jobs.stop();
    }
  });
});
