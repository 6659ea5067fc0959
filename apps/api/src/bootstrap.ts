import type { Platform } from './platform/platform.js';
import { migrate } from './platform/db.js';
import { platformQueues } from './platform/platform-jobs.js';
import { modules } from './modules/registry.js';
import { adminBootstrapStep } from './modules/users/index.js';
import { seedDemoOnEmptyDatabase } from './modules/catalog/index.js';
import { seedCheckout } from './modules/checkout/index.js';

/** A step run at start after migrations (demo data, admin account); modules add theirs here. */
export type BootstrapStep = (platform: Platform) => Promise<void>;

/** Advisory lock key: instances starting together bootstrap one at a time. */
const BOOTSTRAP_LOCK = 0x50_4b_4f;

export const bootstrapSteps: BootstrapStep[] = [adminBootstrapStep, seedDemoOnEmptyDatabase, seedCheckout];

/** Every queue sent to inside a transaction: the platform's and each module's. */
export const allQueues = () => [...platformQueues, ...modules.flatMap((m) => m.queues ?? [])];

/** Migrates, then runs each module's bootstrap step. `/readyz` answers 200 only after this. */
export async function bootstrap(platform: Platform): Promise<void> {
  const started = Date.now();
  await platform.database.exclusively(BOOTSTRAP_LOCK, async () => {
    await migrate(platform.database);
    await platform.jobs.declare(allQueues());
    for (const step of bootstrapSteps) await step(platform);
  });
  platform.state.ready = true;
  platform.log.info({ ms: Date.now() - started }, 'bootstrap done');
}
