import type { BootstrapStep } from '../../bootstrap.js';
import { contextFor } from '../../platform/context.js';
import type { Module } from '../registry.js';
import { usersRoutes } from './routes.js';
import { ensureAdmin } from './service.js';

export { assertCanSell } from './rules.js';
export { ensureAdmin } from './service.js';

export const usersModule: Module = { name: 'users', routes: usersRoutes };

/** Bootstrap step: ADMIN_EMAIL and ADMIN_PASSWORD create or update an active admin at start. */
export const adminBootstrapStep: BootstrapStep = async (platform) => {
  const { adminEmail, adminPassword } = platform.config;
  if (!adminEmail || !adminPassword) return;
  await ensureAdmin(contextFor(platform), adminEmail, adminPassword);
  platform.log.info({ email: adminEmail }, 'admin account ready');
};
