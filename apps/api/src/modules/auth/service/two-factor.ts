import { authenticator } from 'otplib';
import QRCode from 'qrcode';
import { withTx } from '../../../platform/context.js';
import { forbidden } from '../../../platform/errors.js';
import { setTwoFactor } from '../../users/index.js';
import { hashCode, newBackupCode, normalizeBackupCode } from '../codes.js';
import { invalidCredentials, otpInvalid } from '../errors.js';
import { authLimits } from '../limits.js';
import { checkPassword } from '../passwords.js';
import * as q from '../queries.js';
import type { PasswordBody, TotpEnableBody, TotpSetup } from '../schema.js';
import { loadMe, type ActorContext } from './account.js';
import { acceptTotpCode, checkLimit, countFailure, hitLimit } from './shared.js';

/**
 * Starts TOTP enrolment: a new secret, kept on the account but not in force until
 * {@link enableTotp} proves the authenticator app has it. Refused (403) while TOTP is on.
 */
export async function setupTotp(ctx: ActorContext): Promise<TotpSetup> {
  const user = await loadMe(ctx);
  if (user.twoFactorMethod === 'totp') throw forbidden('TOTP is already on; disable two-factor first');
  const secret = authenticator.generateSecret();
  await setTwoFactor(ctx, user.id, { totpSecret: secret, totpLastStep: null });
  const otpauthUrl = authenticator.keyuri(user.email, 'Soko', secret);
  return { secret, otpauthUrl, qrCodeDataUrl: await QRCode.toDataURL(otpauthUrl) };
}

/**
 * Turns TOTP on after a correct code and answers 10 new single-use backup codes (stored hashed).
 * The code's time step is claimed like a sign-in's, so the enrolment code cannot sign in again.
 */
export async function enableTotp(
  ctx: ActorContext,
  input: TotpEnableBody,
): Promise<{ backupCodes: string[] }> {
  await hitLimit(ctx, `otp:ip:${ctx.client.ip}`, authLimits.otpVerifyPerIp);
  const user = await loadMe(ctx);
  if (user.twoFactorMethod === 'totp') throw forbidden('TOTP is already on');
  const secret = user.totpSecret;
  if (!secret) throw otpInvalid();
  const codes = Array.from({ length: 10 }, newBackupCode);
  await withTx(ctx, async (tx) => {
    if (!(await acceptTotpCode(tx, user.id, secret, input.code))) throw otpInvalid();
    await setTwoFactor(tx, user.id, { twoFactorMethod: 'totp' });
    await q.replaceBackupCodes(
      tx.db,
      user.id,
      codes.map((c) => hashCode(ctx.config.jwtSecret, user.id, normalizeBackupCode(c))),
    );
  });
  return { backupCodes: codes };
}

async function confirmPassword(ctx: ActorContext, password: string) {
  const key = `login:acct:${ctx.actor.id}`;
  await checkLimit(ctx, key, authLimits.loginFailuresPerAccount);
  const user = await loadMe(ctx);
  if (!(await checkPassword(user.passwordHash, password))) {
    await countFailure(ctx, key, authLimits.loginFailuresPerAccount);
    throw invalidCredentials();
  }
  return user;
}

/** Turns on emailed sign-in codes (after the password); replaces TOTP if it was on. */
export async function enableEmailTwoFactor(ctx: ActorContext, input: PasswordBody): Promise<void> {
  const user = await confirmPassword(ctx, input.password);
  await setTwoFactor(ctx, user.id, { twoFactorMethod: 'email', totpSecret: null });
}

/** Turns two-factor off (after the password) and drops the backup codes. */
export async function disableTwoFactor(ctx: ActorContext, input: PasswordBody): Promise<void> {
  const user = await confirmPassword(ctx, input.password);
  await withTx(ctx, async (tx) => {
    await setTwoFactor(tx, user.id, { twoFactorMethod: null, totpSecret: null });
    await q.replaceBackupCodes(tx.db, user.id, []);
  });
}
