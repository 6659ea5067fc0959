import type { Platform } from './platform/platform.js';
import { migrate } from './platform/db.js';
import { platformQueues } from './platform/platform-jobs.js';
import { modules } from './modules/registry.js';
import { seedDemoOnEmptyShop } from './seed.js';

/** Advisory lock key: instances starting together bootstrap one at a time. */
const BOOTSTRAP_LOCK = 0x50_4b_4f;

/** Every queue sent to inside a transaction: the platform's and each module's. */
export const allQueues = () => [...platformQueues, ...modules.flatMap((m) => m.queues ?? [])];

/**
 * Migrates, declares the queues, runs each module's start-up steps in module order, then loads
 * the demo shop when it is empty. `/readyz` answers 200 only after this.
 */
export async function bootstrap(platform: Platform): Promise<void> {
  const started = Date.now();
  await platform.database.exclusively(BOOTSTRAP_LOCK, async () => {
    await migrate(platform.database);
    await platform.jobs.declare(allQueues());
    for (const step of modules.flatMap((m) => m.bootstrap ?? [])) await step(platform);
    await seedDemoOnEmptyShop(platform);
  });
  platform.state.ready = true;
  platform.log.info({ ms: Date.now() - started }, 'bootstrap done');
}
