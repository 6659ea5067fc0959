import type { OrderLineRow, OrderRow } from '../../../db/schema/orders.js';
import type { Actor } from '../../../platform/auth.js';
import { withTx, type ServiceContext, type TxContext } from '../../../platform/context.js';
import { forbidden } from '../../../platform/errors.js';
import { returnStock } from '../../catalog/index.js';
import { releaseCoupon } from '../../checkout/index.js';
import { illegalTransition, orderNotFound } from '../errors.js';
import * as q from '../queries.js';
import type { Order } from '../schema.js';
import {
  canMoveLine,
  canMoveOrder,
  derivedOrderStatus,
  fulfilmentStatuses,
  lineStatusForOrder,
  pathBetween,
  paymentStatusOnEnter,
  returnsStockOnEnter,
  sellerLineTargets,
  type LineStatus,
  type OrderStatus,
  type TransitionActor,
} from '../transitions.js';
import { heldForOrder, recordOrderPaid, recordRefund } from './ledger.js';
import { orderPaymentHooks } from './payment-hooks.js';
import { loadOrder } from './views.js';

type ActorContext = ServiceContext & { actor: Actor };

const roleOf = (ctx: ServiceContext): TransitionActor => ctx.actor?.role ?? 'system';

export interface TransitionOptions {
  note?: string;
  /** Who asks, for the table's per-caller rules; default: the caller's role, `system` without one. */
  by?: TransitionActor;
}

/**
 * Moves an order to `to`: the only writer of `orders.status`. Locks the order row, checks the
 * transition table (409 `illegal_transition` otherwise), writes the move conditionally, cascades
 * the line statuses the table names, inserts the event row (who, from, to, note, when) and runs
 * the table's effects in the same transaction: entering `cancelled` gives the stock back (once:
 * `cancelled` is terminal, so a second cancellation is illegal) and refunds a paid order in full
 * in the ledger (and the payments module refunds the money through its provider); entering `paid`
 * posts the payment to the ledger.
 */
export async function transitionOrder(
  ctx: ServiceContext,
  id: string,
  to: OrderStatus,
  options: TransitionOptions = {},
): Promise<Order> {
  await withTx(ctx, async (tx) => {
    const order = await q.lockOrder(tx.db, id);
    if (!order) throw orderNotFound();
    await applyMove(tx, order, to, options.by ?? roleOf(ctx), options.note ?? null, true);
  });
  return loadOrder(ctx, id);
}

async function applyMove(
  tx: TxContext,
  order: OrderRow,
  to: OrderStatus,
  by: TransitionActor,
  note: string | null,
  cascadeLines: boolean,
): Promise<OrderRow> {
  const from = order.status;
  if (!canMoveOrder(from, to, by)) throw illegalTransition(from, to);
  const paymentStatus = paymentStatusOnEnter[to]?.(order.paymentStatus) ?? order.paymentStatus;
  if (!(await q.moveOrder(tx.db, order.id, from, to, paymentStatus, tx.now)))
    throw illegalTransition(from, to);
  await q.insertEvents(tx.db, [
    {
      orderId: order.id,
      fromStatus: from,
      toStatus: to,
      actorId: tx.actor?.id ?? null,
      actorRole: by,
      note,
      at: tx.now,
    },
  ]);
  const lineTarget = lineStatusForOrder[to];
  if (cascadeLines && lineTarget) {
    const lines = await q.linesOf(tx.db, [order.id]);
    const moving = lines.filter((l) => canMoveLine(l.status, lineTarget));
    await q.setLineStatuses(
      tx.db,
      moving.map((l) => l.id),
      lineTarget,
    );
    if (returnsStockOnEnter.has(to)) {
      await returnStock(
        tx,
        moving.map((l) => ({ variantId: l.variantId, quantity: l.quantity })),
      );
    }
  }
  if (to === 'paid') await recordOrderPaid(tx, order.id);
  // An abandoned checkout gives its coupon use back; a paid order that is cancelled keeps it.
  if (to === 'cancelled' && paymentStatus !== 'refunded') await releaseCoupon(tx, { orderId: order.id });
  if (to === 'cancelled' && paymentStatus === 'refunded') {
    const held = await heldForOrder(tx, order.id);
    if (held > 0) await recordRefund(tx, { orderId: order.id, amount: held, reference: 'order cancelled' });
  }
  // The payments module cancels a cash payment not yet collected and sends a paid order's money
  // back through its provider (the ledger reversal above is the only one it posts).
  if (to === 'cancelled') await orderPaymentHooks()?.cancelled(tx, order);
  return { ...order, status: to, paymentStatus };
}

