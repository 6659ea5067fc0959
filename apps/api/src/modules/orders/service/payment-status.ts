import type { OrderRow } from '../../../db/schema/orders.js';
import type { ServiceContext } from '../../../platform/context.js';
import * as q from '../queries.js';
import type { PaymentStatus } from '../transitions.js';

/** The order as the payments module reads it (no lines, no access check: the caller checks). */
export const findOrderForPayment = (ctx: ServiceContext, id: string): Promise<OrderRow | null> =>
  q.findOrder(ctx.db, id);

/**
 * Sets the order's `paymentStatus` without moving the order: a payment under way or failed
 * (`pending`, `failed`), cash on delivery collected (`paid`) or dropped with its order (`unpaid`),
 * and the payment's status once a refund completes (`paid`, `partially_refunded`, `refunded`).
 * An online payment that makes a `pending_payment` order `paid` goes through `transitionOrder`.
 */
export async function setOrderPaymentStatus(
  ctx: ServiceContext,
  id: string,
  status: PaymentStatus,
): Promise<void> {
  await q.setPaymentStatus(ctx.db, id, status, ctx.now);
}
