import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../test/harness.js';
import { contextFor, withTx } from './context.js';
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
