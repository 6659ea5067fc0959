import { withTx, type ServiceContext } from '../../platform/context.js';
import { MAIL_JOB } from '../../platform/platform-jobs.js';
import { publishToAdmins, publishToUser } from '../../platform/realtime.js';
import { findOrderForPayment, setOrderPaymentStatus, transitionOrder } from '../orders/index.js';
import type { ProviderOutcome } from './providers/provider.js';
import * as q from './queries.js';
import { toPayment, type Payment } from './schema.js';
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

const amountText = (amount: number, currency: string) => `${currency} ${(amount / 100).toFixed(2)}`;

/**
 * The one path every confirmed provider outcome takes (callback, webhook, status query, reconcile
 * job, cash marked paid). In one transaction, under the payment row's lock: decides with
 * {@link decideSettle}, appends the provider event once, moves the payment out of `pending`
 * conditionally, and on `paid` moves the order to `paid` (which posts the ledger); on `failed` or
 * `cancelled` marks the order's payment failed (the order stays `pending_payment`, the shopper
 * can try again). Then, after commit, `payment.updated` and `order.updated` go to the customer
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
    if (decision.to === 'paid' && order.status !== 'pending_payment') {
      // Money arrived for an order that was cancelled meanwhile (payment timeout): left pending
      // for an admin to refund; settling would move a cancelled order.
      tx.log.error(
        { paymentId: payment.id, orderStatus: order.status },
        'payment confirmed for an order no longer awaiting it',
      );
      return null;
    }
    const { providerEvent: e } = input;
    const appended = await q.appendPaymentEvent(tx.db, {
      provider: e.provider,
      providerReference: e.eventId,
      eventType: e.eventType,
      paymentId: payment.id,
      payload: e.payload ?? {},
    });
    if (!appended) return null;
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
    let orderPaymentStatus: string = order.paymentStatus;
    if (decision.to === 'paid') {
      const moved = await transitionOrder(tx, order.id, 'paid', { note: `paid by ${payment.method}` });
      orderStatus = moved.status;
      orderPaymentStatus = moved.paymentStatus;
    } else if (order.status === 'pending_payment') {
      await setOrderPaymentStatus(tx, order.id, 'failed');
      orderPaymentStatus = 'failed';
    }
    const view = toPayment(settled);
    const orderUpdate = {
      id: order.id,
      number: order.number,
      status: orderStatus,
      paymentStatus: orderPaymentStatus,
    };
    await publishToUser(tx, payment.userId, 'payment.updated', view);
    await publishToUser(tx, payment.userId, 'order.updated', orderUpdate);
    await publishToAdmins(tx, 'payment.updated', view);
    const paid = decision.to === 'paid';
    const subject = paid
      ? `Payment received for order ${order.number}`
      : `Payment for order ${order.number} did not go through`;
    const body = paid
      ? `Hello ${order.customerName},\n\nWe received ${amountText(payment.amount, payment.currency)} for order ${order.number}. Thank you.\n`
      : `Hello ${order.customerName},\n\nYour payment for order ${order.number} did not go through (${input.outcome.message}). You can try again from your order page.\n`;
    await tx.jobs.send(
      MAIL_JOB,
      {
        to: order.customerEmail,
        subject,
        text: body,
        html: `<p>${escapeHtml(body).replace(/\n/g, '<br>')}</p>`,
      },
      { tx: tx.db },
    );
    return view;
  });
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
