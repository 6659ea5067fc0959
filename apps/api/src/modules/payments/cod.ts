import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/auth.js';
import { payments, type PaymentRow } from '../../db/schema/payments.js';
import type { PaymentsToWrite, PlacedOrder } from '../orders/index.js';
import type { TxContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import * as q from './queries.js';
import type { Payment } from './schema.js';
import type { PaymentsContext } from './service.js';
import { settlePayment } from './settle.js';
import { toOrderPaymentSummary } from './views.js';

type AdminContext = PaymentsContext & { actor: Actor };

/**
 * The placement hook: a cash-on-delivery order gets its `pending` payment in the placement
 * transaction (the order itself is `confirmed` with `paymentStatus` `pending`), written by the
 * order's own insert statement (no round trip of its own): this answers the row to insert and the
 * payment as it will be.
 */
export function cashPaymentOf(_tx: TxContext, order: PlacedOrder): PaymentsToWrite {
  if (order.paymentMethod !== 'cod') return { insert: null, payments: [] };
  const row: PaymentRow = {
    id: randomUUID(),
    orderId: order.id,
    userId: order.userId,
    method: 'cod',
    status: 'pending',
    amount: order.total,
    refundedAmount: 0,
    currency: order.currency,
    providerReference: null,
    phone: null,
    receipt: null,
    resultCode: null,
    resultDesc: null,
    message: 'Pay in cash when your order is delivered.',
    paidAt: null,
    createdAt: order.createdAt,
    updatedAt: order.createdAt,
  };
  return { insert: { table: payments, rows: [row] }, payments: [toOrderPaymentSummary(row)] };
}

/**
 * The cancellation hook, for cash not yet collected: the order's pending cash payment becomes
 * `cancelled` (and the order's `paymentStatus` `unpaid`), through the one settle path.
 */
export async function cancelCashPayment(tx: TxContext, orderId: string): Promise<void> {
  for (const payment of await q.pendingCashPaymentsOf(tx.db, orderId)) {
    await settlePayment(tx, {
      paymentId: payment.id,
      outcome: {
        status: 'cancelled',
        resultCode: null,
        resultDesc: 'The order was cancelled',
        message: 'The order was cancelled; there is nothing to pay.',
      },
      providerEvent: { provider: 'cod', eventId: payment.id, eventType: 'order_cancelled', payload: {} },
    });
  }
}

/**
 * `POST /payments/{id}/mark-paid` (admin): records the cash of a cash-on-delivery payment as
 * received, through the one settle path (payment `paid`, order `paymentStatus` `paid`, the
 * ledger posted once, `payment.updated` and a mail). Once only: a payment no longer pending
 * (already marked paid, or cancelled with its order) answers 409 `illegal_transition`, and of
 * two concurrent calls one wins (the payment row is locked and the event appended once) while the
 * other gets the same 409. Another method's payment: 409 too (its provider settles it).
 */
export async function markCashPaid(ctx: AdminContext, id: string, reference?: string): Promise<Payment> {
  const payment = await q.findPayment(ctx.db, id);
  if (!payment) throw notFound('Payment');
  if (payment.method !== 'cod') {
    throw new AppError('illegal_transition', {
      detail: 'Only a cash-on-delivery payment is marked paid by hand; its provider settles this one',
    });
  }
  const settled = await settlePayment(ctx, {
    paymentId: id,
    outcome: {
      status: 'paid',
      resultCode: null,
      resultDesc: `Cash received, recorded by ${ctx.actor.id}`,
      message: 'Cash received on delivery. Thank you!',
      receipt: reference,
    },
    providerEvent: {
      provider: 'cod',
      eventId: id,
      eventType: 'mark_paid',
      payload: { reference: reference ?? null, by: ctx.actor.id },
    },
  });
  if (settled) return settled;
  const now = (await q.findPayment(ctx.db, id))!;
  throw new AppError('illegal_transition', {
    detail:
      now.status === 'pending'
        ? 'The order of this payment was cancelled'
        : `This cash payment is already ${now.status}${now.paidAt ? ` (paid ${now.paidAt.toISOString()})` : ''}`,
  });
}
