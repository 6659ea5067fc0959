import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { type Database, type DbOrTx } from './db.js';
import { rowsOfText } from './statements.js';

export interface SendOptions {
  /** Enqueue inside this transaction: the job exists only if the transaction commits (outbox). */
  tx?: DbOrTx;
  startAfterSeconds?: number;
  /** At most one queued job per key (e.g. one revalidation per product). */
  singletonKey?: string;
  retryLimit?: number;
}

export type JobHandler<T> = (data: T) => Promise<void>;

/**
 * Durable background jobs. Backed by pg-boss on the same database (PGlite or PostgreSQL), so a job
 * enqueued with `tx` commits or rolls back with the rows it belongs to.
 */
export interface Jobs {
  /**
   * Creates these queues (idempotent). Run at start for every queue a transaction may send to:
   * creating a queue inside a caller's transaction would wait on that transaction on PGlite.
   */
  declare(names: string[]): Promise<void>;
  /** Enqueues a job. With `tx`, the queue must have been declared (it throws otherwise). */
  send<T extends object>(name: string, data: T, options?: SendOptions): Promise<void>;
  /** Registers a handler; jobs are processed only after {@link Jobs.startWorkers}. */
  handle<T extends object>(name: string, handler: JobHandler<T>): void;
  startWorkers(): Promise<void>;
  stop(): Promise<void>;
}

function executorFor(tx: DbOrTx): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      return { rows: await rowsOfText(tx, text, values) };
    },
  };
}

/** Jobs a worker fetches at once (per queue). */
export const JOB_BATCH_SIZE = 5;

export interface PgBossJobsOptions {
  database: Database;
  log: Logger;
  /** Seconds between polls for new jobs (tests use 0.5). */
  pollingIntervalSeconds?: number;
}

/** Starts pg-boss (creating its schema on first run) and returns the {@link Jobs} over it. */
export async function createPgBossJobs(options: PgBossJobsOptions): Promise<Jobs> {
  const { database, log } = options;
  const db: PgBoss.Db = {
    // PGlite runs parameterless multi-statement SQL (pg-boss's migrations) only through exec.
    executeSql: async (text, values) => {
      // A job still running after the queue's stop timeout completes (or the fetch loop polls)
      // once the pool is closed. Answering is wrong either way (a rejection is unhandled inside
      // pg-boss; no rows break its `complete`, which reads a count), so after close the queue's
      // statements never answer: nothing is waiting for them but a process that is ending.
      if (database.isClosed()) return new Promise<never>(() => {});
      if (database.kind === 'pglite' && (!values || values.length === 0)) {
        return database.raw.exec(text);
      }
      return database.raw.query(text, values);
    },
  };
  const boss = new PgBoss({
    db,
    schema: 'pgboss',
    // Maintenance and monitoring poll; on embedded PGlite keep them rare.
    supervise: true,
    maintenanceIntervalSeconds: database.kind === 'pglite' ? 600 : 120,
    monitorStateIntervalSeconds: database.kind === 'pglite' ? 600 : 60,
    schedule: false,
  });
  boss.on('error', (err) => log.error({ err }, 'job queue error'));
  await boss.start();

  const handlers = new Map<string, JobHandler<object>>();
  const created = new Set<string>();
  const ensureQueue = async (name: string) => {
    if (created.has(name)) return;
    await boss.createQueue(name);
    created.add(name);
  };
  let workersStarted = false;
  const polling = options.pollingIntervalSeconds ?? 1;

  const startWorker = async (name: string, handler: JobHandler<object>) => {
    await ensureQueue(name);
    // Set once work() answers; a batch that arrives before then just waits out the interval.
    const worker: { id?: string } = {};
    worker.id = await boss.work<object>(
      name,
      { pollingIntervalSeconds: polling, batchSize: JOB_BATCH_SIZE },
      async (jobs) => {
        for (const job of jobs) {
          try {
            await handler(job.data);
          } catch (err) {
            log.error({ err, job: name, jobId: job.id }, 'job failed');
            // Only this job fails (and is retried by its policy). Thrown out of the batch, the
            // error would fail every job of the batch, and the retry would run again the ones
            // already done (a confirmation mailed twice). pg-boss then completes the others; its
            // completion leaves a job that is no longer active alone.
            await boss.fail(name, job.id, { message: err instanceof Error ? err.message : String(err) });
          }
        }
        // A full batch: more are probably waiting. Fetch again now rather than after the polling
        // interval, which would cap a queue at one batch per interval (5 mails a second).
        if (jobs.length === JOB_BATCH_SIZE && worker.id) boss.notifyWorker(worker.id);
      },
    );
  };

  return {
    async declare(names) {
      for (const name of names) await ensureQueue(name);
    },
    async send(name, data, opts = {}) {
      if (opts.tx && !created.has(name)) {
        throw new Error(`job queue "${name}" was not declared at start; add it to the module's queues`);
      }
      await ensureQueue(name);
      const sendOptions: PgBoss.SendOptions = {
        retryLimit: opts.retryLimit ?? 3,
        retryBackoff: true,
      };
      // An absolute time, not seconds: pg-boss uses its start-after parameter twice (as a timestamp
      // and as an interval), and inside a transaction each use becomes its own typed parameter, so
      // a bare number fails to parse as a timestamp. An ISO time parses as both.
      if (opts.startAfterSeconds)
        sendOptions.startAfter = new Date(Date.now() + opts.startAfterSeconds * 1000);
      if (opts.singletonKey) sendOptions.singletonKey = opts.singletonKey;
      if (opts.tx) (sendOptions as PgBoss.SendOptions & { db: PgBoss.Db }).db = executorFor(opts.tx);
      await boss.send(name, data, sendOptions);
    },
    handle(name, handler) {
      handlers.set(name, handler as JobHandler<object>);
      if (workersStarted) void startWorker(name, handler as JobHandler<object>);
    },
    async startWorkers() {
      workersStarted = true;
      for (const [name, handler] of handlers) await startWorker(name, handler);
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 5_000 });
    },
  };
}