/** The customer cancels one of its orders before it ships; another customer's order is 404. */
export async function cancelOrder(ctx: ActorContext, id: string, note?: string): Promise<Order> {
  const order = await q.findOrder(ctx.db, id);
  if (!order || (order.userId !== ctx.actor.id && ctx.actor.role !== 'admin')) throw orderNotFound();
  const by: TransitionActor = order.userId === ctx.actor.id ? 'customer' : 'admin';
  return transitionOrder(ctx, id, 'cancelled', { note, by });
}

/**
 * `PATCH /orders/{id}/status`: an admin moves the order along any legal transition; a seller
 * moves its own lines of it (`processing`, `shipped`), and the order follows its lines. A
 * customer is refused (403); a seller without lines in the order gets 404.
 */
export async function setOrderStatus(
  ctx: ActorContext,
  id: string,
  input: { status: OrderStatus | LineStatus; note?: string },
): Promise<Order> {
  if (ctx.actor.role === 'admin') {
    if (input.status === 'pending') throw illegalTransition('current', input.status);
    return transitionOrder(ctx, id, input.status, { note: input.note, by: 'admin' });
  }
  if (ctx.actor.role !== 'seller') throw forbidden();
  await moveSellerLines(ctx, id, input.status as LineStatus, input.note ?? null);
  return loadOrder(ctx, id, ctx.actor.id);
}

/**
 * A seller moves its own lines of an order to `processing` or `shipped`; then the order moves
 * along the legal path to the status its lines call for (paid → processing → shipped), each step
 * an event by `system`.
 */
async function moveSellerLines(ctx: ActorContext, id: string, to: LineStatus, note: string | null) {
  await withTx(ctx, async (tx) => {
    const order = await q.lockOrder(tx.db, id);
    if (!order) throw orderNotFound();
    const lines = await q.linesOf(tx.db, [id]);
    const own = lines.filter((l) => l.sellerId === ctx.actor.id);
    if (own.length === 0) throw orderNotFound();
    if (!sellerLineTargets.includes(to) || !fulfilmentStatuses.includes(order.status)) {
      throw illegalTransition(order.status, to);
    }
    const moving = own.filter((l) => canMoveLine(l.status, to));
    if (moving.length === 0) throw illegalTransition(own[0]!.status, to);
    await q.setLineStatuses(
      tx.db,
      moving.map((l) => l.id),
      to,
    );
    await q.insertEvents(
      tx.db,
      moving.map((l) => ({
        orderId: id,
        lineId: l.id,
        fromStatus: l.status,
        toStatus: to,
        actorId: ctx.actor.id,
        actorRole: 'seller',
        note,
        at: tx.now,
      })),
    );
    const movedIds = new Set(moving.map((l) => l.id));
    const after = lines.map((l: OrderLineRow) => (movedIds.has(l.id) ? to : l.status));
    await followLines(tx, order, after);
  });
}

/** Moves the order step by step to the status its lines call for (no line cascade). */
async function followLines(tx: TxContext, order: OrderRow, lineStatuses: LineStatus[]) {
  let current = order;
  for (const step of pathBetween(order.status, derivedOrderStatus(order.status, lineStatuses))) {
    current = await applyMove(tx, current, step, 'system', 'follows the order lines', false);
  }
}
