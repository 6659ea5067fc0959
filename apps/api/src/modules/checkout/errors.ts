import { AppError, validationFailed } from '../../platform/errors.js';

/** A coupon that cannot be used now; `detail` tells the shopper why in words. */
export const couponUnavailable = (detail: string) => new AppError('coupon_unavailable', { detail });

export const fieldInvalid = (path: string, message: string, detail = 'The request is not valid') =>
  validationFailed([{ path, message }], detail);

export const emptyCart = () => fieldInvalid('cart', 'is empty', 'Your cart is empty');

/** Lines the cart holds beyond stock (or that cannot be bought), as POST /orders names them. */
export const cartOutOfStock = (lines: { variantId: string; requested: number; available: number }[]) =>
  new AppError('out_of_stock', {
    detail: 'Some items in your cart are no longer available in the quantity you chose',
    meta: { lines },
  });

/** Whether `err` (or an error it wraps, as Drizzle does) is a unique violation of `constraint`. */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  for (
    let e = err as { code?: unknown; constraint?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 4;
    depth++
  ) {
    if (e.code === '23505' && e.constraint === constraint) return true;
    e = e.cause as typeof e;
  }
  return false;
}
