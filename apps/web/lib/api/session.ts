import 'server-only';
import { cookies, headers } from 'next/headers';
import {
  ACCESS_COOKIE,
  CHALLENGE_COOKIE,
  cookieBase,
  isAccessStale,
  pairCookies,
  PENDING_EMAIL_COOKIE,
  REFRESH_COOKIE,
  refreshFresh,
} from '../auth/tokens';
import { callInit, settle, type Answer, type CallInit, type DataOf } from './transport';
import type { Result, TokenPair } from './types';

/** Stores a token pair in httpOnly cookies (server actions and route handlers only). */
export async function storeTokens(pair: TokenPair) {
  const jar = await cookies();
  for (const c of pairCookies(pair)) jar.set(c);
}

/** Forgets the session, the pending email and any login challenge. */
export async function clearSession() {
  const jar = await cookies();
  for (const name of [ACCESS_COOKIE, REFRESH_COOKIE, CHALLENGE_COOKIE]) jar.delete({ name, path: '/' });
}

export async function readRefreshToken() {
  return (await cookies()).get(REFRESH_COOKIE)?.value;
}

/** Cookies can be written in actions and route handlers but not while rendering a page. */
async function tryStore(pair: TokenPair) {
  try {
    await storeTokens(pair);
  } catch {
    // Rendering: the proxy writes the new pair on the next request (refreshOnce remembers it).
  }
}

/** The caller's access token, refreshed (once per session, shared) when it has expired. */
export async function getAccessToken(): Promise<string | null> {
  const jar = await cookies();
  const access = jar.get(ACCESS_COOKIE)?.value;
  if (access && !isAccessStale(access, 1)) return access;
  const refresh = jar.get(REFRESH_COOKIE)?.value;
  if (!refresh) return null;
  const outcome = await refreshFresh(refresh);
  if (!outcome.ok) return null;
  await tryStore(outcome.pair);
  return outcome.pair.accessToken;
}

/**
 * An authenticated SDK call: `call` gets the options carrying the access token, and when the API
 * says it expired, the token is refreshed once (single-flight) and `call` runs again. Without a
 * usable session it answers 401 `not_authenticated`.
 *
 * @example authedRequest((init) => client.GET('/api/v1/auth/me', init))
 */
export async function authedRequest<A extends Answer>(
  call: (init: CallInit) => Promise<A>,
): Promise<Result<DataOf<A>>> {
  const token = await getAccessToken();
  if (!token) return notAuthenticated();
  const first = await settle(call(callInit({ token })));
  if (first.ok || first.problem.status !== 401 || first.problem.code !== 'token_expired') return first;
  const refresh = await readRefreshToken();
  if (!refresh) return first;
  // Never the token the API just refused: a remembered pair can hold it (see refreshFresh).
  const outcome = await refreshFresh(refresh, token);
  if (!outcome.ok) return notAuthenticated();
  await tryStore(outcome.pair);
  return settle(call(callInit({ token: outcome.pair.accessToken })));
}

function notAuthenticated<T>(): Result<T> {
  return { ok: false, problem: { title: 'Sign in first', status: 401, code: 'not_authenticated' } };
}

export async function readPendingEmail() {
  return (await cookies()).get(PENDING_EMAIL_COOKIE)?.value ?? null;
}

export async function setPendingEmail(email: string | null) {
  const jar = await cookies();
  if (email) jar.set({ name: PENDING_EMAIL_COOKIE, value: email, ...cookieBase, maxAge: 7 * 24 * 3600 });
  else jar.delete({ name: PENDING_EMAIL_COOKIE, path: '/' });
}

export interface Challenge {
  challengeId: string;
  method: 'email' | 'totp';
  /** The account's email, from the login answer (also after a sign-in by username). */
  email: string;
  next?: string;
}

export async function readChallenge(): Promise<Challenge | null> {
  const raw = (await cookies()).get(CHALLENGE_COOKIE)?.value;
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Challenge;
    return typeof value.challengeId === 'string' && typeof value.email === 'string' ? value : null;
  } catch {
    return null;
  }
}

export async function setChallenge(challenge: Challenge | null) {
  const jar = await cookies();
  if (challenge)
    jar.set({ name: CHALLENGE_COOKIE, value: JSON.stringify(challenge), ...cookieBase, maxAge: 600 });
  else jar.delete({ name: CHALLENGE_COOKIE, path: '/' });
}

/**
 * The browser's user agent and address, forwarded when a session is created so the API's
 * session list names the device ("Chrome on Android"), not the Next server. The API trusts
 * X-Forwarded-For only when started with TRUST_PROXY.
 */
export async function clientHeaders(): Promise<Record<string, string>> {
  const h = await headers();
  const out: Record<string, string> = {};
  const ua = h.get('user-agent');
  if (ua) out['user-agent'] = ua;
  const fwd = h.get('x-forwarded-for');
  if (fwd) out['x-forwarded-for'] = fwd;
  return out;
}
