// The account row as the auth module reads and writes it: sign-up, verification, profile,
// password and two-factor columns. The users module is the only writer of `users`; auth calls
// these with its own context, so inside `withTx` they run in the caller's transaction.
import type { UserRow } from '../../db/schema/users.js';
import type { ServiceContext } from '../../platform/context.js';
import { violatedConstraint } from '../../platform/errors.js';
import { emailTaken, usernameTaken } from './errors.js';
import * as q from './queries.js';

/** Turns a unique violation on users into `email_taken` / `username_taken`; rethrows the rest. */
function rethrowUserConflict(err: unknown): never {
  const constraint = violatedConstraint(err);
  if (constraint === 'users_email_key') throw emailTaken();
  if (constraint === 'users_username_key') throw usernameTaken();
  throw err;
}

/** One account by id (deleted ones included: their row stays, scrubbed), or null. */
export function findUserById(ctx: ServiceContext, id: string): Promise<UserRow | null> {
  return q.findUser(ctx.db, id);
}

/** One account by email (any case), or null. */
export function findUserByEmail(ctx: ServiceContext, email: string): Promise<UserRow | null> {
  return q.findUserByEmail(ctx.db, email);
}

/** One account by email when the identifier has an `@`, by username otherwise; or null. */
export function findUserByIdentifier(ctx: ServiceContext, identifier: string): Promise<UserRow | null> {
  return q.findUserByIdentifier(ctx.db, identifier);
}

/** What sign-up supplies; status, verification and seller approval are never taken from input. */
export interface NewAccount {
  email: string;
  username: string | null;
  name: string;
  passwordHash: string;
  role: 'customer' | 'seller';
}

/**
 * Creates a `pending_verification` account (a seller starts `pending` approval). A taken email or
 * username is 409 `email_taken` / `username_taken`: the unique indexes decide, not a prior read.
 */
export async function createUser(ctx: ServiceContext, input: NewAccount): Promise<UserRow> {
  return q
    .insertUser(ctx.db, {
      ...input,
      status: 'pending_verification',
      sellerStatus: input.role === 'seller' ? 'pending' : null,
    })
    .catch(rethrowUserConflict);
}

/**
 * Activates a `pending_verification` account whose email was just proven. Null when the account
 * is no longer pending (verified meanwhile, or disabled by an admin: that stays disabled).
 */
export function activateUser(ctx: ServiceContext, id: string): Promise<UserRow | null> {
  return q.activatePendingUser(ctx.db, id, ctx.now);
}

/** Changes the name and/or username the account chose; a taken username is 409 `username_taken`. */
export function updateProfile(
  ctx: ServiceContext,
  id: string,
  values: { name?: string; username?: string },
): Promise<UserRow | null> {
  return q.updateUser(ctx.db, id, values).catch(rethrowUserConflict);
}

/** Stores a new password hash (hashing is auth's: `hashPassword`). */
export function setPasswordHash(
  ctx: ServiceContext,
  id: string,
  passwordHash: string,
): Promise<UserRow | null> {
  return q.updateUser(ctx.db, id, { passwordHash });
}

/**
 * Sets the two-factor columns: the method in force, the TOTP secret (kept during enrolment before
 * the method is `totp`) and the last accepted TOTP step. Fields left out are unchanged.
 */
export function setTwoFactor(
  ctx: ServiceContext,
  id: string,
  values: Partial<Pick<UserRow, 'twoFactorMethod' | 'totpSecret' | 'totpLastStep'>>,
): Promise<UserRow | null> {
  return q.updateUser(ctx.db, id, values);
}

/**
 * Records `step` as the account's last accepted TOTP time step, only if it is newer than the
 * stored one: false means that code (or an older one) was already used, even under concurrency.
 */
export function claimTotpStep(ctx: ServiceContext, id: string, step: number): Promise<boolean> {
  return q.claimTotpStep(ctx.db, id, step);
}
