import path from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createMemoryCache, createRedisCache, type Cache } from './cache.js';
import { openDatabase, type Database } from './db.js';
import { createPgBossJobs, type Jobs } from './jobs.js';
import { createDevMailbox, createSmtpMailer, type Mailer } from './mail.js';
import { createMemoryPubSub, createRedisPubSub, type PubSub } from './pubsub.js';
import { createMemoryRateLimiter, createRedisRateLimiter, type RateLimiter } from './rate-limiter.js';
import { createDiskStorage, createS3Storage, type Storage } from './storage.js';

/**
 * Everything domain-free the API and the worker run on, each piece chosen from config: the real
 * service when configured, the embedded equivalent otherwise (same interface).
 */
export interface Platform {
  config: Config;
  log: Logger;
  database: Database;
  cache: Cache;
  pubsub: PubSub;
  jobs: Jobs;
  mailer: Mailer;
  storage: Storage;
  limiter: RateLimiter;
  redis: Redis | undefined;
  /** Set once migrations, demo data and the admin are in place; `/readyz` waits for it. */
  state: { ready: boolean };
  close(): Promise<void>;
}

export interface PlatformOverrides {
  database?: Database;
  mailer?: Mailer;
  jobsPollingIntervalSeconds?: number;
}

export async function createPlatform(
  config: Config,
  log: Logger,
  overrides: PlatformOverrides = {},
): Promise<Platform> {
  const database =
    overrides.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      poolTimeoutMs: config.databasePoolTimeoutMs,
      dataDir: path.join(config.dataDir, 'pglite'),
      lock: 'server',
    }));
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false })
    : undefined;
  redis?.on('error', (err) => log.warn({ err }, 'redis error'));
  const jobs = await createPgBossJobs({
    database,
    log,
    pollingIntervalSeconds: overrides.jobsPollingIntervalSeconds,
  });
  const pubsub = redis ? createRedisPubSub(redis, `${config.redisKeyPrefix}ps:`) : createMemoryPubSub();
  return {
    config,
    log,
    database,
    cache: redis
      ? createRedisCache(redis, `${config.redisKeyPrefix}cache:`)
      : createMemoryCache({ maxBytes: config.cacheMaxBytes }),
    pubsub,
    jobs,
    mailer:
      overrides.mailer ??
      (config.smtpUrl
        ? createSmtpMailer(config.smtpUrl, config.mailFrom)
        : createDevMailbox(path.join(config.dataDir, 'mailbox'), config.mailFrom, log)),
    storage: config.s3
      ? createS3Storage(config.s3)
      : createDiskStorage(path.join(config.dataDir, 'uploads'), config.publicApiUrl),
    limiter: redis ? createRedisRateLimiter(redis, `${config.redisKeyPrefix}rl:`) : createMemoryRateLimiter(),
    redis,
    state: { ready: false },
    async close() {
      await jobs.stop().catch((err) => log.warn({ err }, 'job queue stop failed'));
      await pubsub.close();
      redis?.disconnect();
      await database.close();
    },
  };
}
