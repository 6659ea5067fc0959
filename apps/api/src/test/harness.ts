import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll } from 'vitest';
import { buildApp, type App } from '../app.js';
import { bootstrap } from '../bootstrap.js';
import { loadConfig, type Config } from '../config.js';
import type { Database } from '../platform/db.js';
import { createPlatform, type Platform } from '../platform/platform.js';
import { startWorker } from '../worker.js';
import { createTestDatabase } from './databases.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

/**
 * Each test file runs in its own process: its apps share one Redis key prefix (two instances in a
 * file see each other's events), and no other file's requests count against its rate limits.
 */
const redisKeyPrefix = `soko-test-${randomBytes(4).toString('hex')}:`;

export interface TestApp {
  app: App;
  platform: Platform;
  config: Config;
  db: Database['db'];
  /** Every mail the app sent, through real SMTP. */
  mail: SmtpSink;
  /** Runs `fn` and returns the SQL statements it sent (pin an endpoint's query count). */
  countQueries<T>(fn: () => Promise<T>): Promise<{ result: T; count: number; queries: string[] }>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Extra environment, e.g. `{ ACCESS_TOKEN_TTL_SECONDS: '2' }`. */
  env?: Record<string, string>;
  /** Start the job worker (mail, revalidation). Default true. */
  worker?: boolean;
  /** Extra routes for platform tests, registered before the app is ready. */
  routes?: (app: App) => void;
}

/**
 * The app on a fresh, migrated database of its own (PostgreSQL when `TEST_DATABASE_URL` is set,
 * in-memory PGlite otherwise), with mail going to an SMTP sink. Closed after the file's tests.
 */
export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'soko-test-'));
  const mail = await startSmtpSink();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    SMTP_URL: mail.url,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'silent',
    PUBLIC_WEB_URL: 'http://localhost:3999',
    REDIS_URL: process.env.TEST_REDIS_URL ?? '',
    REDIS_KEY_PREFIX: redisKeyPrefix,
    // Tests with hundreds of parallel requests (200 checkouts on 5 pooled connections) would, on a
    // loaded machine, wait longer than production's 5 s and get its 503: CI saw 47 of them. Tests
    // are about what the API answers, not how fast; the 503 itself is tested with a pool of its
    // own in platform/http-errors.test.ts.
    DATABASE_POOL_TIMEOUT_MS: '120000',
    ...options.env,
  });
  const { database, drop } = await createTestDatabase({ poolTimeoutMs: config.databasePoolTimeoutMs });
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const platform = await createPlatform(config, log, { database, jobsPollingIntervalSeconds: 0.5 });
  await bootstrap(platform);
  if (options.worker !== false) await startWorker(platform);
  const app = await buildApp(platform, { logger: log });
  options.routes?.(app);
  await app.ready();

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await app.close();
    await platform.jobs.stop().catch(() => {});
    await platform.pubsub.close();
    platform.redis?.disconnect();
    await drop();
    await mail.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  afterAll(close);
  return {
    app,
    platform,
    config,
    db: database.db,
    mail,
    async countQueries(fn) {
      const { result, queries } = await database.queries.capture(fn);
      return { result, count: queries.length, queries };
    },
    close,
  };
}
