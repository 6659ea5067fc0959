import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { authenticator } from 'otplib';
import { describe, expect, it } from 'vitest';
import { otpChallenges, passwordResets } from '../../db/schema/auth.js';
import { users } from '../../db/schema/users.js';
import { buildTestApp } from '../../test/harness.js';
import { FACTORY_PASSWORD, makeUser } from '../../test/factories.js';
import type { SunkMail } from '../../test/smtp-sink.js';
import { createTokenVerifier } from './index.js';
import { AUDIENCE, ISSUER, signAccessToken } from './tokens.js';

const t = await buildTestApp();
const PASSWORD = 'correct horse battery';
const randomIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
let seq = 0;
const freshEmail = () => `auth${++seq}-${randomInt(1e9)}@example.com`;

type Opts = { ip?: string; headers?: Record<string, string> };
const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, opts: Opts = {}) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    ...(payload === undefined ? {} : { payload: payload as object }),
    headers: opts.headers ?? {},
    // A fresh IP per call unless a test pins one, so per-IP limits (shared in Redis) never leak between tests.
    remoteAddress: opts.ip ?? randomIp(),
  });
const post = (url: string, payload?: unknown, opts?: Opts) => call('POST', url, payload, opts);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const seen = new Set<SunkMail>();
/** The next not-yet-read mail to `email` whose subject contains `subject`. */
async function nextMail(email: string, subject: string) {
  const m = await t.mail.waitFor(email, (x) => !seen.has(x) && x.subject.includes(subject));
  seen.add(m);
  return m;
}
const codeIn = (m: SunkMail) => /(\d{6})/.exec(m.subject)![1]!;

async function registerVerified(overrides: Record<string, unknown> = {}) {
  const email = freshEmail();
  const res = await post('/auth/register', { email, password: PASSWORD, name: 'Wanjiku', ...overrides });
  expect(res.statusCode).toBe(201);
  const code = codeIn(await nextMail(email, 'verification'));
  const verified = await post('/auth/otp/verify', { email, code, purpose: 'verify_email' });
  expect(verified.statusCode).toBe(200);
  return { email, user: res.json().user as { id: string } };
}

async function loginTokens(identifier: string, password = PASSWORD, opts?: Opts) {
  const res = await post('/auth/login', { identifier, password }, opts);
  expect(res.statusCode).toBe(200);
  return res.json() as { accessToken: string; refreshToken: string; user: { id: string } };
}

