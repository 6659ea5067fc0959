import type { Metadata } from 'next';
import { getCart } from '@/lib/api/cart';
import { CartView } from '@/components/cart/cart-view';

export const metadata: Metadata = { title: 'Your cart', robots: { index: false } };

export default async function CartPage() {
  const cart = await getCart();
  return (
    <div className="mx-auto max-w-5xl px-4 py-8">
      <CartView cart={cart} />
    </div>
  );
}
