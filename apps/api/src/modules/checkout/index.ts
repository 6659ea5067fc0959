import type { Module } from '../registry.js';
import { checkoutRoutes } from './routes.js';
import { checkoutDemoSeed, ensureShippingMethod } from './seed.js';

export { redeemCoupon, releaseCoupon } from './coupons.js';
export { quoteCheckout, resolveShippingAddress } from './quote.js';
export { listShippingMethods } from './shipping.js';
export type { ShippingAddress } from './quote.js';
export { checkoutFields, Quote, QuoteLine, ShippingMethod } from './schema.js';

/** Shipping methods, tax rates, coupons and checkout quotes. */
export const checkoutModule: Module = {
  name: 'checkout',
  routes: checkoutRoutes,
  bootstrap: [ensureShippingMethod],
  seed: checkoutDemoSeed,
  errorCodes: ['not_found', 'validation_failed', 'out_of_stock', 'coupon_unavailable'],
};
