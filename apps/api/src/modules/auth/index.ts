import type { Actor, TokenVerifier } from '../../platform/auth.js';
import type { Platform } from '../../platform/platform.js';
import { verifyAccessJwt } from './tokens.js';

/** The access-token check behind `app.authenticate`. */
export function createTokenVerifier(platform: Platform): TokenVerifier {
  return async (token): Promise<Actor> => {
    const claims = await verifyAccessJwt(token, platform.config.jwtSecret);
    return { id: claims.sub, role: claims.role, sellerStatus: null, sessionId: claims.sid };
  };
}
