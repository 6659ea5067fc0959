import type { Actor } from '../../../platform/auth.js';
import { withTx, type ServiceContext } from '../../../platform/context.js';
import type { DbOrTx } from '../../../platform/db.js';
import { notFound } from '../../../platform/errors.js';
import { pageOf, type PageQuery } from '../../../platform/schema.js';
import { findUserById } from '../../users/index.js';
import { hashToken, newOpaqueToken } from '../codes.js';
import { describeDevice } from '../device.js';
import { tokenInvalid, tokenReused } from '../errors.js';
import * as q from '../queries.js';
import { toUser, type Session, type TokenPair } from '../schema.js';
import { verifyAccessJwt } from '../tokens.js';
import { refreshTtlMs, signAccess } from './shared.js';

/**
 * Trades a refresh token for a new pair; the old one dies. A used token presented again means it
 * was stolen (or replayed): the whole session is revoked and the answer is 401 `token_reused`.
 * The revocation commits before the error is thrown.
 */
export async function refreshSession(
  ctx: ServiceContext,
  input: { refreshToken: string },
): Promise<TokenPair> {
  const found = await q.findRefreshToken(ctx.db, hashToken(input.refreshToken));
  if (!found) throw tokenInvalid('The refresh token is not valid');
  const { token, session } = found;
  if (token.usedAt) {
    await q.revokeSession(ctx.db, session.id, ctx.now);
    throw tokenReused();
  }
  const user = await findUserById(ctx, session.userId);
  if (session.revokedAt || session.expiresAt <= ctx.now || !user || user.status !== 'active') {
    throw tokenInvalid('The session has ended; sign in again');
  }
  const result = await withTx(ctx, async (tx) => {
    if (!(await q.consumeRefreshToken(tx.db, token.id, ctx.now))) return null;
    const refreshToken = newOpaqueToken();
    await q.insertRefreshToken(tx.db, session.id, hashToken(refreshToken));
    await q.touchSession(tx.db, session.id, {
      lastUsedAt: ctx.now,
      expiresAt: new Date(ctx.now.getTime() + refreshTtlMs(ctx)),
      ip: ctx.client.ip,
      userAgent: ctx.client.userAgent?.slice(0, 500) ?? null,
      device: describeDevice(ctx.client.userAgent),
    });
    return refreshToken;
  });
  if (!result) {
    // Another request used this token between our read and write: the same as a replay.
    await q.revokeSession(ctx.db, session.id, ctx.now);
    throw tokenReused();
  }
  return {
    accessToken: await signAccess(ctx, user, session.id),
    refreshToken: result,
    expiresIn: ctx.config.accessTokenTtlSeconds,
    user: toUser(user),
  };
}

/** Ends the session the refresh token belongs to. Idempotent: an unknown or dead token is fine. */
export async function logout(ctx: ServiceContext, input: { refreshToken: string }): Promise<void> {
  const found = await q.findRefreshToken(ctx.db, hashToken(input.refreshToken));
  if (found) await q.revokeSession(ctx.db, found.session.id, ctx.now);
}

const toSession = (s: Awaited<ReturnType<typeof q.insertSession>>, currentId: string | null): Session => ({
  id: s.id,
  device: s.device,
  ip: s.ip,
  createdAt: s.createdAt.toISOString(),
  lastUsedAt: s.lastUsedAt.toISOString(),
  current: s.id === currentId,
});

/** The caller's live sessions (refresh-token families), most recently used first. */
export async function listSessions(ctx: ServiceContext & { actor: Actor }, query: PageQuery) {
  const { items, total } = await q.listLiveSessions(
    ctx.db,
    ctx.actor.id,
    ctx.now,
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  return pageOf(
    items.map((s) => toSession(s, ctx.actor.sessionId)),
    query,
    total,
  );
}

/** Revokes one of the caller's sessions; 404 for another user's or an already revoked one. */
export async function revokeMySession(ctx: ServiceContext & { actor: Actor }, id: string): Promise<void> {
  if (!(await q.revokeSession(ctx.db, id, ctx.now, ctx.actor.id))) throw notFound('Session');
}

/** Revokes all of a user's sessions (admin disable, account deletion), in the caller's transaction. */
export async function revokeAllSessions(ctx: ServiceContext, userId: string): Promise<void> {
  await q.revokeUserSessions(ctx.db, userId, ctx.now);
}

/**
 * The actor behind an access token: the JWT (HS256 only, iss, aud, exp), then one primary-key
 * query joining the session and its user, so a revoked session or a disabled user fails at once.
 * Role and seller status come from the database, not the token.
 */
export async function actorFromAccessToken(
  db: DbOrTx,
  secret: string,
  token: string,
  now = new Date(),
): Promise<Actor> {
  const claims = verifyAccessJwt(token, secret);
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const row = uuid.test(claims.sid) ? await q.findSessionActor(db, claims.sid) : null;
  if (!row || row.userId !== claims.sub || row.revokedAt || row.expiresAt <= now) {
    throw tokenInvalid('The session has ended; sign in again');
  }
  if (row.status !== 'active') throw tokenInvalid('The account is not active');
  return {
    id: row.userId,
    role: row.role,
    sellerStatus: row.sellerStatus,
    sessionId: claims.sid,
    contact: { email: row.email, name: row.name },
  };
}
