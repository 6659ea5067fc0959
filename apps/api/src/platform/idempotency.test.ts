import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { idempotencyKeys } from '../db/schema/platform.js';
import { createTestDatabase } from '../test/databases.js';
import { makeUser } from '../test/factories.js';
import { buildTestApp } from '../test/harness.js';
import { contextFor } from './context.js';
import { AppError } from './errors.js';
import { fingerprintOf, IdempotencyHeaders, runIdempotent, sweepIdempotencyKeys } from './idempotency.js';

/** What the test route does on its next run, and how often its work ran. */
const behaviour = { mode: 'ok' as 'ok' | 'conflict' | 'crash', delayMs: 0, runs: 0 };

// Many requests from one address while other files run: the per-IP limit is not under test here.
const t = await buildTestApp({
  worker: false,
  env: { RATE_LIMIT_DISABLED: 'true' },
  routes: (app) => {
    app.withTypeProvider<ZodTypeProvider>().post(
      '/_test/idempotent',
      {
        preHandler: [app.authenticate],
        schema: { headers: IdempotencyHeaders, body: z.object({ n: z.number() }).strict() },
      },
      async (request, reply) => {
        const answer = await runIdempotent(
          contextFor(t.platform, request),
          {
            userId: request.actor!.id,
            key: request.headers['idempotency-key'] as string | undefined,
            method: 'POST',
            path: '/_test/idempotent',
            body: request.body,
          },
          async () => {
            behaviour.runs += 1;
            await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
            if (behaviour.mode === 'conflict') throw new AppError('out_of_stock', { meta: { lines: [] } });
            if (behaviour.mode === 'crash') throw new Error('database went away');
            return { status: 201, body: { id: randomUUID(), n: request.body.n } };
          },
        );
        return reply.status(answer.status).send(answer.body);
      },
    );
  },
});

const send = (auth: { authorization: string }, key: string | undefined, n = 1) =>
  t.app.inject({
    method: 'POST',
    url: '/_test/idempotent',
    headers: { ...auth, ...(key ? { 'idempotency-key': key } : {}) },
    payload: { n },
  });

const reset = (mode: typeof behaviour.mode = 'ok', delayMs = 0) =>
  Object.assign(behaviour, { mode, delayMs, runs: 0 });

