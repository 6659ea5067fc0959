import type { PaymentRow } from '../../db/schema/payments.js';
import type { Actor } from '../../platform/auth.js';
import type { ServiceContext } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { money, pageOf } from '../../platform/schema.js';
import type { OrderPaymentSummary } from '../orders/index.js';
import * as q from './queries.js';
import { toPayment, type Payment, type PaymentListQuery } from './schema.js';
import type { PaymentsContext } from './service.js';

type ActorContext = PaymentsContext & { actor: Actor };

const isAdmin = (ctx: ActorContext) => ctx.actor.role === 'admin';

/** `GET /payments`: the caller's payments, newest first; an admin sees every payment. */
export async function listPayments(ctx: ActorContext, query: PaymentListQuery) {
  const { items, total } = await q.listPayments(
    ctx.db,
    { userId: isAdmin(ctx) ? undefined : ctx.actor.id, orderId: query.orderId, status: query.status },
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  return pageOf(items.map(toPayment), query, total);
}

/** `GET /payments/{id}`: one of the caller's payments (another's is 404); an admin reads any. */
export async function getPayment(ctx: ActorContext, id: string): Promise<Payment> {
  const row = await q.findPayment(ctx.db, id);
  if (!row || (row.userId !== ctx.actor.id && !isAdmin(ctx))) throw notFound('Payment');
  return toPayment(row);
}

/** The payment attempts of these orders as the order views show them (oldest first). */
export async function orderPaymentSummaries(
  ctx: ServiceContext,
  orderIds: string[],
): Promise<OrderPaymentSummary[]> {
  const rows = await q.paymentsOfOrders(ctx.db, orderIds);
  return rows.map(toOrderPaymentSummary);
}

export const toOrderPaymentSummary = (row: PaymentRow): OrderPaymentSummary => ({
  orderId: row.orderId,
  id: row.id,
  method: row.method,
  status: row.status,
  amount: money(row.amount, row.currency),
  refunded: money(row.refundedAmount, row.currency),
  message: row.message,
  receipt: row.receipt,
  paidAt: row.paidAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});
