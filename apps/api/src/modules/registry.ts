import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from '../platform/platform.js';
import { catalogModule } from './catalog/index.js';
import { authModule } from './auth/index.js';
import { usersModule } from './users/index.js';
import { addressesModule } from './addresses/index.js';
import { cartModule } from './cart/index.js';
import { paymentsModule } from './payments/index.js';

/** A domain module as the app and the worker see it. */
export interface Module {
  name: string;
  /** Routes, registered under `/api/v1`. */
  routes: FastifyPluginAsync<{ platform: Platform }>;
  /** Registers this module's job handlers (run by the worker). */
  jobs?: (platform: Platform) => void;
  /** Queues this module sends to inside transactions; created at start (see `Jobs.declare`). */
  queues?: string[];
}

/** Every module, in registration order. */
export const modules: Module[] = [
  authModule,
  usersModule,
  addressesModule,
  catalogModule,
  cartModule,
  paymentsModule,
];
