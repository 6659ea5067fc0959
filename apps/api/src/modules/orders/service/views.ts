import type { OrderRow } from '../../../db/schema/orders.js';
import type { Actor } from '../../../platform/auth.js';
import type { ServiceContext } from '../../../platform/context.js';
import { forbidden } from '../../../platform/errors.js';
import { pageOf } from '../../../platform/schema.js';
import { toOrder } from '../dto.js';
import { orderNotFound } from '../errors.js';
import * as q from '../queries.js';
import { orderPaymentHooks } from './payment-hooks.js';
import type { AdminOrderListQuery, Order, OrderListQuery } from '../schema.js';
import { readTogether } from '../../../platform/statements.js';

type ActorContext = ServiceContext & { actor: Actor };

/**
 * Orders with their lines (only `sellerId`'s when given), history and payment attempts: four
 * queries for any count.
 */
async function withDetails(ctx: ServiceContext, rows: OrderRow[], sellerId?: string): Promise<Order[]> {
  const ids = rows.map((o) => o.id);
  const [lines, events, payments] = await readTogether(
    ctx.db,
    async () => q.linesOf(ctx.db, ids, sellerId),
    async () => q.eventsOf(ctx.db, ids),
    async () => (ids.length ? (orderPaymentHooks()?.summaries(ctx, ids) ?? []) : []),
  );
  return rows.map((o) =>
    toOrder(
      o,
      lines.filter((l) => l.orderId === o.id),
      events.filter((e) => e.orderId === o.id),
      payments.filter((p) => p.orderId === o.id).map(({ orderId: _, ...p }) => p),
    ),
  );
}

/** The order as API.md shapes it (no access check: callers check first). */
export async function loadOrder(ctx: ServiceContext, id: string, sellerId?: string): Promise<Order> {
  const row = await q.findOrder(ctx.db, id);
  if (!row) throw orderNotFound();
  return orderOf(ctx, row, sellerId);
}

/** The order of a row already read, as API.md shapes it (no access check). */
export async function orderOf(ctx: ServiceContext, row: OrderRow, sellerId?: string): Promise<Order> {
  return (await withDetails(ctx, [row], sellerId))[0]!;
}

/** One of the caller's orders (an admin: any); another customer's order is 404. */
export async function getOrder(ctx: ActorContext, id: string): Promise<Order> {
  const row = await q.findOrder(ctx.db, id);
  if (!row || (row.userId !== ctx.actor.id && ctx.actor.role !== 'admin')) throw orderNotFound();
  return (await withDetails(ctx, [row]))[0]!;
}

/** The caller's orders, newest first, optionally by status. */
export async function listOrders(ctx: ActorContext, query: OrderListQuery) {
  const { items, total } = await q.listOrders(
    ctx.db,
    { userId: ctx.actor.id, status: query.status },
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  return pageOf(await withDetails(ctx, items), query, total);
}

const startOf = (value: string | undefined) => (value ? new Date(value) : undefined);

/** Admin: every order, filtered by status, payment status, placement time, customer or `q`. */
export async function listAdminOrders(ctx: ActorContext, query: AdminOrderListQuery) {
  if (ctx.actor.role !== 'admin') throw forbidden();
  const { items, total } = await q.listOrders(
    ctx.db,
    {
      status: query.status,
      paymentStatus: query.paymentStatus,
      from: startOf(query.from),
      to: startOf(query.to),
      customer: query.customer,
      q: query.q,
    },
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  return pageOf(await withDetails(ctx, items), query, total);
}

/** A seller: the orders holding its lines, each with only those lines. */
export async function listSellerOrders(ctx: ActorContext, query: OrderListQuery) {
  if (ctx.actor.role !== 'seller' && ctx.actor.role !== 'admin') throw forbidden();
  const { items, total } = await q.listSellerOrders(
    ctx.db,
    ctx.actor.id,
    query.status,
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  return pageOf(await withDetails(ctx, items, ctx.actor.id), query, total);
}
