import { createHash, randomBytes } from 'node:crypto';
import {
  cartVariantsSql,
  findVariantsForCart,
  toCartVariant,
  type CartVariant,
  type CartVariantRow,
} from '../catalog/index.js';
import type { ServiceContext } from '../../platform/context.js';
import { withTx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { money } from '../../platform/schema.js';
import { outOfStock } from './errors.js';
import * as q from './queries.js';
import type { AddCartLineBody, Cart, CartLine, UpdateCartLineBody } from './schema.js';

// A cart is the signed-in caller's account cart, or else the guest cart whose token the caller
// sends (`X-Cart-Token`). Only the SHA-256 of a guest token is stored: a database leak does not
// hand out carts. Writes lock the cart row first (account cart, then guest cart, in that order
// everywhere), so a merge and a write to the same cart run one after the other.

/** Which cart a request means: its caller, and the guest token it sent (if any). */
export interface CartInput {
  cartToken?: string;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
const newToken = () => randomBytes(32).toString('base64url');

function ownerOf(ctx: ServiceContext, cartToken: string | undefined): q.CartOwner | null {
  if (ctx.actor) return { userId: ctx.actor.id };
  return cartToken ? { tokenHash: hashToken(cartToken) } : null;
}

/**
 * The current catalogue variants of these lines, by variant id: those in `known` (read earlier in
 * the same transaction) as they are, the others in one query (none when all are known).
 */
async function variantsOf(
  ctx: ServiceContext,
  lines: readonly { variantId: string }[],
  known: readonly CartVariant[] = [],
) {
  const variants = new Map(known.map((v) => [v.variantId, v]));
  const missing = lines.map((l) => l.variantId).filter((id) => !variants.has(id));
  for (const v of await findVariantsForCart(ctx, missing)) variants.set(v.variantId, v);
  return variants;
}

/** The cart as answered: current prices and stock for every line, read in one catalogue query. */
async function present(
  ctx: ServiceContext,
  cart: { id: string; lines: q.CartLineRow[] } | null,
  token?: string,
  known: readonly CartVariant[] = [],
): Promise<Cart> {
  const lines = cart?.lines ?? [];
  const variants = await variantsOf(ctx, lines, known);
  const currency = ctx.config.storeCurrency;
  const items: CartLine[] = [];
  for (const line of lines) {
    const v = variants.get(line.variantId);
    if (v) items.push(toCartLine(line, v));
  }
  return {
    id: cart?.id ?? null,
    ...(token ? { token } : {}),
    items,
    subtotal: money(
      items.filter((i) => i.available).reduce((sum, i) => sum + i.lineTotal.amount, 0),
      currency,
    ),
    itemCount: items.reduce((sum, i) => sum + i.quantity, 0),
  };
}

function toCartLine(line: q.CartLineRow, v: CartVariant): CartLine {
  return {
    id: line.id,
    variantId: v.variantId,
    productId: v.productId,
    slug: v.productSlug,
    title: v.productTitle,
    variantTitle: v.variantTitle,
    sku: v.sku,
    options: v.options,
    image: v.imageUrl,
    unitPrice: money(v.price, v.currency),
    quantity: line.quantity,
    lineTotal: money(v.price * line.quantity, v.currency),
    available: v.isBuyable && v.stock > 0,
    stock: v.stock,
    priceChanged: v.price !== line.addedUnitAmount,
  };
}

/** The caller's cart with current prices; no cart yet is an empty cart (`id: null`). */
export async function getCart(ctx: ServiceContext, input: CartInput): Promise<Cart> {
  const owner = ownerOf(ctx, input.cartToken);
  return present(ctx, owner ? await q.findCartWithLines(ctx.db, owner) : null);
}

/** Reads the cart a write just changed, answering the new guest token when the write made one. */
async function reread(ctx: ServiceContext, cartId: string, token: string | undefined) {
  return present(ctx, { id: cartId, lines: await q.selectLines(ctx.db, cartId) }, token);
}

/**
 * Adds units of a variant (the same variant again adds to its line). More units in the line than
 * are in stock: 409 `out_of_stock` with `available`; a variant shoppers cannot buy: 404. The
 * line's remembered price becomes the current price, which the shopper has just seen. One
 * statement: the variant, the locked cart, the line and the answer's lines (see `addLine`).
 */
export async function addCartLine(ctx: ServiceContext, input: CartInput & AddCartLineBody): Promise<Cart> {
  const token = ctx.actor ? undefined : newToken();
  const target: q.CartTarget = ctx.actor
    ? { userId: ctx.actor.id }
    : { tokenHash: input.cartToken ? hashToken(input.cartToken) : null, newTokenHash: hashToken(token!) };
  const added = await q.addLine<CartVariantRow>(ctx.db, target, input, cartVariantsSql);
  const variant = added.variant && toCartVariant(added.variant);
  if (!variant?.isBuyable) throw notFound('Product');
  if (!added.cart) throw outOfStock(variant.stock);
  const lines = added.cart.lines;
  return present(
    ctx,
    { id: added.cart.id, lines },
    added.cart.isNew ? token : undefined,
    lines.map((l) => toCartVariant(l.variant)),
  );
}

/** Sets a line's quantity (0 removes it); above stock: 409 `out_of_stock`. Another cart's line: 404. */
export async function updateCartLine(
  ctx: ServiceContext,
  input: CartInput & UpdateCartLineBody & { lineId: string },
): Promise<Cart> {
  return withTx(ctx, async (tx) => {
    const cartId = await lockCart(tx, input.cartToken);
    const line = cartId ? await q.findLine(tx.db, cartId, input.lineId) : null;
    if (!cartId || !line) throw notFound('Cart line');
    if (input.quantity === 0) {
      await q.deleteLine(tx.db, cartId, line.id);
    } else if (input.quantity > line.quantity) {
      const [variant] = await findVariantsForCart(tx, [line.variantId]);
      const stock = variant?.isBuyable ? variant.stock : 0;
      if (input.quantity > stock) throw outOfStock(stock);
      await q.setLineQuantity(tx.db, cartId, line.id, input.quantity);
    } else {
      // Fewer units never need a stock check: lowering a line over stock is how a shopper fixes it.
      await q.setLineQuantity(tx.db, cartId, line.id, input.quantity);
    }
    return reread(tx, cartId, undefined);
  });
}

/** The caller's existing cart, locked; never creates one. */
async function lockCart(ctx: ServiceContext, cartToken: string | undefined): Promise<string | null> {
  if (ctx.actor) return q.lockExistingUserCart(ctx.db, ctx.actor.id);
  return cartToken ? q.lockGuestCart(ctx.db, hashToken(cartToken)) : null;
}

/** Removes a line; another cart's line (or none): 404. */
export async function removeCartLine(
  ctx: ServiceContext,
  input: CartInput & { lineId: string },
): Promise<Cart> {
  return withTx(ctx, async (tx) => {
    const cartId = await lockCart(tx, input.cartToken);
    if (!cartId || !(await q.deleteLine(tx.db, cartId, input.lineId))) throw notFound('Cart line');
    return reread(tx, cartId, undefined);
  });
}

/** Empties the caller's cart (no cart: nothing to do). */
export async function clearCart(ctx: ServiceContext, input: CartInput): Promise<Cart> {
  return withTx(ctx, async (tx) => {
    const cartId = await lockCart(tx, input.cartToken);
    if (cartId) await q.deleteLines(tx.db, cartId);
    return present(tx, cartId ? { id: cartId, lines: [] } : null);
  });
}

/**
 * Moves a guest cart into the user's account cart, atomically, and deletes the guest cart:
 * quantities of the same variant are summed, each capped by its stock (a line the account cart
 * already holds never loses units); lines that can no longer be bought are not carried over.
 * Both carts are locked (account, then guest) before the guest lines are read, so two merges at
 * once (two sign-ins) run one after the other: the second finds the guest cart gone and changes
 * nothing. An unknown or already merged token is not an error. Called by `POST /cart/merge` and
 * by sign-in flows.
 */
export async function mergeGuestCart(
  ctx: ServiceContext,
  input: { userId: string; cartToken: string },
): Promise<Cart> {
  return withTx(ctx, async (tx) => {
    const accountId = await q.lockUserCart(tx.db, input.userId);
    const guestId = await q.lockGuestCart(tx.db, hashToken(input.cartToken));
    if (guestId && guestId !== accountId) {
      const guestLines = await q.selectLines(tx.db, guestId);
      const variants = await variantsOf(tx, guestLines);
      const carried = guestLines.flatMap((l) => {
        const v = variants.get(l.variantId);
        if (!v?.isBuyable || v.stock <= 0) return [];
        return [
          { variantId: l.variantId, quantity: l.quantity, unitAmount: l.addedUnitAmount, cap: v.stock },
        ];
      });
      await q.mergeLines(tx.db, accountId, carried);
      await q.deleteCart(tx.db, guestId);
    }
    return reread(tx, accountId, undefined);
  });
}

/** A cart line as checkout prices it: the catalogue's variant plus the quantity. */
export type CheckoutCartLine = CartVariant & { lineId: string; quantity: number };

/**
 * The user's cart for pricing, one statement: the cart row is locked until the caller's
 * transaction ends, lines come with their current variants. No cart: `cartId: null` and no lines.
 * Lines whose variant is gone are left out.
 */
export async function readCheckoutCart(
  ctx: ServiceContext,
  userId: string,
): Promise<{ cartId: string | null; lines: CheckoutCartLine[] }> {
  return checkoutCart(ctx, userId, false);
}

/**
 * The user's cart for placing an order, inside the order's transaction, in one statement: the
 * cart row locked, its lines deleted and answered with their current variants (a refusal later in
 * the transaction rolls the delete back). Two placements of one cart at once: the second gets the
 * lines the first left, none when it ordered them. No cart: `cartId: null` and no lines.
 */
export async function takeCheckoutCart(
  ctx: ServiceContext,
  userId: string,
): Promise<{ cartId: string | null; lines: CheckoutCartLine[] }> {
  return checkoutCart(ctx, userId, true);
}

async function checkoutCart(ctx: ServiceContext, userId: string, take: boolean) {
  const cart = await q.findCheckoutCart<CartVariantRow>(ctx.db, userId, cartVariantsSql, { take });
  if (!cart) return { cartId: null, lines: [] };
  const lines = cart.lines.map((l) => ({ ...toCartVariant(l.variant), lineId: l.id, quantity: l.quantity }));
  return { cartId: cart.id, lines };
}
