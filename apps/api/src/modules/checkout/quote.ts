import { getAddress, type CreateAddressBody } from '../addresses/index.js';
import { readCheckoutCart, type CheckoutCartLine } from '../cart/index.js';
import { actorOf } from '../../platform/auth.js';
import type { ServiceContext } from '../../platform/context.js';
import { money } from '../../platform/schema.js';
import { couponEffect, findUsableCoupon } from './coupons.js';
import { cartOutOfStock, emptyCart, fieldInvalid } from './errors.js';
import { priceOrder } from './pricing.js';
import * as q from './queries.js';
import type { Quote, QuoteBody } from './schema.js';
import { servesAddress } from './shipping.js';
import { readTogether } from '../../platform/statements.js';

/** Where an order ships: a saved address's fields or a new one's. */
export type ShippingAddress = CreateAddressBody;

/**
 * The address a checkout body names: `addressId` (one of the caller's, else 404) or
 * `shippingAddress`; exactly one of them (400 otherwise).
 */
export async function resolveShippingAddress(
  ctx: ServiceContext,
  body: Pick<QuoteBody, 'addressId' | 'shippingAddress'>,
): Promise<ShippingAddress> {
  if (body.addressId && body.shippingAddress) {
    throw fieldInvalid('addressId', 'send either addressId or shippingAddress, not both');
  }
  if (body.shippingAddress) return body.shippingAddress;
  if (!body.addressId) throw fieldInvalid('shippingAddress', 'send shippingAddress or addressId');
  const { id: _id, ...address } = await getAddress({ ...ctx, actor: actorOf(ctx.actor) }, body.addressId);
  return address;
}

/**
 * Prices a cart for checkout from data read once: the shipping method (must be enabled and
 * deliver to the address, else 400 on `shippingMethodId`), the tax rate of the address (its
 * region's, else its country's, else none), the coupon (422 `coupon_unavailable` with the reason).
 * The lines must all be buyable in the quantities held: otherwise 409 `out_of_stock` with `lines`
 * (`available` 0 for a line that cannot be bought at all); an empty cart is 400. Prices are the
 * catalogue's current ones: nothing a client sends is priced. Arithmetic: {@link priceOrder}.
 * Used by `POST /checkout/quote` and by placing an order (which then takes stock and redeems the
 * coupon in its own transaction).
 */
export async function quoteCheckout(
  ctx: ServiceContext,
  input: {
    userId: string;
    cartLines: readonly CheckoutCartLine[];
    shippingAddress: ShippingAddress;
    shippingMethodId: string;
    couponCode?: string | null;
  },
): Promise<Quote> {
  const lines = input.cartLines;
  if (lines.length === 0) throw emptyCart();
  const short = lines
    .map((l) => ({ variantId: l.variantId, requested: l.quantity, available: l.isBuyable ? l.stock : 0 }))
    .filter((l) => l.requested > l.available);
  if (short.length > 0) throw cartOutOfStock(short);

  const { country, region } = input.shippingAddress;
  const found = await q.findShippingMethodAndTaxRate(ctx.db, input.shippingMethodId, {
    country,
    region: region ?? null,
  });
  const method = found?.method;
  const taxRate = found?.taxRate ?? 0;
  if (!method || !servesAddress(method, country, region ?? null)) {
    throw fieldInvalid(
      'shippingMethodId',
      'does not deliver to this address',
      'Choose another shipping method',
    );
  }
  const subtotal = lines.reduce((sum, l) => sum + l.price * l.quantity, 0);
  const coupon = input.couponCode
    ? await findUsableCoupon(ctx, { code: input.couponCode, userId: input.userId, subtotal })
    : null;

  const totals = priceOrder({
    lines: lines.map((l) => ({ unitPrice: l.price, quantity: l.quantity })),
    coupon: coupon ? couponEffect(coupon) : null,
    shipping: { price: method.priceAmount, freeAbove: method.freeAboveAmount },
    taxRate,
    pricesIncludeTax: ctx.config.pricesIncludeTax,
  });
  const currency = ctx.config.storeCurrency;
  const m = (amount: number) => money(amount, currency);
  return {
    lines: lines.map((l, i) => ({
      variantId: l.variantId,
      productId: l.productId,
      sellerId: l.sellerId,
      title: l.productTitle,
      variantTitle: l.variantTitle,
      sku: l.sku,
      options: l.options,
      unitPrice: m(l.price),
      quantity: l.quantity,
      lineTotal: m(totals.lines[i]!.lineTotal),
      discount: m(totals.lines[i]!.discount),
      tax: m(totals.lines[i]!.tax),
    })),
    subtotal: m(totals.subtotal),
    discount: m(totals.discount),
    shipping: m(totals.shipping),
    tax: m(totals.tax),
    total: m(totals.total),
    taxIncluded: totals.taxIncluded,
    taxRate,
    coupon: coupon ? { id: coupon.id, code: coupon.code, type: coupon.type } : null,
    shippingMethod: { id: method.id, name: method.name },
  };
}

/** `POST /checkout/quote`: the signed-in caller's cart priced for this address, method and coupon. */
export async function getQuote(ctx: ServiceContext, body: QuoteBody): Promise<Quote> {
  const userId = actorOf(ctx.actor).id;
  const [shippingAddress, cart] = await readTogether(
    ctx.db,
    async () => resolveShippingAddress(ctx, body),
    async () => readCheckoutCart(ctx, userId),
  );
  return quoteCheckout(ctx, {
    userId,
    cartLines: cart.lines,
    shippingAddress,
    shippingMethodId: body.shippingMethodId,
    couponCode: body.couponCode,
  });
}
