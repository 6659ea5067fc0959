import type { RefundRow } from '../../db/schema/payments.js';
import { withTx, type ServiceContext } from '../../platform/context.js';
import { findOrderForPayment, heldForOrder, recordRefund, setOrderPaymentStatus } from '../orders/index.js';
import { amountText, announcePaymentChange } from './notify.js';
import * as q from './queries.js';
import * as rq from './refund-queries.js';
import { ledgerReversalFor } from './refund-rules.js';
import type { ProviderEvent } from './settle.js';
import { statusAfterRefund } from './settle-rules.js';

export interface CompleteRefundInput {
  refundId: string;
  status: 'succeeded' | 'failed';
  resultDesc: string | null;
  /** The provider message that says so, appended once (a duplicate completes nothing). */
  providerEvent?: ProviderEvent;
}

/**
 * The one path a refund leaves `pending` by (the provider's answer, the reversal result, Stripe's
 * `charge.refunded`, cash handed back). In one transaction, under the payment row's lock: the
 * refund moves conditionally (a second completion is a no-op); on success the payment's refunded
 * amount and status (`partially_refunded`, `refunded`) follow and the ledger reverses what the
 * order still holds of it (nothing when cancelling the order already reversed it); on failure the
 * amount is refundable again. The order's `paymentStatus` then mirrors the payment's, and the
 * customer gets `payment.updated` and a mail. Returns the refund, or null when nothing changed.
 */
export async function completeRefund(
  ctx: ServiceContext,
  input: CompleteRefundInput,
): Promise<RefundRow | null> {
  return withTx(ctx, async (tx) => {
    const pending = await rq.findRefund(tx.db, input.refundId);
    if (!pending) return null;
    const payment = await q.lockPayment(tx.db, pending.paymentId);
    if (!payment) return null;
    const e = input.providerEvent;
    if (e && !(await q.appendProviderEvent(tx.db, payment.id, e))) return null;
    const refund = await rq.finishRefundRow(tx.db, pending.id, {
      status: input.status,
      resultDesc: input.resultDesc,
      at: tx.now,
    });
    if (!refund) return null;
    let after = payment;
    if (refund.status === 'succeeded') {
      const refunded = payment.refundedAmount + refund.amount;
      after = await rq.addRefunded(
        tx.db,
        payment.id,
        refund.amount,
        statusAfterRefund(payment.amount, refunded),
        tx.now,
      );
      const reverse = ledgerReversalFor(refund.amount, await heldForOrder(tx, refund.orderId));
      if (reverse > 0) {
        await recordRefund(tx, {
          orderId: refund.orderId,
          amount: reverse,
          reference: `refund ${refund.id}`,
        });
      }
    }
    const order = (await findOrderForPayment(tx, refund.orderId))!;
    const paymentStatus = after.status as 'paid' | 'partially_refunded' | 'refunded';
    await setOrderPaymentStatus(tx, order.id, paymentStatus);
    const amount = amountText(refund.amount, refund.currency);
    await announcePaymentChange(tx, {
      payment: after,
      order: { ...order, paymentStatus },
      mail:
        refund.status === 'succeeded'
          ? {
              subject: `Refund of ${amount} for order ${order.number}`,
              text:
                payment.method === 'cod'
                  ? `We handed back ${amount} in cash for order ${order.number}.`
                  : `We refunded ${amount} for order ${order.number}. It can take a few days to reach your ${payment.method === 'mpesa' ? 'M-Pesa account' : 'card'}.`,
            }
          : {
              subject: `Refund for order ${order.number} delayed`,
              text: `Our refund of ${amount} for order ${order.number} did not go through yet. We will try again and let you know.`,
            },
    });
    return refund;
  });
}
