import type { FastifyPluginAsync } from 'fastify';
import type { ErrorCode } from '../platform/errors.js';
import type { Platform } from '../platform/platform.js';
import { catalogModule } from './catalog/index.js';
import { authModule } from './auth/index.js';
import { usersModule } from './users/index.js';
import { addressesModule } from './addresses/index.js';
import { cartModule } from './cart/index.js';
import { checkoutModule } from './checkout/index.js';
import { ordersModule } from './orders/index.js';

/** A step run at start, after migrations and before `/readyz` answers 200 (e.g. the admin account). */
export type BootstrapStep = (platform: Platform) => Promise<void>;

/** A command of `npm run cli -- <name>`: receives the platform (migrated) and its own argv. */
export interface Command {
  summary: string;
  /** Commands that only read the API's shape run on a throwaway in-memory database. */
  inMemory?: boolean;
  run: (platform: Platform, argv: string[]) => Promise<void>;
}

/** One demo account, as the seed made it. */
export interface DemoAccount {
  id: string;
  email: string;
  name: string;
}

/**
 * What the demo seeds of earlier modules hand to later ones (users fill the accounts; carts and
 * orders read them, and find products through the catalogue's index). A module whose demo data
 * others need adds a field here.
 */
export interface DemoData {
  /** Every demo account signs in with this password. */
  password: string;
  sellers: DemoAccount[];
  customers: DemoAccount[];
}

export interface SeedOptions {
  /** Delete the demo data first (every module's, in reverse module order). */
  reset?: boolean;
  /** How many products (default 240). Past 1,000, images are shared per category. */
  products?: number;
  /** PRNG seed: the same seed gives the same shop. */
  seed?: number;
  onProgress?: (done: number, total: number) => void;
  /** Drop the non-unique indexes during the load and build them after (default: past 5,000 products). */
  rebuildIndexes?: boolean;
}

/** A module's demo data, loaded by `npm run seed` and, on an empty shop, at start. */
export interface DemoSeed {
  /** True when the module already holds data: the seed then refuses to run without `--reset`. */
  hasData?: (platform: Platform) => Promise<boolean>;
  /** Removes this module's demo data (run in reverse module order, so later modules go first). */
  reset: (platform: Platform) => Promise<void>;
  /** Loads the demo data; reads what earlier modules added to `demo`, adds its own. Answers lines for the CLI. */
  load: (platform: Platform, options: SeedOptions, demo: DemoData) => Promise<string[]>;
}

/**
 * A domain module: everything the app, the worker, the CLI and the seed need to know about it,
 * so adding a module is one entry in {@link modules}.
 */
export interface Module {
  name: string;
  /** Routes, registered under `/api/v1`. */
  routes: FastifyPluginAsync<{ platform: Platform }>;
  /** Start-up steps, run in module order after migrations. */
  bootstrap?: BootstrapStep[];
  /** Registers this module's job handlers (run by the worker). */
  jobs?: (platform: Platform) => void;
  /** Queues this module sends to inside transactions; created at start (see `Jobs.declare`). */
  queues?: string[];
  /** CLI commands, by name. */
  commands?: Record<string, Command>;
  /**
   * The API.md error codes this module's services raise; `registry.test.ts` checks the list
   * against the module's source, so a new code cannot go undeclared.
   */
  errorCodes?: readonly ErrorCode[];
  /** Demo data, loaded after the modules before it in {@link modules}. */
  seed?: DemoSeed;
}

/** Every module, in registration order. */
export const modules: Module[] = [
  authModule,
  usersModule,
  addressesModule,
  catalogModule,
  cartModule,
  checkoutModule,
  ordersModule,
];
