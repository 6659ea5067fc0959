import { randomInt } from 'node:crypto';
import { expect } from 'vitest';
import type { TestApp } from '../../test/harness.js';
import type { SunkMail } from '../../test/smtp-sink.js';

/** The HTTP helpers the auth tests share: requests from fresh IPs, reading mailed codes, accounts. */
export function authClient(t: TestApp) {
  const PASSWORD = 'correct horse battery';
  const randomIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  let seq = 0;
  const freshEmail = () => `auth${++seq}-${randomInt(1e9)}@example.com`;

  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    opts: Opts = {},
  ) =>
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
  return {
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
  };
}

export type Opts = { ip?: string; headers?: Record<string, string> };
