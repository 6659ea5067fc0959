'use client';
import { lazy, Suspense, type ComponentProps, type ReactNode } from 'react';

const CartDrawer = lazy(() => import('./cart-drawer').then((m) => ({ default: m.CartDrawer })));

/**
 * The drawer in its own chunk (Radix Dialog), loaded only when the cart has something in it; an
 * empty cart's button is a plain link with no script. Until the chunk arrives (after adding the
 * first item, say), `fallback` stands in: the server-rendered link to /cart, with the count.
 * `React.lazy`, not `next/dynamic`: the header is on every page, and next/dynamic's loader would
 * add about 1 kB gzipped to each.
 */
export function CartDrawerLazy({
  fallback,
  ...props
}: ComponentProps<typeof CartDrawer> & { fallback: ReactNode }) {
  return (
    <Suspense fallback={fallback}>
      <CartDrawer {...props} />
    </Suspense>
  );
}
