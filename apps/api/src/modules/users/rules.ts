import type { Actor } from '../../platform/auth.js';
import { sellerNotApproved } from './errors.js';

/**
 * Throws 403 `seller_not_approved` unless the actor is an admin or an approved seller. The
 * catalogue calls this before creating or changing products; `actor.sellerStatus` is read from
 * the database on every request by the token verifier, so an approval or revocation applies at once.
 */
export function assertCanSell(actor: Actor): void {
  if (actor.role === 'admin') return;
  if (actor.role === 'seller' && actor.sellerStatus === 'approved') return;
  throw sellerNotApproved();
}

/**
 * Whether this account's products may be shown to shoppers and bought: an active, live admin or
 * approved seller. The catalogue keeps `products.seller_listed` equal to this (the users module
 * calls `setSellerListing` whenever an account's answer changes).
 */
export function canSell(user: {
  role: string;
  status: string;
  sellerStatus: string | null;
  deletedAt: Date | null;
}): boolean {
  return (
    user.status === 'active' &&
    user.deletedAt === null &&
    (user.role === 'admin' || (user.role === 'seller' && user.sellerStatus === 'approved'))
  );
}
