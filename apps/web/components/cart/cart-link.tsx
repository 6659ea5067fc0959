import Link from 'next/link';
import { ShoppingCart } from 'lucide-react';
import { cartButtonClass } from './cart-button-class';

export const cartLabel = (count: number) =>
  count === 0 ? 'Cart, empty' : `Cart, ${count} ${count === 1 ? 'item' : 'items'}`;

/** The count bubble on the cart button (units, as the API's `itemCount`). */
export function CartCount({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <span
      aria-hidden
      data-testid="cart-count"
      className="absolute -right-1 -top-1 grid min-w-5 place-items-center rounded-full bg-primary px-1 text-xs font-semibold leading-5 text-primary-foreground"
    >
      {count > 99 ? '99+' : count}
    </span>
  );
}

/** The header's cart button without script: a link to /cart (also the drawer's loading state). */
export function CartLink({ count }: { count: number }) {
  return (
    <Link href="/cart" className={cartButtonClass} aria-label={cartLabel(count)}>
      <ShoppingCart aria-hidden className="size-5" />
      <CartCount count={count} />
    </Link>
  );
}
