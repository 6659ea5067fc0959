import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Actor } from './auth.js';
import type { Cache } from './cache.js';
import { isRetryableConflict, type DbOrTx, type Tx } from './db.js';
import type { Jobs } from './jobs.js';
import type { Platform } from './platform.js';
import type { PubSub } from './pubsub.js';
import type { RateLimiter } from './rate-limiter.js';
import type { Storage } from './storage.js';

/**
 * What every service function receives: a database handle (possibly a transaction), the caller,
 * a logger, the clock, and the platform services it may use. No Fastify types.
 */
export interface ServiceContext {
  db: DbOrTx;
  actor: Actor | null;
  log: Logger;
  now: Date;
  config: Config;
  jobs: Jobs;
  cache: Cache;
  pubsub: PubSub;
  limiter: RateLimiter;
  storage: Storage;
  /** The caller's IP and user agent, for rate limits and the session list. */
  client: { ip: string; userAgent: string | undefined };
  /**
   * Set inside {@link withTx}: the hooks to run once the outermost transaction has committed.
   * Services never touch it directly; they call {@link afterCommit}.
   */
  tx?: TxScope;
}

/** The after-commit hooks of one transaction level (the outermost, or a savepoint inside it). */
interface TxScope {
  hooks: (() => Promise<void> | void)[];
}

/** A context whose `db` is a transaction. */
export type TxContext = ServiceContext & { db: Tx; tx: TxScope };

/**
 * Runs `work` in a transaction and hands it a context whose `db` is that transaction. Inside
 * another `withTx` the work joins the caller's transaction as a savepoint, so use cases compose
 * and the outermost caller owns the commit. Hooks registered with {@link afterCommit} run after
 * the outermost commit, in order; a savepoint that rolls back drops the hooks registered in it,
 * and a rolled-back transaction runs none.
 *
 * When PostgreSQL picks the outermost transaction as a deadlock's victim or cannot serialize it
 * ({@link isRetryableConflict}), everything it wrote is gone, and `work` runs once more in a new
 * transaction; a second conflict is thrown (the API answers 503 with Retry-After). So `work` may
 * run twice: its only effects are on the database; anything else goes through `afterCommit` or
 * `jobs.send(..., { tx })`.
 */
export async function withTx<T>(ctx: ServiceContext, work: (ctx: TxContext) => Promise<T>): Promise<T> {
  if (ctx.tx) {
    const scope: TxScope = { hooks: [] };
    const result = await ctx.db.transaction((tx) => work({ ...ctx, db: tx, tx: scope }));
    ctx.tx.hooks.push(...scope.hooks);
    return result;
  }
  for (let attempt = 1; ; attempt++) {
    const scope: TxScope = { hooks: [] };
    let result: T;
    try {
      result = await ctx.db.transaction((tx) => work({ ...ctx, db: tx, tx: scope }));
    } catch (err) {
      if (attempt < maxAttempts && isRetryableConflict(err)) {
        ctx.log.warn({ err, attempt }, 'transaction conflict; running it again');
        continue;
      }
      throw err;
    }
    for (const hook of scope.hooks) {
      try {
        await hook();
      } catch (err) {
        // The data is committed; a failed side effect (cache drop, publish) must not fail the call.
        ctx.log.error({ err }, 'after-commit hook failed');
      }
    }
    return result;
  }
}

/** A transaction runs at most twice: once, and once more after a deadlock or serialization failure. */
const maxAttempts = 2;

/**
 * Runs `hook` once the data written so far is committed: at once outside a transaction, after the
 * outermost commit inside one. For side effects others must not see early: cache invalidation,
 * pub/sub events. (Durable side effects go through `jobs.send(..., { tx })` instead.)
 */
export async function afterCommit(ctx: ServiceContext, hook: () => Promise<void> | void): Promise<void> {
  if (ctx.tx) ctx.tx.hooks.push(hook);
  else await hook();
}

export function contextFor(platform: Platform, request?: FastifyRequest): ServiceContext {
  return {
    db: platform.database.db,
    actor: request?.actor ?? null,
    log: (request?.log as Logger | undefined) ?? platform.log,
    now: new Date(),
    config: platform.config,
    jobs: platform.jobs,
    cache: platform.cache,
    pubsub: platform.pubsub,
    limiter: platform.limiter,
    storage: platform.storage,
    client: { ip: request?.ip ?? '127.0.0.1', userAgent: request?.headers['user-agent'] },
  };
}