describe('Idempotency-Key', () => {
  it('is required: 400 idempotency_key_required without it', async () => {
    reset();
    const me = await makeUser(t);
    const res = await send(me.auth, undefined);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('idempotency_key_required');
    expect(behaviour.runs).toBe(0);
  });

  it('255 visible ASCII characters are a key; 256, a space, NUL, DEL or Latin-1 answer 400 and run nothing', async () => {
    reset();
    const me = await makeUser(t);
    const edge = `${'!'.repeat(127)}${'~'.repeat(128)}`;
    expect((await send(me.auth, edge)).statusCode).toBe(201);
    for (const key of [`${edge}x`, 'a b', 'a\u0000b', 'a\u007fb', 'caf\u00e9']) {
      const res = await send(me.auth, key);
      expect(res.statusCode, key).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
      expect(res.json().errors[0].path, key).toBe('headers.idempotency-key');
    }
    expect(behaviour.runs).toBe(1);
  });

  it('a replay after completion answers the first status and body without running again', async () => {
    reset();
    const me = await makeUser(t);
    const first = await send(me.auth, 'k-1');
    const again = await send(me.auth, 'k-1');
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(behaviour.runs).toBe(1);
    const other = await makeUser(t);
    expect((await send(other.auth, 'k-1')).json().id).not.toBe(first.json().id);
  });

  it('the same key with another body answers 422 idempotency_key_reused', async () => {
    reset();
    const me = await makeUser(t);
    await send(me.auth, 'k-2', 1);
    const res = await send(me.auth, 'k-2', 2);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('idempotency_key_reused');
  });

  it('20 parallel requests with one key run the work once; the others replay it or answer 409 in progress', async () => {
    reset('ok', 150);
    const me = await makeUser(t);
    const answers = await Promise.all(Array.from({ length: 20 }, () => send(me.auth, 'k-parallel')));
    expect(behaviour.runs).toBe(1);
    const created = answers.filter((a) => a.statusCode === 201);
    expect(created.length).toBeGreaterThan(0);
    expect(new Set(created.map((a) => a.json().id)).size).toBe(1);
    for (const a of answers.filter((x) => x.statusCode !== 201)) {
      expect(a.statusCode).toBe(409);
      expect(a.json().code).toBe('idempotency_in_progress');
    }
  });

  it('a 4xx answer is stored and replayed, even when the work would now succeed', async () => {
    reset('conflict');
    const me = await makeUser(t);
    const first = await send(me.auth, 'k-4xx');
    expect(first.statusCode).toBe(409);
    reset('ok');
    const again = await send(me.auth, 'k-4xx');
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual(first.json());
    expect(behaviour.runs).toBe(0);
  });

  it('an unexpected failure keeps the key row but lets a retry with the same key run the work', async () => {
    reset('crash');
    const me = await makeUser(t);
    expect((await send(me.auth, 'k-5xx')).statusCode).toBe(500);
    const [row] = await t.db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.userId, me.user.id), eq(idempotencyKeys.key, 'k-5xx')));
    expect(row).toMatchObject({ state: 'running' });
    reset('ok');
    expect((await send(me.auth, 'k-5xx')).statusCode).toBe(201);
    expect(behaviour.runs).toBe(1);
  });

  it('a key left running by a crashed process is taken over once stale, and not before', async () => {
    reset();
    const me = await makeUser(t);
    const fingerprint = fingerprintOf('POST', '/_test/idempotent', { n: 1 });
    const values = { userId: me.user.id, fingerprint, lockToken: randomUUID() };
    await t.db.insert(idempotencyKeys).values([
      { ...values, key: 'k-fresh', lockedAt: new Date() },
      { ...values, key: 'k-stale', lockedAt: new Date(Date.now() - 10 * 60_000) },
    ]);
    const ctx = contextFor(t.platform);
    const request = { userId: me.user.id, method: 'POST', path: '/_test/idempotent', body: { n: 1 } };
    await expect(
      runIdempotent(ctx, { ...request, key: 'k-fresh' }, async () => ({ status: 201, body: {} }), {
        waitMs: 100,
      }),
    ).rejects.toMatchObject({ code: 'idempotency_in_progress' });
    expect((await send(me.auth, 'k-stale')).statusCode).toBe(201);
  });

  it('the sweep deletes keys older than 24 hours only', async () => {
    const me = await makeUser(t);
    const old = new Date(Date.now() - 25 * 3600_000);
    const values = { userId: me.user.id, fingerprint: 'x', lockToken: randomUUID() };
    await t.db.insert(idempotencyKeys).values([
      { ...values, key: 'k-old', createdAt: old },
      { ...values, key: 'k-new' },
    ]);
    expect(await sweepIdempotencyKeys({ db: t.db, now: new Date() })).toBeGreaterThanOrEqual(1);
    const left = await t.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.userId, me.user.id));
    expect(left.map((r) => r.key)).toEqual(['k-new']);
  });
});

describe('the claim', () => {
  it("waits for no disk flush of its own, and leaves its connection's commits as they were", async () => {
    // One connection, so the work's transaction and the read after run where the claim ran.
    const { database, drop } = await createTestDatabase({ poolSize: 1 });
    const syncCommit = async (db: typeof database.db) =>
      (
        (await db.execute(sql`show synchronous_commit`)) as unknown as {
          rows: { synchronous_commit: string }[];
        }
      ).rows[0]!.synchronous_commit;
    try {
      const before = await syncCommit(database.db);
      const ctx = { ...contextFor(t.platform), db: database.db };
      const request = {
        userId: randomUUID(),
        key: 'one-connection',
        method: 'POST',
        path: '/x',
        body: { n: 1 },
      };
      const seen: string[] = [];
      const answer = await runIdempotent(ctx, request, async (tx) => {
        seen.push(await syncCommit(tx.db));
        return { status: 201, body: { ok: true } };
      });
      expect(answer).toEqual({ status: 201, body: { ok: true } });
      // The claim's setting lasted its own statement: the work's commit waits for the disk.
      expect(seen).toEqual([before]);
      expect(await syncCommit(database.db)).toBe(before);
      expect(before).toBe('on');
      const [row] = await database.db
        .select({ state: idempotencyKeys.state })
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.userId, request.userId), eq(idempotencyKeys.key, request.key)));
      expect(row?.state).toBe('done');
    } finally {
      await drop();
    }
  });
});
