import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Role } from '../../platform/auth.js';
import { AppError } from '../../platform/errors.js';

export const ISSUER = 'soko-api';
export const AUDIENCE = 'soko';
const ALGORITHM = 'HS256';

export interface AccessClaims {
  sub: string;
  role: Role;
  /** The session (refresh-token family) id. */
  sid: string;
}

const keyOf = (secret: string) => new TextEncoder().encode(secret);

/** Signs a short-lived access JWT (HS256, `iss`, `aud`, `sub`, `role`, `sid`, `exp`, `jti`). */
export async function signAccessToken(
  claims: AccessClaims,
  secret: string,
  ttlSeconds: number,
  now = new Date(),
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ role: claims.role, sid: claims.sid })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .setJti(randomUUID())
    .sign(keyOf(secret));
}

const invalid = () => new AppError('token_invalid', { detail: 'The access token is not valid' });

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function decodeJson(segment: string): Record<string, unknown> {
  // base64url only: anything else would decode "leniently" to bytes other than those signed.
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!isObject(value)) throw invalid();
  return value;
}

/**
 * Verifies an access token and answers its claims, synchronously with node:crypto: signature
 * (HS256 only: `alg: none`, other algorithms and any `crit` or `b64` header are refused), issuer,
 * audience, expiry, not-before, and the claims `sub`, `exp`, `jti`, `role` and `sid`. Throws
 * `token_expired` or `token_invalid`.
 *
 * Not jose's `jwtVerify`: it runs the HMAC through WebCrypto, a job on libuv's thread pool plus a
 * key import per call, about 10 times the CPU of this check (issue 18), on every authenticated
 * request. Tokens are still signed by jose ({@link signAccessToken}), and the tests check that
 * both agree (tokens.test.ts).
 */
export function verifyAccessJwt(token: string, secret: string, now = new Date()): AccessClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw invalid();
  const [head, body, signature] = parts as [string, string, string];
  const header = decodeJson(head);
  if (header.alg !== ALGORITHM || 'crit' in header || 'b64' in header) throw invalid();
  const expected = createHmac('sha256', keyOf(secret)).update(`${head}.${body}`).digest();
  const given = /^[A-Za-z0-9_-]+$/.test(signature) ? Buffer.from(signature, 'base64url') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  const claims = decodeJson(body);
  const seconds = Math.floor(now.getTime() / 1000);
  const { sub, exp, nbf, iat, jti, iss, aud, role, sid } = claims;
  if (typeof sub !== 'string' || typeof jti !== 'string' || typeof exp !== 'number') throw invalid();
  if (iss !== ISSUER) throw invalid();
  if (aud !== AUDIENCE && !(Array.isArray(aud) && aud.includes(AUDIENCE))) throw invalid();
  if (
    (nbf !== undefined && (typeof nbf !== 'number' || nbf > seconds)) ||
    (iat !== undefined && typeof iat !== 'number')
  ) {
    throw invalid();
  }
  if (role !== 'customer' && role !== 'seller' && role !== 'admin') throw invalid();
  if (typeof sid !== 'string') throw invalid();
  if (exp <= seconds) {
    throw new AppError('token_expired', { detail: 'The access token has expired; refresh it' });
  }
  return { sub, role, sid };
}
