// Who sees and who may change a product: the one place these rules are written. Every catalogue
// read and write (lists, search, suggestions, detail, related, category counts, carts) uses them.
import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth.js';
import { notFound } from '../../platform/errors.js';

/**
 * Shoppers see a product, and may buy it, when it is active, not deleted, and its seller may sell
 * (`seller_listed`: an approved seller or the shop admin, with an active account). As SQL over
 * `products p`; the partial indexes shopper queries read carry the same predicate.
 */
export const visibleToShoppers = sql`p.status = 'active' and p.deleted_at is null and p.seller_listed`;

/** A variant a shopper may put in a cart and buy: live, of a product shoppers see (`v`, `p`). */
export const buyableVariant = sql`${visibleToShoppers} and v.deleted_at is null`;

/** {@link visibleToShoppers} for a row already read. */
export const isVisibleToShoppers = (p: {
  status: string;
  deleted_at: Date | string | null;
  seller_listed: boolean;
}) => p.status === 'active' && p.deleted_at === null && p.seller_listed;

/**
 * The product's seller or an admin may see it in any status (a rejected seller still sees its
 * hidden products) and change it. Deleted products are gone for everyone.
 */
export const canManageProduct = (actor: Actor, p: { sellerId: string; isDeleted: boolean }) =>
  !p.isDeleted && (actor.role === 'admin' || p.sellerId === actor.id);

/** Throws 404 (not 403: the product's existence is not told) unless {@link canManageProduct}. */
export function assertCanManageProduct(
  actor: Actor,
  p: { sellerId: string; isDeleted: boolean } | null | undefined,
): asserts p is { sellerId: string; isDeleted: boolean } {
  if (!p || !canManageProduct(actor, p)) throw notFound('Product');
}
