import { withTx, type ServiceContext, type TxContext } from '../../../platform/context.js';
import { findUserByEmail, findUserByIdentifier, type UserRow } from '../../users/index.js';
import { hashCode, newOtpCode, normalizeBackupCode } from '../codes.js';
import { accountDisabled, emailNotVerified, invalidCredentials, otpInvalid } from '../errors.js';
import { authLimits, authTtl } from '../limits.js';
import { loginCodeMail } from '../mails.js';
import { checkPassword } from '../passwords.js';
import * as q from '../queries.js';
import type { LoginBody, OtpRequired, OtpVerifyBody, TokenPair, User } from '../schema.js';
import { mailCodeIfNoneUsable, verifyEmail } from './register.js';
import {
  acceptTotpCode,
  checkChallengeCode,
  checkLimit,
  countFailure,
  enqueueMail,
  hitLimit,
  startSession,
} from './shared.js';

const accountKey = (user: UserRow | null, identifier: string) =>
  user ? `login:acct:${user.id}` : `login:id:${identifier.trim().toLowerCase()}`;

async function mailLoginCode(ctx: TxContext, user: UserRow, code: string) {
  await enqueueMail(ctx, loginCodeMail(user.email, user.name, code));
}

/**
 * Signs in by email or username. An unknown account and a wrong password give the same 401 after
 * the same argon2 work; failures count per IP and per account (see limits.ts), and a successful
 * login clears the account's count. Status is checked only after the password, so it tells
 * nothing to someone without it. An unverified account is answered 403 `email_not_verified` with
 * a usable code in its mailbox: a new one is mailed when the last expired or was locked (within the
 * 30 s resend cooldown). With two-factor on, answers a challenge instead of tokens.
 */
export async function login(ctx: ServiceContext, input: LoginBody): Promise<TokenPair | OtpRequired> {
  const ipKey = `login:ip:${ctx.client.ip}`;
  await checkLimit(ctx, ipKey, authLimits.loginFailuresPerIp);
  const user = await findUserByIdentifier(ctx, input.identifier);
  const acctKey = accountKey(user, input.identifier);
  await checkLimit(ctx, acctKey, authLimits.loginFailuresPerAccount);
  const isRight = await checkPassword(user?.passwordHash, input.password);
  if (!user || !isRight) {
    await countFailure(ctx, ipKey, authLimits.loginFailuresPerIp);
    await countFailure(ctx, acctKey, authLimits.loginFailuresPerAccount);
    throw invalidCredentials();
  }
  if (!ctx.config.rateLimitDisabled) await ctx.limiter.reset(`auth:${acctKey}`);
  if (user.status === 'pending_verification') {
    // Only after the right password, so it tells nothing to someone without it.
    await mailCodeIfNoneUsable(ctx, user);
    throw emailNotVerified(user.email);
  }
  if (user.status === 'disabled') throw accountDisabled();
  if (!user.twoFactorMethod) return withTx(ctx, (tx) => startSession(tx, user));

  const method = user.twoFactorMethod;
  const code = method === 'email' ? newOtpCode() : null;
  const challenge = await withTx(ctx, async (tx) => {
    const row = await q.replaceChallenge(
      tx.db,
      {
        userId: user.id,
        purpose: 'login',
        method,
        codeHash: code ? hashCode(ctx.config.jwtSecret, user.id, code) : null,
        expiresAt: new Date(ctx.now.getTime() + authTtl.otpSeconds * 1000),
      },
      ctx.now,
    );
    if (code) await mailLoginCode(tx, user, code);
    return row;
  });
  if (code) await hitLimit(ctx, `resend:login:${user.email}`, authLimits.codeCooldown).catch(() => {});
  return { otpRequired: true, challengeId: challenge.id, method, email: user.email };
}

/**
 * Completes a two-factor login: the challenge's emailed code or current TOTP code, or one of the
 * user's unused backup codes (single use). 5 wrong tries lock the challenge (`otp_locked`).
 */
export async function verifyLoginCode(
  ctx: ServiceContext,
  input: { email: string; code: string; challengeId: string },
): Promise<TokenPair> {
  await hitLimit(ctx, `otp:ip:${ctx.client.ip}`, authLimits.otpVerifyPerIp);
  const user = await findUserByEmail(ctx, input.email);
  const challenge = user ? await q.findLiveChallenge(ctx.db, user.id, 'login') : null;
  if (!user || !challenge || challenge.id !== input.challengeId) throw otpInvalid();
  const code = input.code.trim();
  const isDigits = /^\d{6}$/.test(code);
  await checkChallengeCode(ctx, challenge, async () => {
    if (!isDigits) {
      const hash = hashCode(ctx.config.jwtSecret, user.id, normalizeBackupCode(code));
      return q.useBackupCode(ctx.db, user.id, hash, ctx.now);
    }
    if (challenge.method === 'totp') {
      return !!user.totpSecret && (await acceptTotpCode(ctx, user.id, user.totpSecret, code));
    }
    return hashCode(ctx.config.jwtSecret, user.id, code) === challenge.codeHash;
  });
  if (user.status === 'disabled') throw accountDisabled();
  return withTx(ctx, (tx) => startSession(tx, user));
}

/** A new sign-in code for the user's live email login challenge (same challenge id, tries reset). */
export async function resendLoginCode(ctx: ServiceContext, user: UserRow): Promise<void> {
  const live = await q.findLiveChallenge(ctx.db, user.id, 'login');
  if (!live || live.method !== 'email' || user.status !== 'active') return;
  const code = newOtpCode();
  await withTx(ctx, async (tx) => {
    await q.resetChallengeCode(
      tx.db,
      live.id,
      hashCode(ctx.config.jwtSecret, user.id, code),
      new Date(ctx.now.getTime() + authTtl.otpSeconds * 1000),
    );
    await mailLoginCode(tx, user, code);
  });
}

/** POST /auth/otp/verify: an email verification or the second step of a login, by `purpose`. */
export async function verifyOtp(
  ctx: ServiceContext,
  input: OtpVerifyBody,
): Promise<{ user: User } | TokenPair> {
  if (input.purpose === 'verify_email') return verifyEmail(ctx, input);
  return verifyLoginCode(ctx, input);
}
