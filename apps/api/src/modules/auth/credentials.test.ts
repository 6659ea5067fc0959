import { eq } from 'drizzle-orm';
import { authenticator } from 'otplib';
import { describe, expect, it } from 'vitest';
import { passwordResets } from '../../db/schema/auth.js';
import { buildTestApp } from '../../test/harness.js';
import { makeUser } from '../../test/factories.js';

import { authClient } from './auth.test-client.js';

const t = await buildTestApp();
const {
  PASSWORD,
  randomIp,
  freshEmail,
  call,
  post,
  bearer,
  nextMail,
  codeIn,
  registerVerified,
  loginTokens,
} = authClient(t);

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

/** The code an authenticator app shows `steps` 30 s steps from now (1: the next one). */
const totpCode = (secret: string, steps = 0) =>
  authenticator.clone({ epoch: Date.now() + steps * 30_000 }).generate(secret);

/** A signed-in account with TOTP just turned on by `enableCode(secret)`. */
async function withTotpOn(enableCode: (secret: string) => string = totpCode) {
  const { email } = await registerVerified();
  const { accessToken } = await loginTokens(email);
  const { secret } = (await post('/auth/2fa/totp/setup', undefined, { headers: bearer(accessToken) })).json();
  const code = enableCode(secret);
  const enabled = await post('/auth/2fa/totp/enable', { code }, { headers: bearer(accessToken) });
  expect(enabled.statusCode).toBe(200);
  return { email, secret, code };
}

/** Signs in with the password and answers the TOTP challenge with `code`. */
async function signInWithTotp(email: string, code: string) {
  const step = await post('/auth/login', { identifier: email, password: PASSWORD });
  expect(step.json()).toMatchObject({ otpRequired: true, method: 'totp' });
  return post('/auth/otp/verify', { email, purpose: 'login', challengeId: step.json().challengeId, code });
}

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
    // The enrolment code's step is spent: sign in with the app's next code.
    const viaTotpCode = totpCode(secret, 1);
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

  it('the code that turned TOTP on does not sign in again within its 30 s (RFC 6238 §5.2); the next code does', async () => {
    const { email, secret, code } = await withTotpOn();
    const replay = await signInWithTotp(email, code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('otp_invalid');
    expect((await signInWithTotp(email, totpCode(secret, 1))).statusCode).toBe(200);
  });

  it('one enrolment code turns TOTP on once: the same code sent twice at once succeeds once', async () => {
    const { email } = await registerVerified();
    const { accessToken } = await loginTokens(email);
    const { secret } = (
      await post('/auth/2fa/totp/setup', undefined, { headers: bearer(accessToken) })
    ).json();
    const code = totpCode(secret);
    const answers = await Promise.all(
      [1, 2].map(() => post('/auth/2fa/totp/enable', { code }, { headers: bearer(accessToken) })),
    );
    // The loser is refused (401 the step is spent, or 403 TOTP is already on, by when it looked).
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(1);
  });

  it('a code from the previous 30 s step still counts (the time it takes to type it); two steps back does not', async () => {
    // Made early in a step, so the server checks it in that same step even on a slow machine.
    const left = 30_000 - (Date.now() % 30_000);
    if (left < 5_000) await new Promise((r) => setTimeout(r, left + 50));
    const { email, secret } = await withTotpOn((s) => totpCode(s, -1));
    expect((await signInWithTotp(email, totpCode(secret, -2))).statusCode).toBe(401);
    expect((await signInWithTotp(email, totpCode(secret))).statusCode).toBe(200);
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
