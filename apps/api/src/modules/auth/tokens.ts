import { randomUUID } from 'node:crypto';
import { createVerifier, TokenError } from 'fast-jwt';
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

type Verify = (token: string) => Record<string, unknown>;
const verifiers = new Map<string, Verify>();

/**
 * fast-jwt's synchronous verifier for `secret` (made once per secret): signature (HS256 only:
 * `alg: none`, other algorithms and unknown `crit` extensions are refused), issuer, audience,
 * expiry, not-before and the claims `sub`, `exp`, `jti`. Synchronous on purpose: jose's
 * `jwtVerify` runs the HMAC through WebCrypto, a job on libuv's thread pool plus a key import on
 * every authenticated request, about ten times the CPU (issue 18).
 */
function verifierFor(secret: string): Verify {
  let verify = verifiers.get(secret);
  if (!verify) {
    verify = createVerifier({
      key: secret,
      algorithms: [ALGORITHM],
      allowedIss: ISSUER,
      allowedAud: AUDIENCE,
      requiredClaims: ['sub', 'exp', 'jti'],
    }) as Verify;
    verifiers.set(secret, verify);
  }
  return verify;
}

/**
 * Verifies an access token (see {@link verifierFor}) and answers its claims; `role` and `sid` must
 * be ours. Tokens are signed by jose ({@link signAccessToken}); the tests check both agree.
 * Throws `token_expired` or `token_invalid`.
 */
export function verifyAccessJwt(token: string, secret: string): AccessClaims {
  let claims: Record<string, unknown>;
  try {
    claims = verifierFor(secret)(token);
  } catch (err) {
    if (err instanceof TokenError && err.code === TokenError.codes.expired) {
      throw new AppError('token_expired', { detail: 'The access token has expired; refresh it' });
    }
    throw invalid();
  }
  const { sub, role, sid } = claims;
  if (typeof sub !== 'string' || typeof sid !== 'string') throw invalid();
  if (role !== 'customer' && role !== 'seller' && role !== 'admin') throw invalid();
  return { sub, role, sid };
}
