import { withTx, type ServiceContext } from '../../platform/context.js';
import {
  findOrderForPayment,
  recordOrderPaid,
  setOrderPaymentStatus,
  transitionOrder,
} from '../orders/index.js';
import type { ProviderOutcome } from './providers/provider.js';
import * as q from './queries.js';
import { amountText, announcePaymentChange } from './notify.js';
import type { Payment } from './schema.js';
import { decideSettle } from './settle-rules.js';

/** The provider message a settle comes from, appended to `payment_events` once. */
export interface ProviderEvent {
  provider: 'mpesa' | 'stripe' | 'cod';
  /** The provider's id of the message (Stripe event id, CheckoutRequestID, an admin reference). */
  eventId: string;
  eventType: string;
  payload: unknown;
}

export interface SettleInput {
  paymentId: string;
  outcome: Pick<
    ProviderOutcome,
    'status' | 'resultCode' | 'resultDesc' | 'message' | 'amountPaid' | 'receipt'
  >;
  providerEvent: ProviderEvent;
}

/**
 * The one path every confirmed provider outcome takes (callback, webhook, status query, reconcile
 * job, cash marked paid, cash dropped with its cancelled order). In one transaction, under the
 * payment row's lock: decides with {@link decideSettle}, appends the provider event once, moves
 * the payment out of `pending` conditionally, and on `paid` moves the order to `paid` (which
 * posts the ledger); on `failed` or `cancelled` marks the order's payment failed (the order stays
 * `pending_payment`, the shopper can try again). Cash on delivery leaves the order where it is
 * (`confirmed` or further): paid posts the ledger and sets `paymentStatus` `paid`; cancelled sets
 * it `unpaid`. Then, after commit, `payment.updated` and `order.updated` go to the customer
 * and the admins, and a mail is queued in the same transaction. Returns the settled payment, or
 * null when this call changed nothing (a duplicate, a late or non-final outcome, a short amount).
 */
export async function settlePayment(ctx: ServiceContext, input: SettleInput): Promise<Payment | null> {
  return withTx(ctx, async (tx) => {
    const payment = await q.lockPayment(tx.db, input.paymentId);
    if (!payment) return null;
    const decision = decideSettle(payment, input.outcome);
    if (decision.kind === 'ignore') {
      tx.log.info({ paymentId: payment.id, reason: decision.reason }, 'payment outcome ignored');
      return null;
    }
    const order = await findOrderForPayment(tx, payment.orderId);
    if (!order) throw new Error(`payment ${payment.id} has no order`);
    const cash = payment.method === 'cod';
    if (
      decision.to === 'paid' &&
      (cash ? order.status === 'cancelled' : order.status !== 'pending_payment')
    ) {
      // Money arrived for an order that was cancelled meanwhile (payment timeout): left pending
      // for an admin to refund; settling would move a cancelled order.
      tx.log.error(
        { paymentId: payment.id, orderStatus: order.status },
        'payment confirmed for an order no longer awaiting it',
      );
      return null;
    }
    if (!(await q.appendProviderEvent(tx.db, payment.id, input.providerEvent))) return null;
    const settled = await q.settlePaymentRow(tx.db, payment.id, {
      to: decision.to,
      resultCode: input.outcome.resultCode,
      resultDesc: input.outcome.resultDesc,
      message: input.outcome.message,
      receipt: input.outcome.receipt ?? null,
      at: tx.now,
    });
    if (!settled) return null;
    let orderStatus = order.status;
    let orderPaymentStatus = order.paymentStatus;
    if (decision.to === 'paid' && cash) {
      // Cash collected: the order is already confirmed (or further along); it is paid now.
      await recordOrderPaid(tx, order.id);
      await setOrderPaymentStatus(tx, order.id, 'paid');
      orderPaymentStatus = 'paid';
    } else if (cash) {
      // Cash that will never be collected (the order was cancelled): nothing was paid.
      await setOrderPaymentStatus(tx, order.id, 'unpaid');
      orderPaymentStatus = 'unpaid';
    } else if (decision.to === 'paid') {
      const moved = await transitionOrder(tx, order.id, 'paid', { note: `paid by ${payment.method}` });
      orderStatus = moved.status;
      orderPaymentStatus = moved.paymentStatus;
    } else if (order.status === 'pending_payment') {
      await setOrderPaymentStatus(tx, order.id, 'failed');
      orderPaymentStatus = 'failed';
    }
    const paid = decision.to === 'paid';
    return announcePaymentChange(tx, {
      payment: settled,
      order: { ...order, status: orderStatus, paymentStatus: orderPaymentStatus },
      mail: paid
        ? {
            subject: `Payment received for order ${order.number}`,
            text: `We received ${amountText(payment.amount, payment.currency)} for order ${order.number}. Thank you.`,
          }
        : cash
          ? {
              subject: `Cash payment for order ${order.number} cancelled`,
              text: `Order ${order.number} was cancelled, so there is nothing to pay on delivery.`,
            }
          : {
              subject: `Payment for order ${order.number} did not go through`,
              text: `Your payment for order ${order.number} did not go through (${input.outcome.message}). You can try again from your order page.`,
            },
    });
  });
}
