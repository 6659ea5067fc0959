import { createHash, randomUUID } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { idempotencyKeys } from '../db/schema/platform.js';
import { withTx, type ServiceContext, type TxContext } from './context.js';
import { builtOnce, rowsOfText } from './statements.js';
import { AppError, type ErrorCode, type FieldError } from './errors.js';

/** How long a key is kept (API.md: 24 h). */
export const IDEMPOTENCY_TTL_HOURS = 24;
/**
 * A `running` key whose attempt has not finished after this long is taken to have crashed: the
 * next request with the same key and body takes it over and runs the work again. The work runs
 * in one transaction that also completes the key, so a crashed attempt left nothing behind.
 */
export const IDEMPOTENCY_STALE_SECONDS = 60;

export interface IdempotentRequest {
  userId: string;
  /** The `Idempotency-Key` header; missing → 400 `idempotency_key_required`. */
  key: string | undefined;
  method: string;
  /** The route's path without the query string. */
  path: string;
  body: unknown;
}

/** What the first attempt answered; a replay answers the same. */
export interface IdempotentAnswer<T> {
  status: number;
  body: T;
}

export interface IdempotencyOptions {
  /** How long a replay waits for a running first attempt before answering 409 (default 5 s). */
  waitMs?: number;
}

interface StoredProblem {
  code: ErrorCode;
  detail?: string;
  fields?: FieldError[];
  meta?: Record<string, unknown>;
}

const stableJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

