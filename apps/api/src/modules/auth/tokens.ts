import { randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
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

/**
 * Verifies signature (HS256 only: `alg: none` and other algorithms are refused), issuer, audience
 * and expiry. Throws `token_expired` or `token_invalid`.
 */
export async function verifyAccessJwt(token: string, secret: string): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      algorithms: [ALGORITHM],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ['sub', 'exp', 'jti'],
    });
    const role = payload.role;
    if (role !== 'customer' && role !== 'seller' && role !== 'admin') throw new Error('bad role');
    if (typeof payload.sid !== 'string') throw new Error('bad sid');
    return { sub: payload.sub!, role, sid: payload.sid };
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) {
      throw new AppError('token_expired', { detail: 'The access token has expired; refresh it' });
    }
    throw new AppError('token_invalid', { detail: 'The access token is not valid' });
  }
}
