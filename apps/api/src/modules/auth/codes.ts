import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';

/** A 6-digit one-time code, uniformly random, zero-padded. */
export const newOtpCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

/**
 * Hash of a short code. Peppered with the server secret and bound to the user, because a plain
 * hash of 10^6 possible codes is reversed instantly.
 */
export const hashCode = (secret: string, userId: string, code: string) =>
  createHmac('sha256', secret).update(`${userId}:${code}`).digest('hex');

/** An opaque 256-bit token (refresh, password reset), base64url. */
export const newOpaqueToken = () => randomBytes(32).toString('base64url');

/** sha256 of an opaque token: enough for 256 bits of entropy. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const backupAlphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A backup code `xxxxx-xxxxx` (about 49 bits), easy to type. */
export function newBackupCode(): string {
  let s = '';
  for (let i = 0; i < 10; i += 1) s += backupAlphabet[randomInt(0, backupAlphabet.length)];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

/** Backup codes are matched without case, spaces or dashes. */
export const normalizeBackupCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');
