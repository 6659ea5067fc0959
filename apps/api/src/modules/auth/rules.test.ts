import { describe, expect, it } from 'vitest';
import { hashCode, newBackupCode, newOtpCode, normalizeBackupCode } from './codes.js';
import { isCommonPassword } from './common-passwords.js';
import { describeDevice } from './device.js';
import { authLimits } from './limits.js';

describe('pure auth rules', () => {
  it('limits stay inside the API.md bounds even for failures straddling two fixed windows', () => {
    const { loginFailuresPerIp: ip, loginFailuresPerAccount: acct } = authLimits;
    expect(ip.windowSeconds).toBeGreaterThanOrEqual(300);
    expect(ip.limit * 2).toBeLessThanOrEqual(30);
    expect(acct.windowSeconds).toBeGreaterThanOrEqual(900);
    expect(acct.limit * 2).toBeLessThanOrEqual(10);
    expect(acct.limit).toBeGreaterThan(2);
    expect(authLimits.otpVerifyPerIp.limit).toBeGreaterThan(5);
  });

  it('one-time codes are 6 digits and hashed per user', () => {
    for (let i = 0; i < 50; i += 1) expect(newOtpCode()).toMatch(/^\d{6}$/);
    expect(hashCode('s', 'u1', '123456')).not.toBe(hashCode('s', 'u2', '123456'));
    expect(hashCode('s', 'u1', '123456')).not.toContain('123456');
  });

  it('backup codes are typed without case or dashes', () => {
    const code = newBackupCode();
    expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(normalizeBackupCode(` ${code.toUpperCase()} `)).toBe(code.replace('-', ''));
  });

  it('common passwords are refused regardless of case', () => {
    expect(isCommonPassword('PassWord123')).toBe(true);
    expect(isCommonPassword('correct horse battery')).toBe(false);
  });

  it('describes devices from user agents', () => {
    expect(
      describeDevice(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari on iPhone');
    expect(
      describeDevice(
        'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
      ),
    ).toBe('Chrome on Android');
    expect(describeDevice('curl/8.5.0')).toBe('curl');
    expect(describeDevice(undefined)).toBe('Unknown device');
  });
});
