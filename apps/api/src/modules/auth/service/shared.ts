import { authenticator } from 'otplib';
import type { OtpChallengeRow } from '../../../db/schema/auth.js';
import { rateLimited } from '../../../platform/errors.js';
import { otpExpired, otpInvalid, otpLocked } from '../errors.js';
import type { ServiceContext, TxContext } from '../../../platform/context.js';
import type { MailMessage } from '../../../platform/mail.js';
import { MAIL_JOB } from '../../../platform/platform-jobs.js';
import { hashToken, newOpaqueToken } from '../codes.js';
import { claimTotpStep, type UserRow } from '../../users/index.js';
import { describeDevice } from '../device.js';
import { authTtl, type AuthLimit } from '../limits.js';
import * as q from '../queries.js';
import { toUser, type TokenPair } from '../schema.js';
import { signAccessToken } from '../tokens.js';

/** Counts a hit against `key`; throws 429 `rate_limited` past the limit (unless limits are off). */
export async function hitLimit(ctx: ServiceContext, key: string, { limit, windowSeconds }: AuthLimit) {
  if (ctx.config.rateLimitDisabled) return;
  const r = await ctx.limiter.hit(`auth:${key}`, limit, windowSeconds);
  if (!r.allowed) throw rateLimited(r.retryAfter);
}

/** Throws 429 when `key` has already used its limit, without counting. */
export async function checkLimit(ctx: ServiceContext, key: string, { limit, windowSeconds }: AuthLimit) {
  if (ctx.config.rateLimitDisabled) return;
  const r = await ctx.limiter.peek(`auth:${key}`, limit, windowSeconds);
  if (!r.allowed) throw rateLimited(r.retryAfter);
}

/**
 * Counts a hit against `key` and answers whether it was within the limit, without throwing: for
 * side effects that are skipped, not refused, past a limit (a code mailed at most every 30 s).
 */
export async function tryLimit(ctx: ServiceContext, key: string, { limit, windowSeconds }: AuthLimit) {
  if (ctx.config.rateLimitDisabled) return true;
  return (await ctx.limiter.hit(`auth:${key}`, limit, windowSeconds)).allowed;
}

export async function countFailure(ctx: ServiceContext, key: string, { limit, windowSeconds }: AuthLimit) {
  if (ctx.config.rateLimitDisabled) return;
  await ctx.limiter.hit(`auth:${key}`, limit, windowSeconds);
}

/** Enqueues a mail in the caller's transaction (`ctx.db`): it is sent only if the rows commit. */
export const enqueueMail = (ctx: TxContext, message: MailMessage) =>
  ctx.jobs.send(MAIL_JOB, message, { tx: ctx.db });

export const refreshTtlMs = (ctx: ServiceContext) => ctx.config.refreshTokenTtlDays * 24 * 3600 * 1000;

export const signAccess = (ctx: ServiceContext, user: Pick<UserRow, 'id' | 'role'>, sessionId: string) =>
  signAccessToken(
    { sub: user.id, role: user.role, sid: sessionId },
    ctx.config.jwtSecret,
    ctx.config.accessTokenTtlSeconds,
    ctx.now,
  );

/** Starts a session (refresh-token family) for `user` and answers its first token pair. */
export async function startSession(ctx: TxContext, user: UserRow): Promise<TokenPair> {
  const session = await q.insertSession(ctx.db, {
    userId: user.id,
    device: describeDevice(ctx.client.userAgent),
    userAgent: ctx.client.userAgent?.slice(0, 500) ?? null,
    ip: ctx.client.ip,
    expiresAt: new Date(ctx.now.getTime() + refreshTtlMs(ctx)),
  });
  const refreshToken = newOpaqueToken();
  await q.insertRefreshToken(ctx.db, session.id, hashToken(refreshToken));
  return {
    accessToken: await signAccess(ctx, user, session.id),
    refreshToken,
    expiresIn: ctx.config.accessTokenTtlSeconds,
    user: toUser(user),
  };
}

/**
 * Checks a code against a challenge, counting a wrong try in its own statement (so it sticks even
 * though the caller then throws). The 5th wrong try, and everything after it, is `otp_locked`.
 */
export async function checkChallengeCode(
  ctx: ServiceContext,
  challenge: OtpChallengeRow,
  isRight: () => boolean | Promise<boolean>,
): Promise<void> {
  if (challenge.attempts >= authTtl.otpMaxAttempts) throw otpLocked();
  if (challenge.expiresAt <= ctx.now) throw otpExpired();
  if (await isRight()) {
    if (!(await q.consumeChallenge(ctx.db, challenge.id, ctx.now, authTtl.otpMaxAttempts)))
      throw otpInvalid();
    return;
  }
  const spent = await q.countWrongTry(ctx.db, challenge.id, authTtl.otpMaxAttempts);
  if (spent === null || spent >= authTtl.otpMaxAttempts) throw otpLocked();
  throw otpInvalid();
}

/**
 * Checks an authenticator-app code against the request's clock and claims its time step, so no
 * code is accepted twice (RFC 6238 §5.2): a replay within its 30 s window, or a sign-in with the
 * code that turned TOTP on, is refused like a wrong code. One step either side is accepted, for
 * the seconds a person takes to type the code and for a phone clock a little off.
 */
export async function acceptTotpCode(
  ctx: ServiceContext,
  userId: string,
  secret: string,
  code: string,
): Promise<boolean> {
  const totp = authenticator.clone({ epoch: ctx.now.getTime(), window: TOTP_WINDOW_STEPS });
  const delta = totp.checkDelta(code, secret);
  if (delta === null) return false;
  const step = Math.floor(ctx.now.getTime() / 1000 / totp.allOptions().step) + delta;
  return claimTotpStep(ctx, userId, step);
}

/** How many 30 s steps before and after the current one a TOTP code may come from. */
export const TOTP_WINDOW_STEPS = 1;
