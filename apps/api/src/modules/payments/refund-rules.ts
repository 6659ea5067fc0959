import type { PaymentStatus } from './settle-rules.js';

/** Payment statuses money can be given back from. */
export const REFUNDABLE_STATUSES: readonly PaymentStatus[] = ['paid', 'partially_refunded'];

/**
 * What may still be refunded on a payment: what was paid less what was refunded and less what
 * refunds still pending will give back (so two refunds at once cannot exceed it). 0 for a
 * payment that holds no money (pending, failed, cancelled, refunded).
 */
export function refundableAmount(
  payment: { status: PaymentStatus; amount: number; refundedAmount: number },
  pendingRefunds: number,
): number {
  if (!REFUNDABLE_STATUSES.includes(payment.status)) return 0;
  return Math.max(0, payment.amount - payment.refundedAmount - pendingRefunds);
}

/**
 * How much of a succeeded refund the ledger still has to reverse: the refund, but never more than
 * the order still holds. Cancelling a paid order reverses the whole order in the ledger at once,
 * so the refunds it starts (and any pending before it) reverse nothing more when they succeed.
 */
export const ledgerReversalFor = (refundAmount: number, heldByOrder: number) =>
  Math.max(0, Math.min(refundAmount, heldByOrder));

/** What a refund asked of Stripe over `charge.refunded`'s total leaves unexplained (refunded elsewhere). */
export function matchChargeRefunded(
  alreadyRefunded: number,
  chargeRefundedTotal: number,
  pending: readonly { id: string; amount: number }[],
): { complete: string[]; unexplained: number } {
  let gap = chargeRefundedTotal - alreadyRefunded;
  const complete: string[] = [];
  for (const refund of pending) {
    if (refund.amount > gap) break;
    complete.push(refund.id);
    gap -= refund.amount;
  }
  return { complete, unexplained: Math.max(0, gap) };
}
