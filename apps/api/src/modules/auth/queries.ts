import { and, desc, eq, gt, isNull, lt, ne, sql } from 'drizzle-orm';
import { backupCodes, otpChallenges, passwordResets, refreshTokens, sessions } from '../../db/schema/auth.js';
// Read only, for the per-request session check below (see `readOnlyJoins` in eslint.config.js):
// every account write goes through the users module.
import { users } from '../../db/schema/users.js';
import { type DbOrTx } from '../../platform/db.js';
import { builtOnce, selectPage } from '../../platform/statements.js';

/**
 * The one query behind every authenticated request: the session and its user's role, status and
 * contact, by primary key, in one round trip (a read-only join of the users module's table).
 */
const sessionActor = builtOnce((db) =>
  db
    .select({
      userId: users.id,
      role: users.role,
      status: users.status,
      sellerStatus: users.sellerStatus,
      email: users.email,
      name: users.name,
      revokedAt: sessions.revokedAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder('sessionId'))),
);

export async function findSessionActor(db: DbOrTx, sessionId: string) {
  const [row] = await sessionActor(db, { sessionId });
  return row ?? null;
}

export async function insertSession(
  db: DbOrTx,
  values: { userId: string; device: string; userAgent: string | null; ip: string | null; expiresAt: Date },
) {
  const [row] = await db.insert(sessions).values(values).returning();
  return row!;
}

export async function insertRefreshToken(db: DbOrTx, sessionId: string, tokenHash: string) {
  await db.insert(refreshTokens).values({ sessionId, tokenHash });
}

/** The refresh token with its session, by hash. */
export async function findRefreshToken(db: DbOrTx, tokenHash: string) {
  const [row] = await db
    .select({ token: refreshTokens, session: sessions })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .where(eq(refreshTokens.tokenHash, tokenHash));
  return row ?? null;
}

/** Marks a refresh token used; false when it already was (a concurrent or replayed use). */
export async function consumeRefreshToken(db: DbOrTx, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(refreshTokens)
    .set({ usedAt: now })
    .where(and(eq(refreshTokens.id, id), isNull(refreshTokens.usedAt)))
    .returning({ id: refreshTokens.id });
  return rows.length === 1;
}

export async function touchSession(
  db: DbOrTx,
  id: string,
  values: { lastUsedAt: Date; expiresAt: Date; ip: string | null; userAgent: string | null; device: string },
) {
  await db.update(sessions).set(values).where(eq(sessions.id, id));
}

export async function revokeSession(db: DbOrTx, id: string, now: Date, userId?: string): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(
      and(eq(sessions.id, id), isNull(sessions.revokedAt), userId ? eq(sessions.userId, userId) : undefined),
    )
    .returning({ id: sessions.id });
  return rows.length === 1;
}

/** Revokes every live session of a user, except `keep` when given. */
export async function revokeUserSessions(db: DbOrTx, userId: string, now: Date, keep?: string | null) {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(
      and(eq(sessions.userId, userId), isNull(sessions.revokedAt), keep ? ne(sessions.id, keep) : undefined),
    );
}

export async function listLiveSessions(db: DbOrTx, userId: string, now: Date, limit: number, offset: number) {
  const where = and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now));
  return selectPage(db, sessions, where, [desc(sessions.lastUsedAt)], limit, offset);
}

/** Replaces the user's live challenge for `purpose` (there is at most one) with a fresh one. */
export async function replaceChallenge(
  db: DbOrTx,
  values: {
    userId: string;
    purpose: 'verify_email' | 'login';
    method: 'email' | 'totp';
    codeHash: string | null;
    expiresAt: Date;
  },
  now: Date,
) {
  await db
    .update(otpChallenges)
    .set({ consumedAt: now })
    .where(
      and(
        eq(otpChallenges.userId, values.userId),
        eq(otpChallenges.purpose, values.purpose),
        isNull(otpChallenges.consumedAt),
      ),
    );
  const [row] = await db.insert(otpChallenges).values(values).returning();
  return row!;
}

export async function findLiveChallenge(db: DbOrTx, userId: string, purpose: 'verify_email' | 'login') {
  const [row] = await db
    .select()
    .from(otpChallenges)
    .where(
      and(
        eq(otpChallenges.userId, userId),
        eq(otpChallenges.purpose, purpose),
        isNull(otpChallenges.consumedAt),
      ),
    );
  return row ?? null;
}

/** Counts a wrong try; answers the attempts now spent, or null when the challenge was already locked. */
export async function countWrongTry(db: DbOrTx, id: string, maxAttempts: number): Promise<number | null> {
  const [row] = await db
    .update(otpChallenges)
    .set({ attempts: sql`${otpChallenges.attempts} + 1` })
    .where(
      and(
        eq(otpChallenges.id, id),
        lt(otpChallenges.attempts, maxAttempts),
        isNull(otpChallenges.consumedAt),
      ),
    )
    .returning({ attempts: otpChallenges.attempts });
  return row?.attempts ?? null;
}

/** Consumes a live, unlocked challenge; false when another request got there first. */
export async function consumeChallenge(db: DbOrTx, id: string, now: Date, maxAttempts: number) {
  const rows = await db
    .update(otpChallenges)
    .set({ consumedAt: now })
    .where(
      and(
        eq(otpChallenges.id, id),
        isNull(otpChallenges.consumedAt),
        lt(otpChallenges.attempts, maxAttempts),
      ),
    )
    .returning({ id: otpChallenges.id });
  return rows.length === 1;
}

export async function replaceBackupCodes(db: DbOrTx, userId: string, codeHashes: string[]) {
  await db.delete(backupCodes).where(eq(backupCodes.userId, userId));
  if (codeHashes.length)
    await db.insert(backupCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash })));
}

/** Uses a backup code once; false when it does not exist or was used. */
export async function useBackupCode(db: DbOrTx, userId: string, codeHash: string, now: Date) {
  const rows = await db
    .update(backupCodes)
    .set({ usedAt: now })
    .where(
      and(eq(backupCodes.userId, userId), eq(backupCodes.codeHash, codeHash), isNull(backupCodes.usedAt)),
    )
    .returning({ id: backupCodes.id });
  return rows.length === 1;
}

export async function insertPasswordReset(db: DbOrTx, userId: string, tokenHash: string, expiresAt: Date) {
  await db.insert(passwordResets).values({ userId, tokenHash, expiresAt });
}

/** Uses a live reset token once, answering its user id; null when unknown, used or expired. */
export async function consumePasswordReset(db: DbOrTx, tokenHash: string, now: Date) {
  const [row] = await db
    .update(passwordResets)
    .set({ usedAt: now })
    .where(
      and(
        eq(passwordResets.tokenHash, tokenHash),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, now),
      ),
    )
    .returning({ userId: passwordResets.userId });
  return row?.userId ?? null;
}

export async function findPasswordReset(db: DbOrTx, tokenHash: string) {
  const [row] = await db.select().from(passwordResets).where(eq(passwordResets.tokenHash, tokenHash));
  return row ?? null;
}

/** A new code for a live challenge: tries reset, new expiry, same id. */
export async function resetChallengeCode(db: DbOrTx, id: string, codeHash: string, expiresAt: Date) {
  await db
    .update(otpChallenges)
    .set({ codeHash, expiresAt, attempts: 0 })
    .where(and(eq(otpChallenges.id, id), isNull(otpChallenges.consumedAt)));
}
