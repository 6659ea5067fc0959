import type { Actor } from '../../../platform/auth.js';
import { withTx, type ServiceContext } from '../../../platform/context.js';
import { notAuthenticated } from '../../../platform/errors.js';
import { findUserByEmail, findUserById, setPasswordHash, updateProfile } from '../../users/index.js';
import { hashToken, newOpaqueToken } from '../codes.js';
import { invalidCredentials, tokenExpired, tokenInvalid } from '../errors.js';
import { authLimits, authTtl } from '../limits.js';
import { passwordChangedMail, resetMail } from '../mails.js';
import { checkPassword, hashPassword } from '../passwords.js';
import * as q from '../queries.js';
import {
  toUser,
  type ChangePasswordBody,
  type ResetConfirmBody,
  type ResetRequestBody,
  type UpdateMeBody,
  type User,
} from '../schema.js';
import { countFailure, checkLimit, enqueueMail, hitLimit } from './shared.js';

export type ActorContext = ServiceContext & { actor: Actor };

/** Loads the caller's row; a vanished user is 401 (the verifier already checked the session). */
export async function loadMe(ctx: ActorContext) {
  const user = await findUserById(ctx, ctx.actor.id);
  if (!user) throw notAuthenticated();
  return user;
}

/** The caller's account. */
export async function getMe(ctx: ActorContext): Promise<{ user: User }> {
  return { user: toUser(await loadMe(ctx)) };
}

/** Changes the caller's name and/or username; role, status and verification are not editable here. */
export async function updateMe(ctx: ActorContext, input: UpdateMeBody): Promise<{ user: User }> {
  const values: UpdateMeBody = {};
  if (input.name !== undefined) values.name = input.name;
  if (input.username !== undefined) values.username = input.username;
  if (Object.keys(values).length === 0) return getMe(ctx);
  const user = await updateProfile(ctx, ctx.actor.id, values);
  if (!user) throw notAuthenticated();
  return { user: toUser(user) };
}

/**
 * Changes the password after checking the current one (wrong answers count against the account's
 * login limit). Every other session is revoked; this one stays. A notice is mailed.
 */
export async function changePassword(ctx: ActorContext, input: ChangePasswordBody): Promise<void> {
  const acctKey = `login:acct:${ctx.actor.id}`;
  await checkLimit(ctx, acctKey, authLimits.loginFailuresPerAccount);
  const user = await loadMe(ctx);
  if (!(await checkPassword(user.passwordHash, input.currentPassword))) {
    await countFailure(ctx, acctKey, authLimits.loginFailuresPerAccount);
    throw invalidCredentials();
  }
  const passwordHash = await hashPassword(input.newPassword);
  await withTx(ctx, async (tx) => {
    await setPasswordHash(tx, user.id, passwordHash);
    await q.revokeUserSessions(tx.db, user.id, ctx.now, ctx.actor.sessionId);
    await enqueueMail(tx, passwordChangedMail(user.email, user.name));
  });
}

/**
 * Mails a single-use reset link (1 h) when the account exists and is not disabled. The caller
 * always gets 202: the answer never says whether the email is known.
 */
export async function requestPasswordReset(ctx: ServiceContext, input: ResetRequestBody): Promise<void> {
  await hitLimit(ctx, `reset:ip:${ctx.client.ip}`, authLimits.resetPerIp);
  await hitLimit(ctx, `reset:email:${input.email}`, authLimits.resetPerEmail);
  const user = await findUserByEmail(ctx, input.email);
  if (!user || user.status === 'disabled') return;
  const token = newOpaqueToken();
  const link = `${ctx.config.publicWebUrl}/reset-password?token=${encodeURIComponent(token)}`;
  await withTx(ctx, async (tx) => {
    await q.insertPasswordReset(
      tx.db,
      user.id,
      hashToken(token),
      new Date(ctx.now.getTime() + authTtl.resetSeconds * 1000),
    );
    await enqueueMail(tx, resetMail(user.email, user.name, link));
  });
}

/**
 * Sets a new password with a reset token. The token is consumed by a conditional update (single
 * use even under concurrency); every session of the user is revoked.
 */
export async function confirmPasswordReset(ctx: ServiceContext, input: ResetConfirmBody): Promise<void> {
  await hitLimit(ctx, `reset:ip:${ctx.client.ip}`, authLimits.resetPerIp);
  const tokenHash = hashToken(input.token);
  const passwordHash = await hashPassword(input.password);
  const ok = await withTx(ctx, async (tx) => {
    const userId = await q.consumePasswordReset(tx.db, tokenHash, ctx.now);
    if (!userId) return false;
    const user = await setPasswordHash(tx, userId, passwordHash);
    await q.revokeUserSessions(tx.db, userId, ctx.now);
    if (user) await enqueueMail(tx, passwordChangedMail(user.email, user.name));
    return true;
  });
  if (ok) return;
  const row = await q.findPasswordReset(ctx.db, tokenHash);
  if (row && !row.usedAt && row.expiresAt <= ctx.now)
    throw tokenExpired('The reset link has expired; ask for a new one');
  throw tokenInvalid('The reset link is not valid or was already used');
}
