import { describe, expect, it } from 'vitest';
import { ledgerReversalFor, matchChargeRefunded, refundableAmount } from './refund-rules.js';
import { statusAfterRefund } from './settle-rules.js';

describe('refundableAmount', () => {
  const paid = { status: 'paid' as const, amount: 10_000, refundedAmount: 0 };

  it('is what was paid less what was refunded and less what pending refunds will give back', () => {
    expect(refundableAmount(paid, 0)).toBe(10_000);
    expect(refundableAmount({ ...paid, status: 'partially_refunded', refundedAmount: 2_500 }, 0)).toBe(7_500);
    expect(refundableAmount({ ...paid, status: 'partially_refunded', refundedAmount: 2_500 }, 5_000)).toBe(
      2_500,
    );
    expect(refundableAmount(paid, 10_000)).toBe(0);
  });

  it.each(['pending', 'failed', 'cancelled', 'refunded'] as const)('is 0 for a %s payment', (status) => {
    expect(refundableAmount({ ...paid, status }, 0)).toBe(0);
  });

  it('never goes below 0', () => {
    expect(refundableAmount({ ...paid, refundedAmount: 9_000 }, 5_000)).toBe(0);
  });
});

describe('statusAfterRefund', () => {
  it('is partially_refunded below the amount and refunded at it', () => {
    expect(statusAfterRefund(10_000, 1)).toBe('partially_refunded');
    expect(statusAfterRefund(10_000, 9_999)).toBe('partially_refunded');
    expect(statusAfterRefund(10_000, 10_000)).toBe('refunded');
    expect(statusAfterRefund(10_000, 0)).toBe('paid');
  });
});

describe('ledgerReversalFor', () => {
  it('reverses the refund, but never more than the order still holds (a cancelled order holds 0)', () => {
    expect(ledgerReversalFor(3_000, 10_000)).toBe(3_000);
    expect(ledgerReversalFor(3_000, 1_000)).toBe(1_000);
    expect(ledgerReversalFor(3_000, 0)).toBe(0);
  });
});

describe('matchChargeRefunded', () => {
  const pending = [
    { id: 'a', amount: 1_000 },
    { id: 'b', amount: 2_000 },
  ];

  it('completes the pending refunds the new total covers, oldest first', () => {
    expect(matchChargeRefunded(0, 1_000, pending)).toEqual({ complete: ['a'], unexplained: 0 });
    expect(matchChargeRefunded(0, 3_000, pending)).toEqual({ complete: ['a', 'b'], unexplained: 0 });
  });

  it('a total already recorded completes nothing (a repeated or late event is harmless)', () => {
    expect(matchChargeRefunded(3_000, 3_000, [])).toEqual({ complete: [], unexplained: 0 });
    expect(matchChargeRefunded(3_000, 1_000, pending)).toEqual({ complete: [], unexplained: 0 });
  });

  it('reports what no refund of ours explains instead of guessing', () => {
    expect(matchChargeRefunded(0, 1_500, pending)).toEqual({ complete: ['a'], unexplained: 500 });
    expect(matchChargeRefunded(0, 700, pending)).toEqual({ complete: [], unexplained: 700 });
  });
});