describe('register and verify', () => {
  it('a new account is pending, gets a mailed code, cannot log in until verified, then can', async () => {
    const email = freshEmail();
    const res = await post('/auth/register', {
      email: email.toUpperCase(),
      password: PASSWORD,
      name: 'Amina',
      username: 'amina_k',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      next: 'verify_email',
      user: {
        email,
        username: 'amina_k',
        role: 'customer',
        status: 'pending_verification',
        emailVerified: false,
        sellerStatus: null,
        twoFactor: { method: null },
      },
    });
    const mail = await nextMail(email, 'verification');
    const code = codeIn(mail);
    expect(mail.text).toContain(code);
    expect(mail.html).toContain(code);

    const early = await post('/auth/login', { identifier: 'amina_k', password: PASSWORD });
    expect(early.statusCode).toBe(403);
    expect(early.json().code).toBe('email_not_verified');
    expect(early.json().email).toBe(email);
    expect(early.json().accessToken).toBeUndefined();
    const wrongPassword = await post('/auth/login', { identifier: 'amina_k', password: 'not the password' });
    expect(wrongPassword.statusCode).toBe(401);
    expect(wrongPassword.json().email).toBeUndefined();

    const verified = await post('/auth/otp/verify', { email, code, purpose: 'verify_email' });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().user).toMatchObject({ status: 'active', emailVerified: true });

    const byUsername = await loginTokens('AMINA_K');
    expect(byUsername.accessToken).toBeTruthy();
    const me = await call('GET', '/auth/me', undefined, { headers: bearer(byUsername.accessToken) });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe(email);
  });

  it('stores the code hashed, never in clear', async () => {
    const email = freshEmail();
    const res = await post('/auth/register', { email, password: PASSWORD, name: 'Hash' });
    const code = codeIn(await nextMail(email, 'verification'));
    const [row] = await t.db.select().from(otpChallenges).where(eq(otpChallenges.userId, res.json().user.id));
    expect(row!.codeHash).not.toContain(code);
    expect(row!.codeHash).toHaveLength(64);
  });

  it('role admin, status or emailVerified at register are refused and change nothing', async () => {
    for (const extra of [
      { role: 'admin' },
      { status: 'active' },
      { emailVerified: true },
      { sellerStatus: 'approved' },
    ]) {
      const email = freshEmail();
      const res = await post('/auth/register', { email, password: PASSWORD, name: 'Eve', ...extra });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('validation_failed');
      expect(await t.db.select().from(users).where(eq(users.email, email))).toHaveLength(0);
    }
  });

  it('a seller starts pending approval', async () => {
    const res = await post('/auth/register', {
      email: freshEmail(),
      password: PASSWORD,
      name: 'Shop',
      role: 'seller',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().user).toMatchObject({ role: 'seller', sellerStatus: 'pending' });
  });

  it('duplicate email is 409 email_taken, duplicate username 409 username_taken', async () => {
    const email = freshEmail();
    await post('/auth/register', { email, password: PASSWORD, name: 'One', username: `dup_${seq}` });
    const again = await post('/auth/register', {
      email: email.toUpperCase(),
      password: PASSWORD,
      name: 'Two',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('email_taken');
    const user2 = await post('/auth/register', {
      email: freshEmail(),
      password: PASSWORD,
      name: 'Three',
      username: `dup_${seq - 1}`,
    });
    expect(user2.statusCode).toBe(409);
    expect(user2.json().code).toBe('username_taken');
  });

  it('refuses short, long and common passwords and bad usernames', async () => {
    for (const body of [
      { password: 'short1' },
      { password: 'x'.repeat(129) },
      { password: 'Password123' },
      { username: 'ab' },
      { username: 'Has-Dash' },
    ]) {
      const res = await post('/auth/register', {
        email: freshEmail(),
        password: PASSWORD,
        name: 'N',
        ...body,
      });
      expect(res.statusCode).toBe(400);
    }
  });

  it('five wrong codes lock the code: the fifth and then even the right code answer otp_locked', async () => {
    const email = freshEmail();
    await post('/auth/register', { email, password: PASSWORD, name: 'Brute' });
    const code = codeIn(await nextMail(email, 'verification'));
    const wrong = code === '000000' ? '111111' : '000000';
    const answers: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      answers.push(
        (await post('/auth/otp/verify', { email, code: wrong, purpose: 'verify_email' })).json().code,
      );
    }
    expect(answers).toEqual(['otp_invalid', 'otp_invalid', 'otp_invalid', 'otp_invalid', 'otp_locked']);
    const right = await post('/auth/otp/verify', { email, code, purpose: 'verify_email' });
    expect(right.statusCode).toBe(401);
    expect(right.json().code).toBe('otp_locked');

    // A new code (after the cooldown) works.
    await t.platform.limiter.reset(`auth:resend:verify_email:${email}`);
    expect((await post('/auth/otp/resend', { email, purpose: 'verify_email' })).statusCode).toBe(202);
    const fresh = codeIn(await nextMail(email, 'verification'));
    expect((await post('/auth/otp/verify', { email, code: fresh, purpose: 'verify_email' })).statusCode).toBe(
      200,
    );
  });

  it('an expired code answers otp_expired', async () => {
    const email = freshEmail();
    const res = await post('/auth/register', { email, password: PASSWORD, name: 'Late' });
    const code = codeIn(await nextMail(email, 'verification'));
    await t.db
      .update(otpChallenges)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(otpChallenges.userId, res.json().user.id));
    const late = await post('/auth/otp/verify', { email, code, purpose: 'verify_email' });
    expect(late.statusCode).toBe(401);
    expect(late.json().code).toBe('otp_expired');
  });

  it('resend inside 30 s is 429 with Retry-After; for an unknown email it answers like a known one', async () => {
    const email = freshEmail();
    await post('/auth/register', { email, password: PASSWORD, name: 'Again' });
    const soon = await post('/auth/otp/resend', { email, purpose: 'verify_email' });
    expect(soon.statusCode).toBe(429);
    expect(soon.json().code).toBe('rate_limited');
    expect(Number(soon.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(soon.headers['retry-after'])).toBeLessThanOrEqual(30);

    const unknown = freshEmail();
    const first = await post('/auth/otp/resend', { email: unknown, purpose: 'verify_email' });
    expect(first.statusCode).toBe(202);
    expect((await post('/auth/otp/resend', { email: unknown, purpose: 'verify_email' })).statusCode).toBe(
      429,
    );
  });
});

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

describe('refresh, logout, sessions', () => {
  it('refresh rotates; presenting the old token again revokes the whole family (token_reused)', async () => {
    const { email } = await registerVerified();
    const first = await loginTokens(email);
    const second = await post('/auth/refresh', { refreshToken: first.refreshToken });
    expect(second.statusCode).toBe(200);
    const pair = second.json();
    expect(pair.refreshToken).not.toBe(first.refreshToken);
    expect(pair.expiresIn).toBe(t.config.accessTokenTtlSeconds);

    const reuse = await post('/auth/refresh', { refreshToken: first.refreshToken });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().code).toBe('token_reused');
    // The family is dead: the newest refresh token and the live access token fail too.
    expect((await post('/auth/refresh', { refreshToken: pair.refreshToken })).statusCode).toBe(401);
    expect((await call('GET', '/auth/me', undefined, { headers: bearer(pair.accessToken) })).statusCode).toBe(
      401,
    );
  });

  it('an unknown refresh token is 401 token_invalid', async () => {
    const res = await post('/auth/refresh', { refreshToken: 'not-a-real-token' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('token_invalid');
  });

  it('logout ends the session: its refresh and access tokens stop working', async () => {
    const { email } = await registerVerified();
    const pair = await loginTokens(email);
    expect((await post('/auth/logout', { refreshToken: pair.refreshToken })).statusCode).toBe(204);
    expect((await post('/auth/refresh', { refreshToken: pair.refreshToken })).statusCode).toBe(401);
    expect((await call('GET', '/auth/me', undefined, { headers: bearer(pair.accessToken) })).statusCode).toBe(
      401,
    );
  });

  it('lists sessions with device and revokes one; another user’s session is 404', async () => {
    const { email } = await registerVerified();
    const firefox = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
    const a = await post(
      '/auth/login',
      { identifier: email, password: PASSWORD },
      { headers: { 'user-agent': firefox } },
    );
    const b = await loginTokens(email);
    const list = await call('GET', '/auth/sessions', undefined, { headers: bearer(b.accessToken) });
    expect(list.statusCode).toBe(200);
    expect(list.json().total).toBe(2);
    const other = list.json().items.find((s: { current: boolean }) => !s.current);
    expect(other.device).toBe('Firefox on Windows');
    expect(other.lastUsedAt).toBeTruthy();

    const stranger = await makeUser(t);
    expect(
      (await call('DELETE', `/auth/sessions/${other.id}`, undefined, { headers: stranger.auth })).statusCode,
    ).toBe(404);
    expect(
      (await call('DELETE', `/auth/sessions/${other.id}`, undefined, { headers: bearer(b.accessToken) }))
        .statusCode,
    ).toBe(204);
    expect(
      (await call('GET', '/auth/me', undefined, { headers: bearer(a.json().accessToken) })).statusCode,
    ).toBe(401);
    expect((await call('GET', '/auth/me', undefined, { headers: bearer(b.accessToken) })).statusCode).toBe(
      200,
    );
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
    const a = await makeUser(t, { username: `taken_${seq++}` });
    const b = await makeUser(t);
    const res = await call('PATCH', '/auth/me', { username: a.user.username }, { headers: b.auth });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('username_taken');
  });
});

describe('passwords', () => {
  it('reset answers the same for known and unknown emails, mails a single-use link, and revokes all sessions', async () => {
    const { email } = await registerVerified();
    const pair = await loginTokens(email);
    const known = await post('/auth/password/reset', { email });
    const unknown = await post('/auth/password/reset', { email: freshEmail() });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);

    const mail = await nextMail(email, 'Reset');
    const link = /http:\/\/localhost:3999\/reset-password\?token=([\w%-]+)/.exec(mail.text)!;
    expect(mail.html).toContain('reset-password?token=');
    const token = decodeURIComponent(link[1]!);
    const newPassword = 'a brand new passphrase';
    expect((await post('/auth/password/reset/confirm', { token, password: newPassword })).statusCode).toBe(
      204,
    );
    const again = await post('/auth/password/reset/confirm', { token, password: 'yet another passphrase' });
    expect(again.statusCode).toBe(401);
    expect(again.json().code).toBe('token_invalid');

    expect((await post('/auth/refresh', { refreshToken: pair.refreshToken })).statusCode).toBe(401);
    expect((await call('GET', '/auth/me', undefined, { headers: bearer(pair.accessToken) })).statusCode).toBe(
      401,
    );
    await loginTokens(email, newPassword);
    await nextMail(email, 'changed');
  });

  it('an expired reset token answers token_expired', async () => {
    const { email, user } = await registerVerified();
    await post('/auth/password/reset', { email });
    const mail = await nextMail(email, 'Reset');
    const token = decodeURIComponent(/token=([\w%-]+)/.exec(mail.text)![1]!);
    await t.db
      .update(passwordResets)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(passwordResets.userId, user.id));
    const res = await post('/auth/password/reset/confirm', { token, password: 'too late passphrase' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('token_expired');
  });

  it('change needs the current password and revokes the other sessions, keeping this one', async () => {
    const { email } = await registerVerified();
    const other = await loginTokens(email);
    const mine = await loginTokens(email);
    const wrong = await post(
      '/auth/password/change',
      { currentPassword: 'not it at all', newPassword: 'fresh passphrase 1' },
      { headers: bearer(mine.accessToken) },
    );
    expect(wrong.statusCode).toBe(401);
    const common = await post(
      '/auth/password/change',
      { currentPassword: PASSWORD, newPassword: 'password123' },
      { headers: bearer(mine.accessToken) },
    );
    expect(common.statusCode).toBe(400);
    const ok = await post(
      '/auth/password/change',
      { currentPassword: PASSWORD, newPassword: 'fresh passphrase 1' },
      { headers: bearer(mine.accessToken) },
    );
    expect(ok.statusCode).toBe(204);
    expect(
      (await call('GET', '/auth/me', undefined, { headers: bearer(other.accessToken) })).statusCode,
    ).toBe(401);
    expect((await call('GET', '/auth/me', undefined, { headers: bearer(mine.accessToken) })).statusCode).toBe(
      200,
    );
    expect((await post('/auth/refresh', { refreshToken: mine.refreshToken })).statusCode).toBe(200);
    await nextMail(email, 'changed');
  });
});

describe('two-factor', () => {
  it('TOTP: setup, enable, login asks for a code, accepts the TOTP code and a backup code once', async () => {
    const { email } = await registerVerified();
    const { accessToken } = await loginTokens(email);
    const setup = await post('/auth/2fa/totp/setup', undefined, { headers: bearer(accessToken) });
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUrl, qrCodeDataUrl } = setup.json();
    expect(otpauthUrl).toContain('otpauth://totp/');
    expect(qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(
      (await post('/auth/2fa/totp/enable', { code: '000000' }, { headers: bearer(accessToken) })).statusCode,
    ).toBe(401);
    const enabled = await post(
      '/auth/2fa/totp/enable',
      { code: authenticator.generate(secret) },
      { headers: bearer(accessToken) },
    );
    expect(enabled.statusCode).toBe(200);
    const { backupCodes } = enabled.json();
    expect(backupCodes).toHaveLength(10);

    const step1 = await post('/auth/login', { identifier: email, password: PASSWORD });
    expect(step1.json()).toMatchObject({ otpRequired: true, method: 'totp' });
    expect(step1.json().accessToken).toBeUndefined();
    const viaTotpCode = authenticator.generate(secret);
    const viaTotp = await post('/auth/otp/verify', {
      email,
      purpose: 'login',
      challengeId: step1.json().challengeId,
      code: viaTotpCode,
    });
    expect(viaTotp.statusCode).toBe(200);
    expect(viaTotp.json().accessToken).toBeTruthy();
    // The same code again (a replay within its 30 s) is refused like a wrong one.
    const again = await post('/auth/login', { identifier: email, password: PASSWORD });
    const replay = await post('/auth/otp/verify', {
      email,
      purpose: 'login',
      challengeId: again.json().challengeId,
      code: viaTotpCode,
    });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('otp_invalid');

    const step2 = await post('/auth/login', { identifier: email, password: PASSWORD });
    const viaBackup = await post('/auth/otp/verify', {
      email,
      purpose: 'login',
      challengeId: step2.json().challengeId,
      code: backupCodes[0].toUpperCase(),
    });
    expect(viaBackup.statusCode).toBe(200);
    const step3 = await post('/auth/login', { identifier: email, password: PASSWORD });
    const reused = await post('/auth/otp/verify', {
      email,
      purpose: 'login',
      challengeId: step3.json().challengeId,
      code: backupCodes[0],
    });
    expect(reused.statusCode).toBe(401);
    expect(reused.json().code).toBe('otp_invalid');
  });

  it('email: login mails a code that completes it; the wrong challenge id fails; five wrong codes lock it', async () => {
    const { email } = await registerVerified({ username: `otp_${Date.now() % 1_000_000}` });
    const ip = randomIp();
    const { accessToken } = await loginTokens(email);
    expect(
      (await post('/auth/2fa/email/enable', { password: 'wrong wrong' }, { headers: bearer(accessToken) }))
        .statusCode,
    ).toBe(401);
    expect(
      (await post('/auth/2fa/email/enable', { password: PASSWORD }, { headers: bearer(accessToken) }))
        .statusCode,
    ).toBe(204);

    const username = (await call('GET', '/auth/me', undefined, { headers: bearer(accessToken) })).json().user
      .username;
    const step = await post('/auth/login', { identifier: username, password: PASSWORD });
    expect(step.json()).toMatchObject({ otpRequired: true, method: 'email', email });
    const code = codeIn(await nextMail(email, 'sign-in'));
    const wrongChallenge = await post(
      '/auth/otp/verify',
      { email, purpose: 'login', challengeId: '00000000-0000-4000-8000-000000000000', code },
      { ip },
    );
    expect(wrongChallenge.statusCode).toBe(401);
    const done = await post(
      '/auth/otp/verify',
      { email, purpose: 'login', challengeId: step.json().challengeId, code },
      { ip },
    );
    expect(done.statusCode).toBe(200);
    expect(done.json().refreshToken).toBeTruthy();

    const next = await post('/auth/login', { identifier: email, password: PASSWORD });
    const code2 = codeIn(await nextMail(email, 'sign-in'));
    const wrong = code2 === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i += 1) {
      await post(
        '/auth/otp/verify',
        { email, purpose: 'login', challengeId: next.json().challengeId, code: wrong },
        { ip },
      );
    }
    const locked = await post(
      '/auth/otp/verify',
      { email, purpose: 'login', challengeId: next.json().challengeId, code: code2 },
      { ip },
    );
    expect(locked.json().code).toBe('otp_locked');

    expect(
      (await post('/auth/2fa/disable', { password: PASSWORD }, { headers: bearer(done.json().accessToken) }))
        .statusCode,
    ).toBe(204);
    const plain = await post('/auth/login', { identifier: email, password: PASSWORD });
    expect(plain.json().accessToken).toBeTruthy();
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
