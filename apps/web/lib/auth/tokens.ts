// Shared by proxy.ts and the server data layer (so no 'server-only' here: the proxy bundle
// is not built with the react-server condition). Never imported by client components.
import { createClient } from '@soko/sdk';
import type { Role, TokenPair } from '../api/types';

export const ACCESS_COOKIE = 'soko_at';
export const REFRESH_COOKIE = 'soko_rt';
export const PENDING_EMAIL_COOKIE = 'soko_pending_email';
export const CHALLENGE_COOKIE = 'soko_challenge';
export const REFRESH_MAX_AGE_SECONDS = 7 * 24 * 3600;

const apiUrl = (process.env.API_URL ?? 'http://127.0.0.1:4000').replace(/\/+$/, '');
export const isSecureCookies = (process.env.PUBLIC_WEB_URL ?? '').startsWith('https://');

export const cookieBase = {
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: isSecureCookies,
  path: '/',
};

export interface AccessClaims {
  sub: string;
  role: Role;
  exp: number;
}

/**
 * Reads an access token's claims WITHOUT checking its signature: only for routing decisions
 * (is it expired, which area may it see). The API verifies every token it is sent.
 */
export function readAccessClaims(token: string | undefined): AccessClaims | null {
  if (!token) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const json = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
    const { sub, role, exp } = json;
    if (typeof sub !== 'string' || typeof exp !== 'number') return null;
    if (role !== 'customer' && role !== 'seller' && role !== 'admin') return null;
    return { sub, role, exp };
  } catch {
    return null;
  }
}

/** True when the token expires within `skewSeconds` (or cannot be read). */
export function isAccessStale(token: string | undefined, skewSeconds = 5): boolean {
  const claims = readAccessClaims(token);
  return !claims || claims.exp * 1000 - Date.now() < skewSeconds * 1000;
}

export type RefreshOutcome = { ok: true; pair: TokenPair } | { ok: false; reason: 'invalid' | 'unavailable' };

interface RefreshState {
  inFlight: Map<string, Promise<RefreshOutcome>>;
  /** Old refresh token → the pair it became, for requests that still carry the old cookie. */
  recent: Map<string, { outcome: RefreshOutcome; until: number }>;
}

// One state per process, shared by the proxy's and the app's module graphs.
const stateKey = Symbol.for('soko.web.refresh');
const g = globalThis as unknown as Record<symbol, RefreshState | undefined>;
const state: RefreshState = (g[stateKey] ??= { inFlight: new Map(), recent: new Map() });
const RECENT_MS = 60_000;

const client = createClient({ baseUrl: apiUrl });

async function callRefresh(refreshToken: string): Promise<RefreshOutcome> {
  try {
    const { data, response } = await client.POST('/api/v1/auth/refresh', {
      body: { refreshToken },
      signal: AbortSignal.timeout(10_000),
    });
    if (response.ok && data && typeof data.accessToken === 'string') return { ok: true, pair: data };
    return {
      ok: false,
      reason: response.status >= 500 || response.status === 429 ? 'unavailable' : 'invalid',
    };
  } catch {
    return { ok: false, reason: 'unavailable' };
  }
}

/**
 * Exchanges a refresh token for a new pair, once per token however many requests ask at the
 * same time: the API treats a second use of a spent refresh token as theft and revokes the
 * session, so concurrent requests wait for the first exchange and share its pair. A request
 * that still carries the old cookie shortly afterwards gets the same pair too.
 */
export function refreshOnce(refreshToken: string): Promise<RefreshOutcome> {
  const now = Date.now();
  for (const [key, entry] of state.recent) if (entry.until < now) state.recent.delete(key);
  const recent = state.recent.get(refreshToken);
  if (recent) return Promise.resolve(recent.outcome);
  let pending = state.inFlight.get(refreshToken);
  if (!pending) {
    pending = callRefresh(refreshToken).then((outcome) => {
      state.inFlight.delete(refreshToken);
      if (outcome.ok || outcome.reason === 'invalid') {
        state.recent.set(refreshToken, { outcome, until: Date.now() + RECENT_MS });
      }
      return outcome;
    });
    state.inFlight.set(refreshToken, pending);
  }
  return pending;
}

/**
 * {@link refreshOnce}, followed along the rotation chain until the access token is fresh: a pair
 * remembered for an old refresh token may hold an access token that has expired since (short
 * token lives, a slow request) and a refresh token that was rotated again meanwhile, so its
 * newer pair is asked for (remembered too, or exchanged once). A few hops at most.
 */
export async function refreshFresh(refreshToken: string, notToken?: string): Promise<RefreshOutcome> {
  let outcome = await refreshOnce(refreshToken);
  for (let hop = 0; hop < 4 && outcome.ok; hop++) {
    const { accessToken } = outcome.pair;
    if (accessToken !== notToken && !isAccessStale(accessToken, 1)) break;
    outcome = await refreshOnce(outcome.pair.refreshToken);
  }
  return outcome;
}

/** Cookie options for a token pair. */
export function pairCookies(pair: TokenPair) {
  return [
    { name: ACCESS_COOKIE, value: pair.accessToken, ...cookieBase, maxAge: Math.max(pair.expiresIn, 1) + 60 },
    { name: REFRESH_COOKIE, value: pair.refreshToken, ...cookieBase, maxAge: REFRESH_MAX_AGE_SECONDS },
  ];
}
