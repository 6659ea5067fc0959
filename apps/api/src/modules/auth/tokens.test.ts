import { createHmac, randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AUDIENCE, ISSUER, signAccessToken, verifyAccessJwt } from './tokens.js';

const secret = 'a-test-secret-a-test-secret-a-test-secret';
const claims = { sub: randomUUID(), role: 'customer' as const, sid: randomUUID() };
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** A token signed with `secret` (HS256) whatever its header and payload say. */
const signed = (header: object, payload: object) => {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};
const now = Math.floor(Date.now() / 1000);
const payload = { ...claims, iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 60, jti: 'j' };
const codeOf = (token: string) => {
  try {
    verifyAccessJwt(token, secret);
    return 'ok';
  } catch (err) {
    return (err as { code: string }).code;
  }
};

describe('verifyAccessJwt', () => {
  it('accepts what signAccessToken signs, and agrees with jose on it', async () => {
    const token = await signAccessToken(claims, secret, 900);
    expect(verifyAccessJwt(token, secret)).toEqual(claims);
    const checked = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    expect(checked.payload).toMatchObject(claims);
    expect(codeOf(signed({ alg: 'HS256' }, { ...payload, aud: ['other', AUDIENCE] }))).toBe('ok');
  });

  it('refuses other algorithms, a critical extension it does not know (b64), another key and a changed payload', async () => {
    const token = await signAccessToken(claims, secret, 900);
    const [h, , s] = token.split('.');
    const hs512 = await new SignJWT({ role: 'customer', sid: claims.sid })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject(claims.sub)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setJti('j')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(secret));
    for (const bad of [
      `${b64({ alg: 'none' })}.${b64(payload)}.`,
      signed({ alg: 'none' }, payload),
      hs512,
      signed({ alg: 'HS256', crit: ['exp'] }, payload),
      signed({ alg: 'HS256', b64: false, crit: ['b64'] }, payload),
      await signAccessToken(claims, `${secret}-other`, 900),
      `${h}.${b64({ ...payload, role: 'admin' })}.${s}`,
      `${token}.x`,
      token.slice(0, -2),
      `${token.slice(0, -1)}=`,
      signed({ alg: 'HS256' }, [payload]),
      'not a token',
    ]) {
      expect(codeOf(bad), bad).toBe('token_invalid');
    }
  });

  it('refuses a wrong issuer or audience, missing claims, a future nbf; an expired token is token_expired', () => {
    for (const change of [
      { iss: 'someone' },
      { aud: 'other' },
      { aud: ['other'] },
      { sub: undefined },
      { jti: undefined },
      { exp: undefined },
      { exp: String(now + 60) },
      { nbf: now + 120 },
      { role: 'root' },
      { sid: 7 },
    ]) {
      expect(codeOf(signed({ alg: 'HS256' }, { ...payload, ...change })), JSON.stringify(change)).toBe(
        'token_invalid',
      );
    }
    expect(codeOf(signed({ alg: 'HS256' }, { ...payload, exp: now - 1 }))).toBe('token_expired');
    expect(codeOf(signed({ alg: 'HS256' }, { ...payload, nbf: now - 1 }))).toBe('ok');
  });
});
