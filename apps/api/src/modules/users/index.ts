import { contextFor } from '../../platform/context.js';
import type { BootstrapStep, Module } from '../registry.js';
import { createAdminCommand } from './cli.js';
import { usersRoutes } from './routes.js';
import { usersSeed } from './seed.js';
import { ensureAdmin } from './service.js';

export type { UserRow } from '../../db/schema/users.js';
export {
  activateUser,
  claimTotpStep,
  createUser,
  findUserByEmail,
  findUserById,
  findUserByIdentifier,
  setPasswordHash,
  setTwoFactor,
  updateProfile,
  type NewAccount,
} from './accounts.js';
export { assertCanSell } from './rules.js';
export { ensureAdmin, findUserContacts, type UserContact } from './service.js';
export { DEMO_CUSTOMERS, DEMO_PASSWORD, DEMO_SELLERS } from './seed.js';

/** Bootstrap step: ADMIN_EMAIL and ADMIN_PASSWORD create or update an active admin at start. */
export const adminBootstrapStep: BootstrapStep = async (platform) => {
  const { adminEmail, adminPassword } = platform.config;
  if (!adminEmail || !adminPassword) return;
  await ensureAdmin(contextFor(platform), adminEmail, adminPassword);
  platform.log.info({ email: adminEmail }, 'admin account ready');
};

/** Accounts as the admin manages them (role, status, seller approval); the demo accounts. */
export const usersModule: Module = {
  name: 'users',
  routes: usersRoutes,
  bootstrap: [adminBootstrapStep],
  commands: { 'create-admin': createAdminCommand },
  // email_taken and username_taken: account writes made for auth (sign-up, profile).
  errorCodes: [
    'not_found',
    'forbidden',
    'validation_failed',
    'seller_not_approved',
    'email_taken',
    'username_taken',
  ],
  seed: usersSeed,
};
