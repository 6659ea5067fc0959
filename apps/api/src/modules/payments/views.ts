import type { Actor } from '../../platform/auth.js';
import { notFound } from '../../platform/errors.js';
import { pageOf } from '../../platform/schema.js';
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
