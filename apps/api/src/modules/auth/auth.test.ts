import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { users } from '../../db/schema/users.js';
import { buildTestApp } from '../../test/harness.js';
import { FACTORY_PASSWORD, makeUser } from '../../test/factories.js';
import { createTokenVerifier } from './index.js';
import { AUDIENCE, ISSUER, signAccessToken } from './tokens.js';
import { authClient } from './auth.test-client.js';

const t = await buildTestApp();
const { PASSWORD, randomIp, freshEmail, call, post, bearer, registerVerified, loginTokens } = authClient(t);

describe('login', () => {
  it('an unknown account and a wrong password get the same status and body', async () => {
    const { email } = await registerVerified();
    const ip = randomIp();
    const wrong = await post('/auth/login', { identifier: email, password: 'wrong password!' }, { ip });
    const unknown = await post(
      '/auth/login',
      { identifier: freshEmail(), password: 'wrong password!' },
      { ip },
    );
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().code).toBe('invalid_credentials');
  });

  it('two typos then the right password is never limited', async () => {
    const { email } = await registerVerified();
    const ip = randomIp();
    for (let i = 0; i < 2; i += 1) {
      expect(
        (await post('/auth/login', { identifier: email, password: 'typo typo' }, { ip })).statusCode,
      ).toBe(401);
    }
    await loginTokens(email, PASSWORD, { ip });
  });

  it('one account with repeated wrong passwords is limited: 429 with Retry-After, even for the right password', async () => {
    const { email } = await registerVerified();
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      statuses.push(
        (await post('/auth/login', { identifier: email, password: 'nope nope' }, { ip: randomIp() }))
          .statusCode,
      );
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    const right = await post('/auth/login', { identifier: email, password: PASSWORD }, { ip: randomIp() });
    expect(right.statusCode).toBe(429);
    expect(right.json().code).toBe('rate_limited');
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('an unknown identifier is limited the same way as a known account', async () => {
    const ghost = freshEmail();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      statuses.push(
        (await post('/auth/login', { identifier: ghost, password: 'nope nope' }, { ip: randomIp() }))
          .statusCode,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('one IP with many failed logins is limited before 30', async () => {
    const ip = randomIp();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      statuses.push(
        (await post('/auth/login', { identifier: freshEmail(), password: 'nope nope' }, { ip })).statusCode,
      );
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(15);
    const last = await post('/auth/login', { identifier: freshEmail(), password: 'nope nope' }, { ip });
    expect(last.statusCode).toBe(429);
    expect(last.headers['retry-after']).toBeDefined();
  });

  it('a disabled account answers 403 account_disabled with the right password', async () => {
    const { email, user } = await registerVerified();
    await t.db.update(users).set({ status: 'disabled' }).where(eq(users.id, user.id));
    const res = await post('/auth/login', { identifier: email, password: PASSWORD });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('account_disabled');
  });
});

describe('access tokens', () => {
  const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());
  const me = (token: string) => call('GET', '/auth/me', undefined, { headers: bearer(token) });

  it('refuses alg none, another key, a modified payload and an expired token', async () => {
    const { accessToken, user } = await makeUser(t);
    const claims = payloadOf(accessToken);
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, role: 'admin' })}.`;
    const otherKey = await signAccessToken(
      { sub: user.id, role: 'admin', sid: claims.sid },
      'another-secret-another-secret-another-secret',
      900,
    );
    const [h, , s] = accessToken.split('.');
    const modified = `${h}.${b64({ ...claims, role: 'admin' })}.${s}`;
    const expired = await signAccessToken(
      { sub: user.id, role: 'customer', sid: claims.sid },
      t.config.jwtSecret,
      60,
      new Date(Date.now() - 3600_000),
    );
    const wrongAudience = await new SignJWT({ role: 'customer', sid: claims.sid })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer(ISSUER)
      .setAudience(`${AUDIENCE}-other`)
      .setJti('x')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(t.config.jwtSecret));
    for (const token of [none, otherKey, modified, wrongAudience]) {
      const res = await me(token);
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('token_invalid');
    }
    const exp = await me(expired);
    expect(exp.statusCode).toBe(401);
    expect(exp.json().code).toBe('token_expired');
    expect((await me(accessToken)).statusCode).toBe(200);
  });

  it('a disabled user’s live access token gets 401 at once', async () => {
    const { accessToken, user } = await makeUser(t);
    expect((await me(accessToken)).statusCode).toBe(200);
    await t.db.update(users).set({ status: 'disabled' }).where(eq(users.id, user.id));
    expect((await me(accessToken)).statusCode).toBe(401);
  });

  it('the verifier costs one query per request', async () => {
    const { accessToken } = await makeUser(t, { role: 'seller', sellerStatus: 'pending' });
    const verify = createTokenVerifier(t.platform);
    const { result, count } = await t.countQueries(() => verify(accessToken));
    expect(count).toBe(1);
    expect(result).toMatchObject({ role: 'seller', sellerStatus: 'pending' });
  });

  it('no token is 401 not_authenticated', async () => {
    const res = await call('GET', '/auth/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('not_authenticated');
  });
});

describe('PATCH /auth/me', () => {
  it('changes name and username; role, status and emailVerified are refused and change nothing', async () => {
    const { accessToken, user } = await makeUser(t);
    for (const body of [
      { role: 'admin' },
      { status: 'active' },
      { emailVerified: false },
      { name: 'X', role: 'admin' },
    ]) {
      const res = await call('PATCH', '/auth/me', body, { headers: bearer(accessToken) });
      expect(res.statusCode).toBe(400);
    }
    const [row] = await t.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.role).toBe('customer');
    const ok = await call(
      'PATCH',
      '/auth/me',
      { name: 'New Name', username: `me_${user.id.slice(0, 8)}` },
      { headers: bearer(accessToken) },
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user).toMatchObject({ name: 'New Name', role: 'customer' });
  });

  it('a taken username is 409 username_taken', async () => {
    const a = await makeUser(t, { username: `taken_${randomInt(1e9)}` });
    const b = await makeUser(t);
    const res = await call('PATCH', '/auth/me', { username: a.user.username }, { headers: b.auth });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('username_taken');
  });
});

describe('factories', () => {
  it('makeUser tokens pass the verifier', async () => {
    const u = await makeUser(t, { role: 'admin' });
    const res = await call('GET', '/auth/me', undefined, { headers: u.auth });
    expect(res.statusCode).toBe(200);
    expect(FACTORY_PASSWORD).toBeTruthy();
  });
});
