import { modules } from './modules/registry.js';
import type { Platform } from './platform/platform.js';
import { registerPlatformJobs } from './platform/platform-jobs.js';

/** Registers every job handler and starts processing. Runs inside the API process by default. */
export async function startWorker(platform: Platform): Promise<void> {
  registerPlatformJobs(platform);
  for (const mod of modules) mod.jobs?.(platform);
  await platform.jobs.startWorkers();
}
