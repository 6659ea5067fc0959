import { describe, expect, it } from 'vitest';
import { decideSettle, statusAfterRefund } from './settle-rules.js';

const pending = { status: 'pending' as const, amount: 129950, method: 'mpesa' as const };

describe('decideSettle', () => {
  it('settles a pending payment on a final outcome', () => {
    expect(decideSettle(pending, { status: 'paid', amountPaid: 130000 })).toEqual({
      kind: 'settle',
      to: 'paid',
    });
    expect(decideSettle(pending, { status: 'failed' })).toEqual({ kind: 'settle', to: 'failed' });
    expect(decideSettle(pending, { status: 'cancelled' })).toEqual({ kind: 'settle', to: 'cancelled' });
  });

  it('a pending outcome settles nothing', () => {
    expect(decideSettle(pending, { status: 'pending' })).toEqual({ kind: 'ignore', reason: 'not_final' });
  });

  it('a payment already settled is not moved again (late failure after success, success after failure)', () => {
    for (const status of ['paid', 'failed', 'cancelled', 'refunded', 'partially_refunded'] as const) {
      expect(decideSettle({ ...pending, status }, { status: 'failed' })).toEqual({
        kind: 'ignore',
        reason: 'already_settled',
      });
      expect(decideSettle({ ...pending, status }, { status: 'paid' }).kind).toBe('ignore');
    }
  });

  it('an M-Pesa amount below the whole shillings asked is not paid', () => {
    expect(decideSettle(pending, { status: 'paid', amountPaid: 129900 })).toEqual({
      kind: 'ignore',
      reason: 'amount_mismatch',
    });
    const card = { status: 'pending' as const, amount: 129950, method: 'stripe' as const };
    expect(decideSettle(card, { status: 'paid', amountPaid: 129949 }).kind).toBe('ignore');
    expect(decideSettle(card, { status: 'paid', amountPaid: 129950 }).kind).toBe('settle');
  });
});

describe('statusAfterRefund', () => {
  it('is partially_refunded below the amount and refunded at it', () => {
    expect(statusAfterRefund(1000, 0)).toBe('paid');
    expect(statusAfterRefund(1000, 1)).toBe('partially_refunded');
    expect(statusAfterRefund(1000, 1000)).toBe('refunded');
  });
});
