import type { OrderRow } from '../../../db/schema/orders.js';
import type { ServiceContext, TxContext } from '../../../platform/context.js';
import type { RowsToInsert } from '../../../platform/statements.js';
import type { Order } from '../schema.js';

/** An order's payment attempt as the order shows it. */
export type OrderPaymentSummary = Order['payments'][number] & { orderId: string };

/** An order being placed, as the payment hook sees it: written in the same statement as its payments. */
export type PlacedOrder = Pick<
  OrderRow,
  'id' | 'userId' | 'paymentMethod' | 'total' | 'currency' | 'createdAt'
>;

/** Payment rows to write with a new order: the rows (written by the order's statement) and the payments as written. */
export interface PaymentsToWrite {
  insert: RowsToInsert | null;
  payments: OrderPaymentSummary[];
}

/**
 * What the payments module does inside the orders module's own transactions. Orders cannot
 * import payments (payments reads orders), so payments registers these once at load
 * ({@link registerOrderPaymentHooks}); an order placed or cancelled and its payment rows then
 * commit together.
 */
export interface OrderPaymentHooks {
  /**
   * In the placement transaction, before the order is written: the payment rows to insert in the
   * order's own statement (cash on delivery: its pending payment), so they cost no round trip.
   */
  placing(tx: TxContext, order: PlacedOrder): PaymentsToWrite;
  /**
   * In the cancellation transaction, after the move, the stock return and the ledger reversal.
   * `before` is the order as it was (its `paymentStatus` before cancelling).
   */
  cancelled(tx: TxContext, before: OrderRow): Promise<void>;
  /** Before orders are deleted (the demo seed's reset): their payment rows go first. */
  deleting(ctx: ServiceContext, orderIds: string[]): Promise<void>;
  /** The payment attempts of these orders, oldest first, in one query (the order views). */
  summaries(ctx: ServiceContext, orderIds: string[]): Promise<OrderPaymentSummary[]>;
}

let hooks: OrderPaymentHooks | null = null;

export function registerOrderPaymentHooks(next: OrderPaymentHooks): void {
  hooks = next;
}

export const orderPaymentHooks = (): OrderPaymentHooks | null => hooks;
