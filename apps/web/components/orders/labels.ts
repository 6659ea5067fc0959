/**
 * Words and colours for order states, shared by the account's order pages (server and client).
 * Types only from the data layer, so client components can import this file.
 */
import type { Order, OrderPayment, OrderPaymentStatus, OrderStatus } from '@/lib/api/orders';

export const orderStatusLabels: Record<OrderStatus, string> = {
  pending_payment: 'Awaiting payment',
  confirmed: 'Confirmed',
  paid: 'Paid',
  processing: 'Being prepared',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
};

/** The status filter tabs of the order list, in the order an order moves (the labels' order). */
export const orderStatusFilters = Object.keys(orderStatusLabels) as OrderStatus[];

export const isOrderStatus = (value: unknown): value is OrderStatus =>
  typeof value === 'string' && (orderStatusFilters as string[]).includes(value);

export const paymentStatusLabels: Record<OrderPaymentStatus | OrderPayment['status'], string> = {
  unpaid: 'Not paid',
  pending: 'Payment pending',
  paid: 'Paid',
  failed: 'Payment failed',
  cancelled: 'Payment cancelled',
  partially_refunded: 'Partly refunded',
  refunded: 'Refunded',
};

/** Nothing was taken: a cancelled order whose payment never completed. */
export const wasNeverCharged = (order: Pick<Order, 'status' | 'paymentStatus'>) =>
  order.status === 'cancelled' && ['unpaid', 'pending', 'failed'].includes(order.paymentStatus);

/**
 * The order's payment state in words. A cash-on-delivery order's payment is `pending` until the
 * courier is paid ("Pay on delivery"); a cancelled order that was never paid keeps the API's
 * `unpaid`/`pending`/`failed`, which reads as "Not charged".
 */
export const paymentStatusLabel = (order: Pick<Order, 'status' | 'paymentMethod' | 'paymentStatus'>) => {
  if (wasNeverCharged(order)) return 'Not charged';
  if (order.paymentMethod === 'cod' && order.paymentStatus === 'pending') return 'Pay on delivery';
  return paymentStatusLabels[order.paymentStatus];
};

export const paymentStatusToneOf = (order: Pick<Order, 'status' | 'paymentStatus'>) =>
  wasNeverCharged(order) ? 'neutral' : paymentStatusTone[order.paymentStatus];

export const paymentMethodLabels: Record<Order['paymentMethod'], string> = {
  mpesa: 'M-Pesa',
  stripe: 'Card',
  cod: 'Cash on delivery',
};

type Tone = 'good' | 'wait' | 'bad' | 'neutral';
/** Badge colours with at least 4.5:1 contrast (Tailwind's 100/900 pairs). */
export const toneClasses: Record<Tone, string> = {
  good: 'border-transparent bg-emerald-100 text-emerald-900',
  wait: 'border-transparent bg-amber-100 text-amber-900',
  bad: 'border-transparent bg-red-100 text-red-900',
  neutral: 'border-transparent bg-slate-100 text-slate-900',
};

export const orderStatusTone: Record<OrderStatus, Tone> = {
  pending_payment: 'wait',
  confirmed: 'neutral',
  paid: 'good',
  processing: 'neutral',
  shipped: 'neutral',
  delivered: 'good',
  cancelled: 'bad',
};

export const paymentStatusTone: Record<OrderPaymentStatus | OrderPayment['status'], Tone> = {
  unpaid: 'wait',
  pending: 'wait',
  paid: 'good',
  failed: 'bad',
  cancelled: 'bad',
  partially_refunded: 'neutral',
  refunded: 'neutral',
};

/**
 * The statuses from which a customer may cancel, as the API's transition table allows
 * (`orderMovesBy.customer` in apps/api/src/modules/orders/transitions.ts): before shipping.
 */
const customerCancellable: ReadonlySet<OrderStatus> = new Set([
  'pending_payment',
  'confirmed',
  'paid',
  'processing',
]);
export const canCancel = (order: Pick<Order, 'status'>) => customerCancellable.has(order.status);

/** An unpaid order awaiting payment can be paid again (`/checkout/pay/[orderId]`). */
export const canPay = (order: Pick<Order, 'status' | 'paymentStatus'>) =>
  order.status === 'pending_payment' &&
  (order.paymentStatus === 'unpaid' || order.paymentStatus === 'failed' || order.paymentStatus === 'pending');

/** Who made a move in the order's history, as the customer reads it. */
export const actorLabels: Record<Order['history'][number]['actor']['role'], string> = {
  customer: 'by you',
  seller: 'by the seller',
  admin: 'by Soko staff',
  system: 'automatically',
};

const paidByNote = /^paid by (mpesa|stripe|cod)$/;

/**
 * A history note as the shopper reads it: the API's own notes ("placed", "paid by mpesa") become
 * words or disappear; a note a person wrote (a seller, staff, the shopper) is shown as written.
 */
export function historyNote(note: string | null): string | null {
  if (!note || note === 'placed') return null;
  const paid = paidByNote.exec(note);
  if (paid) return `Paid by ${paymentMethodLabels[paid[1] as Order['paymentMethod']]}`;
  return `“${note}”`;
}

/** A readable label for a status in the history (the API types it as a plain string). */
export const historyStatusLabel = (status: string) =>
  isOrderStatus(status) ? orderStatusLabels[status] : status.replace(/_/g, ' ');

export const itemCount = (order: Pick<Order, 'items'>) => order.items.reduce((n, i) => n + i.quantity, 0);

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
