import { randomBytes } from 'node:crypto';
import type { Actor } from '../../platform/auth.js';
import { withTx, type ServiceContext } from '../../platform/context.js';
import { forbidden, notFound, validationFailed } from '../../platform/errors.js';
import { pageOf } from '../../platform/schema.js';
import { hashPassword, revokeAllSessions, toUser, type User } from '../auth/index.js';
import { deleteAddressesOfUser } from '../addresses/index.js';
import { setSellerListing } from '../catalog/index.js';
import { canSell } from './rules.js';
import * as q from './queries.js';
import type { ListUsersQuery, UpdateUserBody } from './schema.js';

type AdminContext = ServiceContext & { actor: Actor };

function assertAdmin(actor: Actor) {
  if (actor.role !== 'admin') throw forbidden();
}

/** Admin: users filtered by text, role, status and seller status, newest first. */
export async function listUsers(ctx: AdminContext, query: ListUsersQuery) {
  assertAdmin(ctx.actor);
  const { items, total } = await q.listUsers(ctx.db, query);
  return pageOf(items.map(toUser), query, total);
}

/** Admin: one user, or 404. */
export async function getUser(ctx: AdminContext, id: string): Promise<{ user: User }> {
  assertAdmin(ctx.actor);
  const user = await q.findUser(ctx.db, id);
  if (!user || user.deletedAt) throw notFound('User');
  return { user: toUser(user) };
}

/**
 * Admin: changes role, status (active/disabled) and seller approval. Disabling takes effect on
 * the user's next request (the verifier reads the status); sessions are revoked too. A user who
 * becomes a seller starts `pending`; one who stops being a seller loses the seller status. An
 * admin cannot change their own role or status (no self-lockout).
 */
export async function updateUser(
  ctx: AdminContext,
  id: string,
  input: UpdateUserBody,
): Promise<{ user: User }> {
  assertAdmin(ctx.actor);
  if (id === ctx.actor.id && (input.role !== undefined || input.status !== undefined)) {
    throw forbidden('You cannot change your own role or status');
  }
  return withTx(ctx, async (tx) => {
    const user = await q.findUser(tx.db, id);
    if (!user || user.deletedAt) throw notFound('User');
    const role = input.role ?? user.role;
    if (input.sellerStatus && role !== 'seller') {
      throw validationFailed([{ path: 'sellerStatus', message: 'only sellers have a seller status' }]);
    }
    const sellerStatus = role === 'seller' ? (input.sellerStatus ?? user.sellerStatus ?? 'pending') : null;
    const updated = await q.updateUser(tx.db, id, {
      role,
      sellerStatus,
      ...(input.status ? { status: input.status } : {}),
    });
    if (input.status === 'disabled') await revokeAllSessions(tx, id);
    if (canSell(updated!) !== canSell(user)) await setSellerListing(tx, id, canSell(updated!));
    return { user: toUser(updated!) };
  });
}

/**
 * Admin: disables the account and scrubs personal data (email, username, name, password, 2FA,
 * addresses), keeping the row so orders still point at it.
 */
export async function deleteUser(ctx: AdminContext, id: string): Promise<void> {
  assertAdmin(ctx.actor);
  if (id === ctx.actor.id) throw forbidden('You cannot delete your own account here');
  await withTx(ctx, async (tx) => {
    const user = await q.findUser(tx.db, id);
    if (!user || user.deletedAt) throw notFound('User');
    await q.updateUser(tx.db, id, {
      email: `deleted-${id}@deleted.invalid`,
      username: null,
      name: 'Deleted user',
      passwordHash: `!scrubbed:${randomBytes(16).toString('hex')}`,
      status: 'disabled',
      twoFactorMethod: null,
      totpSecret: null,
      deletedAt: ctx.now,
    });
    await deleteAddressesOfUser(tx, id);
    if (canSell(user)) await setSellerListing(tx, id, false);
    await revokeAllSessions(tx, id);
  });
}

/**
 * Creates or updates an active, verified admin with this email and password (ADMIN_EMAIL /
 * ADMIN_PASSWORD at start, and `cli create-admin`). Idempotent.
 */
export async function ensureAdmin(ctx: ServiceContext, email: string, password: string) {
  const passwordHash = await hashPassword(password);
  const now = ctx.now;
  const normalized = email.trim().toLowerCase();
  return withTx(ctx, async (tx) => {
    const existing = await q.findUserByEmail(tx.db, normalized);
    const values = {
      role: 'admin' as const,
      status: 'active' as const,
      sellerStatus: null,
      passwordHash,
      deletedAt: null,
    };
    if (existing) {
      const updated = await q.updateUser(tx.db, existing.id, {
        ...values,
        emailVerifiedAt: existing.emailVerifiedAt ?? now,
      });
      if (!canSell(existing)) await setSellerListing(tx, existing.id, true);
      return updated;
    }
    return q.insertUser(tx.db, { ...values, email: normalized, name: 'Administrator', emailVerifiedAt: now });
  });
}

/** A user's email, name and role: what other modules may know of an account (orders, payouts). */
export interface UserContact {
  id: string;
  email: string;
  name: string;
  role: 'customer' | 'seller' | 'admin';
}

/** The contacts of the live (not deleted) accounts among `ids`, in no particular order. */
export async function findUserContacts(ctx: ServiceContext, ids: readonly string[]): Promise<UserContact[]> {
  return q.findContacts(ctx.db, ids);
}
