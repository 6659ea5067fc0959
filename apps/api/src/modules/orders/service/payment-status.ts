import type { OrderRow } from '../../../db/schema/orders.js';
import type { ServiceContext } from '../../../platform/context.js';
import * as q from '../queries.js';
import type { PaymentStatus } from '../transitions.js';

/** The order as the payments module reads it (no lines, no access check: the caller checks). */
export const findOrderForPayment = (ctx: ServiceContext, id: string): Promise<OrderRow | null> =>
  q.findOrder(ctx.db, id);

/**
 * Sets the order's `paymentStatus` while its payment is under way or failed (`pending`, `failed`).
 * `paid` and the refund statuses are written by the order transitions and the ledger, never here.
 */
export async function setOrderPaymentStatus(
  ctx: ServiceContext,
  id: string,
  status: Extract<PaymentStatus, 'pending' | 'failed'>,
): Promise<void> {
  await q.setPaymentStatus(ctx.db, id, status, ctx.now);
}
