'use client';
import dynamic from 'next/dynamic';
import { ShoppingCart } from 'lucide-react';
import { cartButtonClass } from './cart-button-class';

/**
 * The drawer in its own chunk (Radix Dialog), loaded only when the cart has something in it;
 * an empty cart's button is a plain link with no script.
 */
export const CartDrawerLazy = dynamic(() => import('./cart-drawer').then((m) => m.CartDrawer), {
  loading: () => (
    <span aria-hidden className={cartButtonClass}>
      <ShoppingCart className="size-5" />
    </span>
  ),
});
