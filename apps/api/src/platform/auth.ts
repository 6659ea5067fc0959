import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, forbidden, notAuthenticated } from './errors.js';

export type Role = 'customer' | 'seller' | 'admin';
export const roles = ['customer', 'seller', 'admin'] as const;

/** The authenticated caller, as services see it. */
export interface Actor {
  id: string;
  role: Role;
  /** For sellers: whether an admin approved them. */
  sellerStatus: 'pending' | 'approved' | 'rejected' | null;
  /** The refresh-token family (session) this access token belongs to. */
  sessionId: string | null;
  /**
   * The account's email and name as of this request, read by the same statement as the session
   * check (so an order needs no read of its own); absent for actors made without it (jobs, tests).
   */
  contact?: { email: string; name: string };
}

/** Turns a bearer token into an Actor or throws an AppError (`token_invalid`, `token_expired`, ...). */
export type TokenVerifier = (token: string) => Promise<Actor>;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    /** preHandler: requires a valid access token. */
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** preHandler: reads a token when there is one; anonymous otherwise. A bad token still fails. */
    authenticateOptional: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const [scheme, token] = header.split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token) {
    throw new AppError('token_invalid', {
      detail: 'Send the access token as "Authorization: Bearer <token>"',
    });
  }
  return token;
}

/** Decorates `authenticate`/`authenticateOptional`; the verifier comes from the auth module. */
export const authGuard = fp<{ verify: TokenVerifier }>(async (app: FastifyInstance, { verify }) => {
  app.decorateRequest('actor', null);
  app.decorate('authenticate', async (request: FastifyRequest) => {
    const token = bearer(request);
    if (!token) throw notAuthenticated();
    request.actor = await verify(token);
  });
  app.decorate('authenticateOptional', async (request: FastifyRequest) => {
    const token = bearer(request);
    if (token) request.actor = await verify(token);
  });
});

/** preHandler: the caller must have one of these roles (run after `app.authenticate`). */
export function requireRole(...allowed: Role[]) {
  return async (request: FastifyRequest) => {
    if (!request.actor) throw notAuthenticated();
    if (!allowed.includes(request.actor.role)) throw forbidden();
  };
}

/** For services: the caller, or 401. */
export function actorOf(actor: Actor | null): Actor {
  if (!actor) throw notAuthenticated();
  return actor;
}
