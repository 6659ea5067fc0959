import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors.js';
import { darajaTimestamp, mpesaResult, normalisePhone, stkPassword, wholeShillings } from './mpesa-rules.js';

describe('normalisePhone', () => {
  it.each([
    ['0712345678', '254712345678'],
    ['0112345678', '254112345678'],
    ['+254712345678', '254712345678'],
    ['254712345678', '254712345678'],
    ['+254 712 345 678', '254712345678'],
    ['0712-345-678', '254712345678'],
    ['254112345678', '254112345678'],
  ])('%s becomes %s', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it.each([
    '',
    '712345678',
    '0812345678',
    '071234567',
    '07123456789',
    '+255712345678',
    '2540712345678',
    '07123456a8',
    '+1 202 555 0100',
  ])('refuses %j with 400 validation_failed on phone', (input) => {
    let error: unknown;
    try {
      normalisePhone(input);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).fields?.[0]?.path).toBe('phone');
  });
});

describe('Daraja request fields', () => {
  it('Timestamp is yyyyMMddHHmmss in East Africa Time (UTC+3), across midnight UTC', () => {
    expect(darajaTimestamp(new Date('2026-12-31T22:30:05Z'))).toBe('20270101013005');
    expect(darajaTimestamp(new Date('2026-06-01T00:00:00Z'))).toBe('20260601030000');
  });

  it('Password is base64 of shortcode + passkey + timestamp', () => {
    const password = stkPassword('174379', 'passkey', '20260601030000');
    expect(Buffer.from(password, 'base64').toString()).toBe('174379passkey20260601030000');
  });

  it('Amount is whole shillings rounded up from minor units, never 0', () => {
    expect(wholeShillings(129900)).toBe(1299);
    expect(wholeShillings(129901)).toBe(1300);
    expect(wholeShillings(1)).toBe(1);
    expect(wholeShillings(0)).toBe(1);
  });
});

describe('mpesaResult', () => {
  it.each([
    [0, 'paid', /received/],
    ['1032', 'cancelled', /cancelled/],
    ['1037', 'failed', /reach your phone/],
    ['2001', 'failed', /PIN/],
    ['1', 'failed', /balance/],
    ['9999', 'failed', /could not complete/],
  ])('result code %s is %s with a message a shopper understands', (code, status, message) => {
    const result = mpesaResult(code);
    expect(result.status).toBe(status);
    expect(result.message).toMatch(message);
  });
});
