import { randomInt } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { otpChallenges } from '../../db/schema/auth.js';
import { users } from '../../db/schema/users.js';
import { buildTestApp } from '../../test/harness.js';
import { authClient } from './auth.test-client.js';

const t = await buildTestApp();
const { PASSWORD, freshEmail, call, post, bearer, nextMail, codeIn, loginTokens } = authClient(t);

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
    const username = `dup_${randomInt(1e9)}`;
    await post('/auth/register', { email, password: PASSWORD, name: 'One', username });
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
      username,
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

  it('signing in after the code expired mails a new one (once per 30 s) that verifies; a wrong password mails none', async () => {
    const email = freshEmail();
    const res = await post('/auth/register', { email, password: PASSWORD, name: 'Later' });
    const userId: string = res.json().user.id;
    const expired = codeIn(await nextMail(email, 'verification'));
    /** The account's unconsumed verification challenge: a new code replaces it. */
    const challenge = async () => {
      const [row] = await t.db
        .select()
        .from(otpChallenges)
        .where(and(eq(otpChallenges.userId, userId), isNull(otpChallenges.consumedAt)));
      return row!;
    };
    const expire = () =>
      t.db
        .update(otpChallenges)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(otpChallenges.userId, userId));
    const signIn = async (password = PASSWORD) =>
      (await post('/auth/login', { identifier: email, password })).json().code;
    await expire();
    // The registration mail started the 30 s cooldown; pretend it has passed.
    await t.platform.limiter.reset(`auth:resend:verify_email:${email}`);

    const before = await challenge();
    expect(await signIn('not the password')).toBe('invalid_credentials');
    expect(await challenge()).toEqual(before);

    expect(await signIn()).toBe('email_not_verified');
    const fresh = codeIn(await nextMail(email, 'verification'));
    const mailed = await challenge();
    expect(mailed.id).not.toBe(before.id);
    // While that code is good, signing in again mails nothing more.
    expect(await signIn()).toBe('email_not_verified');
    expect(await challenge()).toEqual(mailed);
    // Within 30 s of the last mail, not even an expired code brings another.
    await expire();
    expect(await signIn()).toBe('email_not_verified');
    expect((await challenge()).id).toBe(mailed.id);

    await t.platform.limiter.reset(`auth:resend:verify_email:${email}`);
    expect(await signIn()).toBe('email_not_verified');
    const third = codeIn(await nextMail(email, 'verification'));
    if (expired !== third) {
      expect(
        (await post('/auth/otp/verify', { email, code: expired, purpose: 'verify_email' })).statusCode,
      ).toBe(401);
    }
    if (fresh !== third) {
      expect(
        (await post('/auth/otp/verify', { email, code: fresh, purpose: 'verify_email' })).statusCode,
      ).toBe(401);
    }
    expect((await post('/auth/otp/verify', { email, code: third, purpose: 'verify_email' })).statusCode).toBe(
      200,
    );
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
