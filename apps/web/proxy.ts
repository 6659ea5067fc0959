import { NextResponse, type NextRequest } from 'next/server';
import {
  ACCESS_COOKIE,
  isAccessStale,
  pairCookies,
  PENDING_EMAIL_COOKIE,
  readAccessClaims,
  REFRESH_COOKIE,
  refreshFresh,
} from './lib/auth/tokens';
import type { Role } from './lib/api/types';

const apiUrl = (process.env.API_URL ?? 'http://127.0.0.1:4000').replace(/\/+$/, '');

/** Areas that need a session, and the roles allowed in each. The server checks again. */
const areas: { prefix: string; roles: Role[] }[] = [
  { prefix: '/account', roles: ['customer', 'seller', 'admin'] },
  { prefix: '/seller', roles: ['seller', 'admin'] },
  { prefix: '/admin', roles: ['admin'] },
];

let health = { isUp: true, checkedAt: 0 };

/** Is the API reachable? Asked at most every 5 s while up, every second while down. */
async function isApiUp(): Promise<boolean> {
  const age = Date.now() - health.checkedAt;
  if (age < (health.isUp ? 5000 : 1000)) return health.isUp;
  let isUp = false;
  try {
    const res = await fetch(`${apiUrl}/healthz`, { signal: AbortSignal.timeout(2000), cache: 'no-store' });
    isUp = res.ok;
  } catch {
    isUp = false;
  }
  health = { isUp, checkedAt: Date.now() };
  return isUp;
}

const unavailableHtml = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Back soon · Soko</title><meta http-equiv="refresh" content="15"><style>body{font-family:system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f8fafc;color:#0f172a}main{max-width:28rem;padding:2rem;text-align:center}h1{font-size:1.5rem}p{color:#475569;line-height:1.5}a{color:#0f766e;font-weight:600}</style></head><body><main><p style="font-size:2.5rem;margin:0" aria-hidden="true">🛠️</p><h1>Soko will be right back</h1><p>The shop is taking a short break. Your account is safe — please try again in a moment.</p><p><a href="">Try again</a></p></main></body></html>`;

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const isPage = request.method === 'GET' && !pathname.startsWith('/api/');
  if (isPage && !(await isApiUp())) {
    return new NextResponse(unavailableHtml, {
      status: 503,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'retry-after': '15',
        'cache-control': 'no-store',
      },
    });
  }

  let access = request.cookies.get(ACCESS_COOKIE)?.value;
  const refresh = request.cookies.get(REFRESH_COOKIE)?.value;
  const toSet: ReturnType<typeof pairCookies> = [];
  const toDelete: string[] = [];

  if (isAccessStale(access)) {
    if (refresh) {
      const outcome = await refreshFresh(refresh);
      if (outcome.ok) {
        access = outcome.pair.accessToken;
        toSet.push(...pairCookies(outcome.pair));
      } else if (outcome.reason === 'invalid') {
        access = undefined;
        toDelete.push(ACCESS_COOKIE, REFRESH_COOKIE);
      }
    } else if (access) {
      access = undefined;
      toDelete.push(ACCESS_COOKIE);
    }
  }

  const claims = readAccessClaims(access);
  const area = areas.find((a) => pathname === a.prefix || pathname.startsWith(`${a.prefix}/`));
  let redirectTo: string | null = null;
  if (area) {
    if (request.cookies.get(PENDING_EMAIL_COOKIE)?.value) redirectTo = '/verify';
    else if (!claims) redirectTo = `/sign-in?next=${encodeURIComponent(pathname + search)}`;
    else if (!area.roles.includes(claims.role)) redirectTo = '/account?denied=1';
  }

  let response: NextResponse;
  if (redirectTo) {
    response = NextResponse.redirect(new URL(redirectTo, request.url));
  } else {
    // The pages rendered for this request must see the new tokens, not the ones the browser sent.
    for (const c of toSet) request.cookies.set(c.name, c.value);
    for (const name of toDelete) request.cookies.delete(name);
    response = NextResponse.next({ request: { headers: request.headers } });
  }
  for (const c of toSet) response.cookies.set(c);
  for (const name of toDelete) response.cookies.delete(name);
  return response;
}

export const config = {
  matcher: [
    '/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt|sitemap.xml|fonts/|api/revalidate|api/suggest).*)',
  ],
};
