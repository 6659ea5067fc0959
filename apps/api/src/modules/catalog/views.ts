import type { Logger } from 'pino';
import type { DbOrTx } from '../../platform/db.js';
import { addViews } from './queries.js';

/** Counts product views in memory and writes them in one statement every few seconds. */
export interface ViewRecorder {
  record(productKey: string): void;
  flush(): Promise<void>;
  stop(): Promise<void>;
}

const MAX_PENDING_KEYS = 10_000;

/**
 * A view recorder: a page view costs a Map increment; `flush` adds the batch to
 * `products.view_count` and the day's `product_views` row (shop time zone). Keys are product
 * ids or slugs, resolved at flush; unknown keys are dropped there.
 */
export function createViewRecorder(
  db: DbOrTx,
  log: Logger,
  timeZone: string,
  intervalMs = 5_000,
): ViewRecorder {
  let pending = new Map<string, number>();
  const dayFormat = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const flush = async () => {
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    try {
      await addViews(
        db,
        dayFormat.format(new Date()),
        [...batch].map(([key, n]) => ({ key, n })),
      );
    } catch (err) {
      log.warn({ err, keys: batch.size }, 'product views not recorded');
    }
  };
  const timer = setInterval(() => void flush(), intervalMs);
  timer.unref();
  return {
    record(key) {
      if (pending.size >= MAX_PENDING_KEYS && !pending.has(key)) return;
      pending.set(key, (pending.get(key) ?? 0) + 1);
    },
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}

const recorders = new WeakMap<object, ViewRecorder>();

/**
 * The one view recorder of an API process (per platform), so the routes and a test that needs to
 * flush it share the same batch.
 */
export function viewRecorderFor(platform: {
  database: { db: DbOrTx };
  log: Logger;
  config: { storeTimezone: string };
}) {
  let recorder = recorders.get(platform);
  if (!recorder) {
    recorder = createViewRecorder(platform.database.db, platform.log, platform.config.storeTimezone);
    recorders.set(platform, recorder);
  }
  return recorder;
}