/** The request's fingerprint: SHA-256 of method, path and the body with its keys sorted. */
export function fingerprintOf(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${path}\n${stableJson(body ?? null)}`)
    .digest('hex');
}

/** An `Idempotency-Key`: 1–255 visible ASCII characters (a UUID is a good one). */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const KEY_MAX_LENGTH = 255;

/**
 * The `Idempotency-Key` request header as a route declares it (`schema: { headers }`), so the
 * OpenAPI document states its constraints and the header guard checks its bytes. Optional in
 * the schema on purpose: a missing or empty key is answered by {@link runIdempotent} with the
 * contract's 400 `idempotency_key_required`, not a generic `validation_failed`.
 */
export const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .max(KEY_MAX_LENGTH)
    .regex(/^[\x21-\x7e]*$/, 'must be 1–255 visible ASCII characters')
    .optional()
    .describe(
      'Required: 1–255 visible ASCII characters (a UUID is a good key). A repeat with the same key ' +
        'answers the first answer (kept 24 h); the same key with another body is 422.',
    ),
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function replay<T>(row: { responseStatus: number | null; responseBody: unknown }): IdempotentAnswer<T> {
  const status = row.responseStatus ?? 500;
  if (status >= 400) {
    const p = row.responseBody as StoredProblem;
    throw new AppError(p.code, { detail: p.detail, fields: p.fields, meta: p.meta, status });
  }
  return { status, body: row.responseBody as T };
}

/**
 * Runs `work` at most once per (user, `Idempotency-Key`) and answers every replay with the first
 * answer.
 *
 * - The key row is inserted in its own committed statement before anything else happens, and it
 *   is never deleted on failure (only by the 24-hour sweep).
 * - `work` runs in one transaction that also marks the key done with the answer, so an order and
 *   its key commit together: a crash anywhere leaves either both or neither.
 * - A client error (4xx AppError) is stored and replayed (the usual choice: the same request gets
 *   the same answer, even if, say, stock came back meanwhile; send a new key to try again).
 *   429 and 503 and unexpected errors are not answers: the key is released at once so the
 *   client's retry with the same key runs the work again.
 * - A replay while the first attempt runs waits up to `waitMs`, then answers 409
 *   `idempotency_in_progress`; another body under the same key answers 422 `idempotency_key_reused`.
 * - A key left `running` for {@link IDEMPOTENCY_STALE_SECONDS} (the process died) may be taken
 *   over by the next request with the same body; `lockToken` makes sure only one attempt can
 *   complete it.
 *
 * Must be called outside any transaction (the key row has to be committed first).
 */
export async function runIdempotent<T>(
  ctx: ServiceContext,
  request: IdempotentRequest,
  work: (ctx: TxContext) => Promise<IdempotentAnswer<T>>,
  options: IdempotencyOptions = {},
): Promise<IdempotentAnswer<T>> {
  if (ctx.tx) throw new Error('runIdempotent must run outside a transaction');
  const key = request.key?.trim();
  if (!key) {
    throw new AppError('idempotency_key_required', { detail: 'Send an Idempotency-Key header' });
  }
  if (!KEY_PATTERN.test(key)) {
    throw new AppError('validation_failed', {
      detail: 'The Idempotency-Key header must be 1–255 visible ASCII characters',
      fields: [{ path: 'headers.idempotency-key', message: 'must be 1–255 visible ASCII characters' }],
    });
  }
  const fingerprint = fingerprintOf(request.method, request.path, request.body);
  const id = { userId: request.userId, key };
  const deadline = Date.now() + (options.waitMs ?? 5_000);

  let token = await claimKey(ctx, id, fingerprint);
  let pause = 20;
  while (!token) {
    const row = await findKey(ctx, id);
    if (!row) {
      // Swept between our insert attempt and this read: claim it afresh.
      token = await claimKey(ctx, id, fingerprint);
      continue;
    }
    if (row.fingerprint !== fingerprint) {
      throw new AppError('idempotency_key_reused', {
        detail: 'This Idempotency-Key was used with another request; send a new key',
      });
    }
    if (row.state === 'done') return replay<T>(row);
    token = await takeOverStaleKey(ctx, id, ctx.now);
    if (token) break;
    if (Date.now() >= deadline) {
      throw new AppError('idempotency_in_progress', {
        detail: 'The first request with this Idempotency-Key is still running; retry shortly',
        retryAfter: 1,
      });
    }
    await sleep(pause);
    pause = Math.min(pause * 2, 200);
  }

  try {
    return await withTx(ctx, async (tx) => {
      const answer = await work(tx);
      await completeKey(tx, id, token, answer.status, answer.body);
      return answer;
    });
  } catch (err) {
    if (err instanceof AppError && err.status < 500 && err.status !== 429 && !isOwnConflict(err)) {
      const stored: StoredProblem = {
        code: err.code,
        detail: err.detail,
        fields: err.fields,
        meta: err.meta,
      };
      await completeKey(ctx, id, token, err.status, stored).catch(() => {});
    } else {
      await releaseKey(ctx, id, token).catch(() => {});
    }
    throw err;
  }
}

const isOwnConflict = (err: AppError) => err.code === 'idempotency_in_progress';

type KeyId = { userId: string; key: string };

/**
 * The claim: the key row, unless the key is taken, in a statement of its own (it commits before
 * the work starts). Its commit does not wait for the WAL to reach the disk (`synchronous_commit`
 * off for this statement's own transaction, `set_config(..., true)`): what makes the row last is
 * the commit that always follows it, the work's or the recorded failure's, which does wait, and
 * PostgreSQL flushes the WAL in order, this insert included. A PostgreSQL crash in between can
 * lose the claim, but then nothing the key guards was kept either and a retry runs the work
 * again, as it must. One wait for the disk per request instead of two.
 */
const CLAIM_SQL = `with no_flush_wait as (select set_config('synchronous_commit', 'off', true))
  insert into idempotency_keys (user_id, key, fingerprint, lock_token)
  select $1::uuid, $2::text, $3::text, $4::uuid from no_flush_wait
  on conflict do nothing
  returning lock_token`;

async function claimKey(ctx: ServiceContext, id: KeyId, fingerprint: string): Promise<string | null> {
  const lockToken = randomUUID();
  const rows = await rowsOfText(ctx.db, CLAIM_SQL, [id.userId, id.key, fingerprint, lockToken]);
  return rows.length === 1 ? lockToken : null;
}

async function findKey(ctx: ServiceContext, id: KeyId) {
  const [row] = await ctx.db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, id.userId), eq(idempotencyKeys.key, id.key)));
  return row ?? null;
}

/** Takes over a running key whose attempt is older than the stale limit (or was released). */
async function takeOverStaleKey(ctx: ServiceContext, id: KeyId, now: Date): Promise<string | null> {
  const lockToken = randomUUID();
  const staleBefore = new Date(Date.now() - IDEMPOTENCY_STALE_SECONDS * 1000);
  const rows = await ctx.db
    .update(idempotencyKeys)
    .set({ lockToken, lockedAt: now })
    .where(
      and(
        eq(idempotencyKeys.userId, id.userId),
        eq(idempotencyKeys.key, id.key),
        eq(idempotencyKeys.state, 'running'),
        lt(idempotencyKeys.lockedAt, staleBefore),
      ),
    )
    .returning({ lockToken: idempotencyKeys.lockToken });
  return rows.length === 1 ? lockToken : null;
}

// Inside every idempotent request's transaction: built once (see builtOnce).
const completion = builtOnce((db) =>
  db
    .update(idempotencyKeys)
    // Drizzle's types do not list placeholders in `set`, but it encodes them by their column
    // (the body as JSON) when the values are filled in.
    .set({
      state: 'done',
      responseStatus: sql.placeholder('status') as unknown as number,
      responseBody: sql.placeholder('body'),
    })
    .where(
      and(
        eq(idempotencyKeys.userId, sql.placeholder('userId')),
        eq(idempotencyKeys.key, sql.placeholder('key')),
        eq(idempotencyKeys.lockToken, sql.placeholder('token')),
        eq(idempotencyKeys.state, 'running'),
      ),
    )
    .returning({ key: idempotencyKeys.key }),
);

/** Marks the key done with its answer, only if this attempt still owns it (else 409, rolled back). */
async function completeKey(ctx: ServiceContext, id: KeyId, token: string, status: number, body: unknown) {
  const rows = await completion(ctx.db, { ...id, token, status, body });
  if (rows.length !== 1) {
    throw new AppError('idempotency_in_progress', {
      detail: 'Another attempt with this Idempotency-Key took over; retry shortly',
      retryAfter: 1,
    });
  }
}

/** Makes a failed attempt's key stale at once, so a retry with the same key runs the work again. */
async function releaseKey(ctx: ServiceContext, id: KeyId, token: string) {
  await ctx.db
    .update(idempotencyKeys)
    .set({ lockedAt: new Date(0) })
    .where(
      and(
        eq(idempotencyKeys.userId, id.userId),
        eq(idempotencyKeys.key, id.key),
        eq(idempotencyKeys.lockToken, token),
        eq(idempotencyKeys.state, 'running'),
      ),
    );
}

/** Deletes keys older than {@link IDEMPOTENCY_TTL_HOURS}; answers how many. Run hourly. */
export async function sweepIdempotencyKeys(ctx: Pick<ServiceContext, 'db' | 'now'>): Promise<number> {
  const before = new Date(ctx.now.getTime() - IDEMPOTENCY_TTL_HOURS * 3600 * 1000);
  const rows = await ctx.db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, before))
    .returning({ key: idempotencyKeys.key });
  return rows.length;
}
