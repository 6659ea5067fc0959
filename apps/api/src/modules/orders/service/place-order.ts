import { randomUUID } from 'node:crypto';
import type { OrderAddressSnapshot, OrderShippingSnapshot } from '../../../db/schema/orders.js';
import type { TxContext } from '../../../platform/context.js';
import { takeStock, type CartVariant } from '../../catalog/index.js';
import { toOrder } from '../dto.js';
import { emptyCart, outOfStock } from '../errors.js';
import { ORDER_CONFIRMATION_JOB, ORDER_PAYMENT_TIMEOUT_JOB } from '../jobs.js';
import { orderNumber } from '../number.js';
import * as q from '../queries.js';
import type { Order, PaymentMethod } from '../schema.js';
import type { OrderStatus, PaymentStatus } from '../transitions.js';

/** A line as the server priced it: the client's prices never reach here. */
export interface QuotedLine {
  variant: CartVariant;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
  /** This line's share of the order discount. */
  discount: number;
  /** This line's tax (after its discount, rounded half up). */
  tax: number;
}

/** Everything an order is written from: the cart re-read and quoted on the server. */
export interface QuotedOrder {
  userId: string;
  customer: { email: string; name: string };
  paymentMethod: PaymentMethod;
  currency: string;
  taxIncluded: boolean;
  lines: QuotedLine[];
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  total: number;
  coupon: { id: string; code: string } | null;
  shippingAddress: OrderAddressSnapshot;
  shippingMethod: OrderShippingSnapshot;
}

/** How each payment method starts: cash on delivery is confirmed at once, the others wait to be paid. */
const initialState: Record<PaymentMethod, { status: OrderStatus; paymentStatus: PaymentStatus }> = {
  cod: { status: 'confirmed', paymentStatus: 'pending' },
  mpesa: { status: 'pending_payment', paymentStatus: 'unpaid' },
  stripe: { status: 'pending_payment', paymentStatus: 'unpaid' },
};

/**
 * Writes a quoted order inside the caller's transaction: takes the stock (all lines or none,
 * variants locked in id order; 409 `out_of_stock` naming each short line), lets `redeem` count
 * the coupon use (it throws 422 `coupon_unavailable` when spent), writes the order with snapshot
 * lines and its first event, and queues the confirmation mail and, for an unpaid order, its
 * payment timeout, both in the same transaction. A constant number of statements, whatever the
 * number of lines.
 */
export async function writeQuotedOrder(
  tx: TxContext,
  quoted: QuotedOrder,
  redeem: (orderId: string) => Promise<void>,
): Promise<Order> {
  if (quoted.lines.length === 0) throw emptyCart();
  const taken = await takeStock(
    tx,
    quoted.lines.map((l) => ({ variantId: l.variant.variantId, quantity: l.quantity })),
  );
  if (!taken.ok) throw outOfStock(taken.short);
  const id = randomUUID();
  await redeem(id);
  const state = initialState[quoted.paymentMethod];
  const number = orderNumber(await q.nextOrderSequence(tx.db));
  const { order, lines, events } = await q.insertOrder(
    tx.db,
    {
      id,
      number,
      userId: quoted.userId,
      customerEmail: quoted.customer.email,
      customerName: quoted.customer.name,
      status: state.status,
      paymentStatus: state.paymentStatus,
      paymentMethod: quoted.paymentMethod,
      currency: quoted.currency,
      subtotal: quoted.subtotal,
      discount: quoted.discount,
      shipping: quoted.shipping,
      tax: quoted.tax,
      total: quoted.total,
      taxIncluded: quoted.taxIncluded,
      couponId: quoted.coupon?.id ?? null,
      couponCode: quoted.coupon?.code ?? null,
      shippingAddress: quoted.shippingAddress,
      shippingMethod: quoted.shippingMethod,
    },
    quoted.lines.map((l, position) => ({
      position,
      productId: l.variant.productId,
      variantId: l.variant.variantId,
      sellerId: l.variant.sellerId,
      sellerName: l.variant.sellerName,
      title: l.variant.productTitle,
      variantTitle: l.variant.variantTitle,
      sku: l.variant.sku,
      options: l.variant.options,
      image: l.variant.imageUrl,
      unitPrice: l.unitPrice,
      quantity: l.quantity,
      lineTotal: l.lineTotal,
      discount: l.discount,
      tax: l.tax,
    })),
    {
      fromStatus: null,
      toStatus: state.status,
      actorId: quoted.userId,
      actorRole: 'customer',
      note: 'placed',
    },
    tx.now,
  );
  await tx.jobs.send(ORDER_CONFIRMATION_JOB, { orderId: id }, { tx: tx.db });
  if (state.status === 'pending_payment') {
    await tx.jobs.send(
      ORDER_PAYMENT_TIMEOUT_JOB,
      { orderId: id },
      { tx: tx.db, startAfterSeconds: tx.config.orderPaymentTimeoutMinutes * 60 },
    );
  }
  return toOrder(order, lines, events);
}
