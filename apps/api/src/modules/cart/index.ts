import type { Module } from '../registry.js';
import { cartRoutes } from './routes.js';

export { addCartLine, mergeGuestCart, readCheckoutCart, takeCheckoutCart } from './service.js';
export type { CheckoutCartLine } from './service.js';
export { Cart, CartLine } from './schema.js';

/** Guest and account carts, merged at sign-in. */
export const cartModule: Module = {
  name: 'cart',
  routes: cartRoutes,
  errorCodes: ['not_found', 'out_of_stock'],
};
