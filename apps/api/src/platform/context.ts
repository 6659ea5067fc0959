import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Actor } from './auth.js';
import type { Cache } from './cache.js';
import type { DbOrTx } from './db.js';
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

/** The same context with the transaction as its db, for composing services inside one transaction. */
export const inTx = (ctx: ServiceContext, tx: DbOrTx): ServiceContext => ({ ...ctx, db: tx });
