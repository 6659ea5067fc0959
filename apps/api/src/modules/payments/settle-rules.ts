import { wholeShillings } from './providers/mpesa-rules.js';
import type { ProviderOutcome } from './providers/provider.js';

export type PaymentStatus = 'pending' | 'paid' | 'failed' | 'cancelled' | 'partially_refunded' | 'refunded';
export type SettledStatus = 'paid' | 'failed' | 'cancelled';

export type SettleDecision =
  | { kind: 'settle'; to: SettledStatus }
  | { kind: 'ignore'; reason: 'not_final' | 'already_settled' | 'amount_mismatch' };

/**
 * What an outcome reported by a provider does to a payment. Only final outcomes settle, and only a
 * `pending` payment: a transition that already happened is a no-op, so a late
 * `payment_intent.payment_failed` after `succeeded` changes nothing. A "paid" outcome whose amount
 * is below what was asked is not paid (M-Pesa asks whole shillings, rounded up).
 */
export function decideSettle(
  payment: { status: PaymentStatus; amount: number; method: 'mpesa' | 'stripe' | 'cod' },
  outcome: Pick<ProviderOutcome, 'status' | 'amountPaid'>,
): SettleDecision {
  if (outcome.status === 'pending') return { kind: 'ignore', reason: 'not_final' };
  if (payment.status !== 'pending') return { kind: 'ignore', reason: 'already_settled' };
  if (outcome.status === 'paid' && outcome.amountPaid !== undefined) {
    const asked = payment.method === 'mpesa' ? wholeShillings(payment.amount) * 100 : payment.amount;
    if (outcome.amountPaid < asked) return { kind: 'ignore', reason: 'amount_mismatch' };
  }
  return { kind: 'settle', to: outcome.status };
}

/** A payment's status after `refunded` of its `amount` has been given back. */
export const statusAfterRefund = (amount: number, refunded: number): PaymentStatus =>
  refunded >= amount ? 'refunded' : refunded > 0 ? 'partially_refunded' : 'paid';
