/**
 * The order state machine as data (API.md "Checkout and orders"). `transitionOrder` is the only
 * writer of `orders.status` and reads every rule from here; nothing else decides what may move.
 */

export const orderStatuses = [
  'pending_payment',
  'confirmed',
  'paid',
  'processing',
  'shipped',
  'delivered',
  'cancelled',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const lineStatuses = ['pending', 'processing', 'shipped', 'delivered', 'cancelled'] as const;
export type LineStatus = (typeof lineStatuses)[number];

export const paymentStatuses = [
  'unpaid',
  'pending',
  'paid',
  'failed',
  'partially_refunded',
  'refunded',
] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

export type TransitionActor = 'customer' | 'seller' | 'admin' | 'system';

/** Every legal order move. Anything else is 409 `illegal_transition`. */
export const orderTransitions: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending_payment: ['paid', 'cancelled'],
  confirmed: ['processing', 'cancelled'],
  paid: ['processing', 'cancelled'],
  processing: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

/** Every legal line move (a line follows its seller's fulfilment). */
export const lineTransitions: Readonly<Record<LineStatus, readonly LineStatus[]>> = {
  pending: ['processing', 'shipped', 'cancelled'],
  processing: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

/**
 * Which order moves each kind of caller may ask for. Sellers move lines, never the order: the
 * order follows its lines (see {@link derivedOrderStatus}). `system` is the payment timeout, the
 * payment modules and the line-driven moves.
 */
export const orderMovesBy: Readonly<
  Record<TransitionActor, Partial<Record<OrderStatus, readonly OrderStatus[]>>>
> = {
  customer: {
    pending_payment: ['cancelled'],
    confirmed: ['cancelled'],
    paid: ['cancelled'],
    processing: ['cancelled'],
  },
  seller: {},
  admin: orderTransitions,
  system: orderTransitions,
};

/** The line statuses a seller may set on its own lines. */
export const sellerLineTargets: readonly LineStatus[] = ['processing', 'shipped'];

/** Order statuses in which sellers work on their lines. */
export const fulfilmentStatuses: readonly OrderStatus[] = ['confirmed', 'paid', 'processing', 'shipped'];

/** What the lines become when the order moves to a status (lines already further along stay). */
export const lineStatusForOrder: Readonly<Partial<Record<OrderStatus, LineStatus>>> = {
  processing: 'processing',
  shipped: 'shipped',
  delivered: 'delivered',
  cancelled: 'cancelled',
};

/** The payment status an order gets when it moves to a status (absent: unchanged). */
export const paymentStatusOnEnter: Readonly<
  Partial<Record<OrderStatus, (current: PaymentStatus) => PaymentStatus>>
> = {
  paid: () => 'paid',
  cancelled: (current) => (current === 'paid' || current === 'partially_refunded' ? 'refunded' : current),
};

/** Statuses whose entry gives the order's stock back (exactly once: `cancelled` is terminal). */
export const returnsStockOnEnter: ReadonlySet<OrderStatus> = new Set(['cancelled']);

export const canMoveOrder = (from: OrderStatus, to: OrderStatus, by: TransitionActor = 'system') =>
  (orderMovesBy[by][from] ?? []).includes(to);

export const canMoveLine = (from: LineStatus, to: LineStatus) => lineTransitions[from].includes(to);

/** Whether `to` is the same as or further along than `from` in the line's forward path. */
const lineRank: Record<LineStatus, number> = {
  pending: 0,
  processing: 1,
  shipped: 2,
  delivered: 3,
  cancelled: 4,
};
export const isLineAtLeast = (status: LineStatus, target: LineStatus) =>
  status !== 'cancelled' && lineRank[status] >= lineRank[target];

/**
 * The order status its lines call for: `delivered` when every line is delivered, `shipped` when
 * every line is shipped (or delivered), `processing` once any line is being worked on. Cancelled
 * lines do not count. Answers the current status when the lines call for nothing new.
 */
export function derivedOrderStatus(current: OrderStatus, lines: readonly LineStatus[]): OrderStatus {
  const live = lines.filter((s) => s !== 'cancelled');
  if (live.length === 0 || !fulfilmentStatuses.includes(current)) return current;
  if (live.every((s) => s === 'delivered')) return 'delivered';
  if (live.every((s) => isLineAtLeast(s, 'shipped'))) return 'shipped';
  if (live.some((s) => isLineAtLeast(s, 'processing'))) return current === 'shipped' ? current : 'processing';
  return current;
}

/**
 * The legal steps from `from` to `to` along the table (breadth-first), e.g. paid → processing →
 * shipped when a seller ships every line of a paid order at once. Empty when unreachable.
 */
export function pathBetween(from: OrderStatus, to: OrderStatus): OrderStatus[] {
  if (from === to) return [];
  const previous = new Map<OrderStatus, OrderStatus>();
  const queue: OrderStatus[] = [from];
  while (queue.length > 0) {
    const at = queue.shift()!;
    for (const next of orderTransitions[at]) {
      if (next === 'cancelled' || previous.has(next) || next === from) continue;
      previous.set(next, at);
      if (next === to) {
        const path: OrderStatus[] = [to];
        let step = at;
        while (step !== from) {
          path.unshift(step);
          step = previous.get(step)!;
        }
        return path;
      }
      queue.push(next);
    }
  }
  return [];
}
