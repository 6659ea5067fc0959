import { withTx, type ServiceContext, type TxContext } from '../../../platform/context.js';
import { hashCode, newOtpCode } from '../codes.js';
import { activateUser, createUser, findUserByEmail, type UserRow } from '../../users/index.js';
import { otpInvalid } from '../errors.js';
import { authLimits, authTtl } from '../limits.js';
import { verificationMail } from '../mails.js';
import { hashPassword } from '../passwords.js';
import * as q from '../queries.js';
import { toUser, type OtpResendBody, type RegisterBody, type User } from '../schema.js';
import { resendLoginCode } from './login.js';
import { checkChallengeCode, enqueueMail, hitLimit, tryLimit } from './shared.js';

async function mailVerificationCode(ctx: TxContext, user: UserRow) {
  const code = newOtpCode();
  await q.replaceChallenge(
    ctx.db,
    {
      userId: user.id,
      purpose: 'verify_email',
      method: 'email',
      codeHash: hashCode(ctx.config.jwtSecret, user.id, code),
      expiresAt: new Date(ctx.now.getTime() + authTtl.otpSeconds * 1000),
    },
    ctx.now,
  );
  await enqueueMail(ctx, verificationMail(user.email, user.name, code));
}

/**
 * Creates a `pending_verification` account and mails it a 6-digit code. `role` is only customer
 * or seller (a seller starts `pending` approval); status and verification are never taken from
 * input. Email and username uniqueness are the database's unique indexes.
 */
export async function register(
  ctx: ServiceContext,
  input: RegisterBody,
): Promise<{ user: User; next: 'verify_email' }> {
  await hitLimit(ctx, `register:ip:${ctx.client.ip}`, authLimits.registerPerIp);
  const passwordHash = await hashPassword(input.password);
  const user = await withTx(ctx, async (tx) => {
    const row = await createUser(tx, {
      email: input.email,
      username: input.username ?? null,
      name: input.name,
      passwordHash,
      role: input.role,
    });
    await mailVerificationCode(tx, row);
    return row;
  });
  // The first code starts the resend cooldown like any other.
  await hitLimit(ctx, `resend:verify_email:${user.email}`, authLimits.codeCooldown).catch(() => {});
  return { user: toUser(user), next: 'verify_email' };
}

/**
 * Verifies the emailed code of a pending account and activates it. An unknown email, an account
 * without a live code and a wrong code all answer `otp_invalid`.
 */
export async function verifyEmail(
  ctx: ServiceContext,
  input: { email: string; code: string },
): Promise<{ user: User }> {
  await hitLimit(ctx, `otp:ip:${ctx.client.ip}`, authLimits.otpVerifyPerIp);
  const user = await findUserByEmail(ctx, input.email);
  const challenge = user ? await q.findLiveChallenge(ctx.db, user.id, 'verify_email') : null;
  if (!user || !challenge || user.status !== 'pending_verification') throw otpInvalid();
  await checkChallengeCode(
    ctx,
    challenge,
    () => hashCode(ctx.config.jwtSecret, user.id, input.code) === challenge.codeHash,
  );
  const updated = await activateUser(ctx, user.id);
  if (!updated) throw otpInvalid();
  return { user: toUser(updated) };
}

/**
 * Mails a fresh verification code when the account has none it can still use (expired, locked by
 * wrong tries, or never sent), at most one per 30 s like a resend. Sign-in calls it once the
 * password was right, so the account lands on a verification page with a code on its way.
 */
export async function mailCodeIfNoneUsable(ctx: ServiceContext, user: UserRow): Promise<void> {
  const live = await q.findLiveChallenge(ctx.db, user.id, 'verify_email');
  if (live && live.expiresAt > ctx.now && live.attempts < authTtl.otpMaxAttempts) return;
  if (!(await tryLimit(ctx, `resend:verify_email:${user.email}`, authLimits.codeCooldown))) return;
  await withTx(ctx, (tx) => mailVerificationCode(tx, user));
}

/**
 * Mails a new code (verification, or the sign-in code of a live email login challenge, which
 * keeps its id). Answers the same whether or not the account exists; 429 within 30 s of the last
 * code for this email and purpose.
 */
export async function resendCode(ctx: ServiceContext, input: OtpResendBody): Promise<void> {
  await hitLimit(ctx, `resend:${input.purpose}:${input.email}`, authLimits.codeCooldown);
  const user = await findUserByEmail(ctx, input.email);
  if (!user) return;
  if (input.purpose === 'verify_email') {
    if (user.status !== 'pending_verification') return;
    await withTx(ctx, (tx) => mailVerificationCode(tx, user));
    return;
  }
  await resendLoginCode(ctx, user);
}
