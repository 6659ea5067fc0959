import { randomUUID } from 'node:crypto';
import type { OrderAddressSnapshot, OrderShippingSnapshot } from '../../../db/schema/orders.js';
import type { Actor } from '../../../platform/auth.js';
import type { ServiceContext, TxContext } from '../../../platform/context.js';
import { notAuthenticated } from '../../../platform/errors.js';
import { runIdempotent, type IdempotentAnswer } from '../../../platform/idempotency.js';
import { takeCheckoutCart } from '../../cart/index.js';
import { takeStock, type CartVariant } from '../../catalog/index.js';
import { quoteCheckout, redeemCoupon, resolveShippingAddress } from '../../checkout/index.js';
import { findUserContacts } from '../../users/index.js';
import { toOrder } from '../dto.js';
import { noLines, outOfStock } from '../errors.js';
import { orderPaymentHooks } from './payment-hooks.js';
import { ORDER_CONFIRMATION_JOB, ORDER_PAYMENT_TIMEOUT_JOB } from '../jobs.js';
import * as q from '../queries.js';
import type { Order, PaymentMethod, PlaceOrderBody } from '../schema.js';
import type { OrderStatus, PaymentStatus } from '../transitions.js';

type ActorContext = ServiceContext & { actor: Actor };

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
 * Writes a quoted order inside the caller's transaction: the order with snapshot lines, its
 * first event and its payment rows (one statement), the confirmation mail and, for an unpaid order,
 * its payment timeout (queued in the same transaction); then, last, the contended row locks: it
 * takes the stock (all lines or none, variants then products locked in id order; 409
 * `out_of_stock` naming each short line) and lets `redeem` count the coupon use (it throws 422
 * `coupon_unavailable` when spent). A refusal rolls everything back. A constant number of
 * statements, whatever the number of lines.
 *
 * Why the locks come last: a hot variant's row stays locked from the stock statement until
 * commit, and that time bounds its orders per second; here only the coupon (if any), the caller's
 * remaining statements and the commit follow. It cannot deadlock: nothing written before takes a
 * lock another placement wants (no foreign key points from the order's rows at variants, products
 * or coupons), and the locks themselves are taken in one fixed order (variants, products, coupon),
 * the order cancellation takes them in too. The stock locks are `for update` (see takeStock).
 */
export async function writeQuotedOrder(
  tx: TxContext,
  quoted: QuotedOrder,
  redeem: (orderId: string) => Promise<void>,
): Promise<Order> {
  if (quoted.lines.length === 0) throw noLines();
  const id = randomUUID();
  const state = initialState[quoted.paymentMethod];
  // Cash on delivery's pending payment row (the payments module's) is written with the order.
  const { insert: paymentInsert, payments } = orderPaymentHooks()?.placing(tx, {
    id,
    userId: quoted.userId,
    paymentMethod: quoted.paymentMethod,
    total: quoted.total,
    currency: quoted.currency,
    createdAt: tx.now,
  }) ?? { insert: null, payments: [] };
  const { order, lines, events } = await q.insertOrder(
    tx.db,
    {
      id,
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
    paymentInsert ? [paymentInsert] : [],
  );
  await tx.jobs.send(ORDER_CONFIRMATION_JOB, { orderId: id }, { tx: tx.db });
  if (state.status === 'pending_payment') {
    await tx.jobs.send(
      ORDER_PAYMENT_TIMEOUT_JOB,
      { orderId: id },
      { tx: tx.db, startAfterSeconds: tx.config.orderPaymentTimeoutMinutes * 60 },
    );
  }
  const taken = await takeStock(
    tx,
    quoted.lines.map((l) => ({ variantId: l.variant.variantId, quantity: l.quantity })),
  );
  if (!taken.ok) throw outOfStock(taken.short);
  await redeem(id);
  return toOrder(
    order,
    lines,
    events,
    payments.map(({ orderId: _, ...p }) => p),
  );
}

/**
 * `POST /orders`: places the caller's cart as an order, at most once per `Idempotency-Key`.
 * In one short transaction (opened by {@link runIdempotent} after the key row is committed): the
 * cart is locked and its lines taken out of it (one statement, so a second placement of the same
 * cart finds them gone), quoted on the server (client prices are never read), the order is written
 * with snapshot lines and the confirmation mail queued, then stock is taken in variant-id order
 * and the coupon use counted under its row lock. All or nothing:
 * 409 `out_of_stock` (with `lines`) or 422 `coupon_unavailable` leave nothing placed.
 */
export async function placeOrder(
  ctx: ActorContext,
  input: { idempotencyKey: string | undefined; body: PlaceOrderBody },
): Promise<IdempotentAnswer<Order>> {
  const userId = ctx.actor.id;
  const { body } = input;
  return runIdempotent(
    ctx,
    { userId, key: input.idempotencyKey, method: 'POST', path: '/orders', body },
    async (tx) => {
      const address = await resolveShippingAddress(tx, body);
      // Read with the session check when the order comes over HTTP; otherwise (jobs, the seed) here.
      const contact = ctx.actor.contact ?? (await findUserContacts(tx, [userId]))[0];
      if (!contact) throw notAuthenticated();
      const cart = await takeCheckoutCart(tx, userId);
      const quote = await quoteCheckout(tx, {
        userId,
        cartLines: cart.lines,
        shippingAddress: address,
        shippingMethodId: body.shippingMethodId,
        couponCode: body.couponCode,
      });
      const byVariant = new Map(cart.lines.map((l) => [l.variantId, l]));
      const coupon = quote.coupon;
      const order = await writeQuotedOrder(
        tx,
        {
          userId,
          customer: { email: contact.email, name: contact.name },
          paymentMethod: body.paymentMethod,
          currency: quote.total.currency,
          taxIncluded: quote.taxIncluded,
          lines: quote.lines.map((l) => ({
            variant: byVariant.get(l.variantId)!,
            quantity: l.quantity,
            unitPrice: l.unitPrice.amount,
            lineTotal: l.lineTotal.amount,
            discount: l.discount.amount,
            tax: l.tax.amount,
          })),
          subtotal: quote.subtotal.amount,
          discount: quote.discount.amount,
          shipping: quote.shipping.amount,
          tax: quote.tax.amount,
          total: quote.total.amount,
          coupon: coupon ? { id: coupon.id, code: coupon.code } : null,
          shippingAddress: {
            fullName: address.fullName,
            phone: address.phone,
            line1: address.line1,
            line2: address.line2 ?? null,
            city: address.city,
            region: address.region ?? null,
            postalCode: address.postalCode ?? null,
            country: address.country,
          },
          shippingMethod: { ...quote.shippingMethod, price: quote.shipping.amount },
        },
        async (orderId) => {
          if (coupon) await redeemCoupon(tx, { couponId: coupon.id, userId, orderId });
        },
      );
      return { status: 201, body: order };
    },
  );
}
