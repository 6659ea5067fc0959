import { EMPTY_CART, getCart } from '@/lib/api/cart';
import { CartLink } from './cart-link';
import { CartDrawerLazy } from './cart-drawer-lazy';

/** The header's cart button (server-rendered count: right after a merge, no hydration mismatch). */
export async function CartButton() {
  const cart = await getCart().catch(() => EMPTY_CART);
  if (cart.itemCount === 0) return <CartLink count={0} />;
  return (
    <CartDrawerLazy
      fallback={<CartLink count={cart.itemCount} />}
      count={cart.itemCount}
      subtotal={cart.subtotal}
      lines={cart.items.map((l) => ({
        id: l.id,
        title: l.title,
        variantTitle: l.variantTitle,
        slug: l.slug,
        image: l.image,
        quantity: l.quantity,
        lineTotal: l.lineTotal,
        available: l.available,
      }))}
    />
  );
}
