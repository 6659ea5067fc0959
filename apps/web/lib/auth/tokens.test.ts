import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TokenPair } from '../api/types';

// A stand-in for the API's POST /api/v1/auth/refresh: each refresh token answers what the test
// set for it (a pair, or a status), and every exchange is counted, as the API would see it.
const answers = new Map<string, TokenPair | number>();
const exchanges: string[] = [];
let server: Server;
let tokens: typeof import('./tokens');

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const { refreshToken } = JSON.parse(body) as { refreshToken: string };
      exchanges.push(refreshToken);
      const answer = answers.get(refreshToken) ?? 401;
      const status = typeof answer === 'number' ? answer : 200;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(typeof answer === 'number' ? { status, title: 'no' } : answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // tokens.ts reads API_URL when it is first imported.
  vi.stubEnv('API_URL', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  tokens = await import('./tokens');
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

afterEach(() => {
  vi.useRealTimers();
  exchanges.length = 0;
});

let serial = 0;
/** An access token expiring `inSeconds` from now (claims only: the web never checks signatures). */
function accessToken(inSeconds: number) {
  const claims = { sub: 'u1', role: 'customer', exp: Math.floor(Date.now() / 1000) + inSeconds, n: ++serial };
  return `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;
}
/** A pair the API hands out for `from`, with a new refresh token (rotation). */
function rotate(from: string, accessLife: number): TokenPair {
  const pair = {
    accessToken: accessToken(accessLife),
    refreshToken: `${from}>`,
    expiresIn: accessLife,
    user,
  };
  answers.set(from, pair);
  return pair;
}
const unique = (name: string) => `${name}-${++serial}`;
const user: TokenPair['user'] = {
  id: '00000000-0000-4000-8000-000000000001',
  email: 'wanjiru@example.com',
  username: null,
  name: 'Wanjiru',
  role: 'customer',
  status: 'active',
  sellerStatus: null,
  emailVerified: true,
  twoFactor: { method: null },
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('refreshFresh', () => {
  it('answers the first exchange when its access token is fresh, exchanging once', async () => {
    const rt = unique('rt');
    const pair = rotate(rt, 900);
    expect(await tokens.refreshFresh(rt)).toEqual({ ok: true, pair });
    expect(exchanges).toEqual([rt]);
  });

  it('follows the rotation chain when the remembered pair’s access token has expired since', async () => {
    const rt = unique('rt');
    const first = rotate(rt, 30);
    expect(await tokens.refreshOnce(rt)).toEqual({ ok: true, pair: first });
    // 40 s later a request still carrying the old cookie: the pair remembered for `rt` holds an
    // expired access token, so the chain is followed to its newer refresh token (exchanged once).
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 40_000);
    const second = rotate(first.refreshToken, 900);
    expect(await tokens.refreshFresh(rt)).toEqual({ ok: true, pair: second });
    expect(exchanges).toEqual([rt, first.refreshToken]);
    // Asked again: everything is remembered, nothing is exchanged twice.
    expect(await tokens.refreshFresh(rt)).toEqual({ ok: true, pair: second });
    expect(exchanges).toEqual([rt, first.refreshToken]);
  });

  it('moves past the access token the caller was refused with (`notToken`)', async () => {
    const rt = unique('rt');
    const first = rotate(rt, 900);
    await tokens.refreshOnce(rt);
    const second = rotate(first.refreshToken, 900);
    expect(await tokens.refreshFresh(rt, first.accessToken)).toEqual({ ok: true, pair: second });
    expect(await tokens.refreshFresh(rt, 'some-other-token')).toEqual({ ok: true, pair: first });
  });

  it('stops after a few hops even if every answer is already stale', async () => {
    const rt = unique('rt');
    let from = rt;
    for (let i = 0; i < 10; i++) from = rotate(from, -10).refreshToken;
    const outcome = await tokens.refreshFresh(rt);
    expect(outcome.ok).toBe(true);
    expect(exchanges).toHaveLength(5);
  });

  it('passes a refusal or an outage on, also in the middle of the chain', async () => {
    const refused = unique('rt');
    answers.set(refused, 401);
    expect(await tokens.refreshFresh(refused)).toEqual({ ok: false, reason: 'invalid' });

    const down = unique('rt');
    answers.set(down, 503);
    expect(await tokens.refreshFresh(down)).toEqual({ ok: false, reason: 'unavailable' });

    const rt = unique('rt');
    const stale = rotate(rt, -10);
    answers.set(stale.refreshToken, 401);
    expect(await tokens.refreshFresh(rt)).toEqual({ ok: false, reason: 'invalid' });
    expect(exchanges.slice(-2)).toEqual([rt, stale.refreshToken]);
  });

  it('exchanges a refresh token once however many requests follow the chain at the same time', async () => {
    const rt = unique('rt');
    const first = rotate(rt, -10);
    const second = rotate(first.refreshToken, 900);
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => tokens.refreshFresh(rt)));
    expect(outcomes).toEqual(Array(4).fill({ ok: true, pair: second }));
    expect(exchanges).toEqual([rt, first.refreshToken]);
  });
});
