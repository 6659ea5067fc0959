// The demo shop, put together from each module's demo data (Module.seed) in module order.
import { modules, type DemoData, type SeedOptions } from './modules/registry.js';
import type { Platform } from './platform/platform.js';

export interface DemoResult {
  ms: number;
  /** What each module loaded, one line each, for the CLI. */
  lines: string[];
  demo: DemoData;
}

/**
 * Loads every module's demo data: accounts (users), then the catalogue, then whatever later
 * modules add, each reading what the ones before it made. With `reset`, every module's demo data
 * is removed first, later modules first; without it, a shop that already holds data is refused.
 */
export async function seedDemo(platform: Platform, options: SeedOptions = {}): Promise<DemoResult> {
  const started = Date.now();
  const seeds = modules.flatMap((m) => (m.seed ? [m.seed] : []));
  if (options.reset) {
    for (const seed of [...seeds].reverse()) await seed.reset(platform);
  } else if (await hasData(platform)) {
    throw new Error('The shop is not empty: run the seed with --reset to replace its demo data');
  }
  const demo: DemoData = { password: '', sellers: [], customers: [] };
  const lines: string[] = [];
  for (const seed of seeds) lines.push(...(await seed.load(platform, options, demo)));
  return { ms: Date.now() - started, lines, demo };
}

async function hasData(platform: Platform) {
  for (const m of modules) if (await m.seed?.hasData?.(platform)) return true;
  return false;
}

/** Bootstrap step: on an empty shop, load the demo data unless `SEED_DEMO=false`. */
export async function seedDemoOnEmptyShop(platform: Platform): Promise<void> {
  if (!platform.config.seedDemo || (await hasData(platform))) return;
  const result = await seedDemo(platform);
  platform.log.info({ ms: result.ms, loaded: result.lines }, 'demo shop loaded');
}
