import type { Module } from '../registry.js';
import type { TokenVerifier } from '../../platform/auth.js';
import type { Platform } from '../../platform/platform.js';
import { authRoutes } from './routes.js';
import { actorFromAccessToken } from './service/sessions.js';

export { hashPassword, checkPassword } from './passwords.js';
export { isCommonPassword } from './common-passwords.js';
export { toUser, User, Email, Password, Username } from './schema.js';
export { revokeAllSessions } from './service/sessions.js';

/**
 * The access-token check behind `app.authenticate`: JWT (HS256, iss, aud, exp), then one indexed
 * query (session joined to its user by primary key). A revoked session or a user who is not
 * active gets 401 at once; role and sellerStatus are read from the database.
 */
export function createTokenVerifier(platform: Platform): TokenVerifier {
  return (token) => actorFromAccessToken(platform.database.db, platform.config.jwtSecret, token);
}

export const authModule: Module = {
  name: 'auth',
  routes: authRoutes,
  errorCodes: [
    'validation_failed',
    'not_authenticated',
    'token_invalid',
    'token_expired',
    'token_reused',
    'invalid_credentials',
    'otp_invalid',
    'otp_expired',
    'otp_locked',
    'forbidden',
    'email_not_verified',
    'account_disabled',
    'not_found',
    'email_taken',
    'username_taken',
    'rate_limited',
  ],
};
