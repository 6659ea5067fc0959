import type { Module } from '../registry.js';
import { checkoutRoutes } from './routes.js';
import { seedCheckout } from './seed.js';

export { redeemCoupon, releaseCoupon } from './coupons.js';
export { quoteCheckout, resolveShippingAddress } from './quote.js';
export type { ShippingAddress } from './quote.js';
export { checkoutFields, Quote, QuoteLine, ShippingMethod } from './schema.js';
export { seedCheckout } from './seed.js';

/** Shipping methods, tax rates, coupons and checkout quotes. */
export const checkoutModule: Module = {
  name: 'checkout',
  routes: checkoutRoutes,
  bootstrap: [seedCheckout],
  errorCodes: ['not_found', 'validation_failed', 'out_of_stock', 'coupon_unavailable'],
};
