import Link from 'next/link';
import { Check, Loader2, ShoppingCart } from 'lucide-react';
import { buttonVariants } from '@/components/ui/button-variants';
import { cx } from '@/lib/cx';
import { addToCartAction } from '@/app/(shop)/cart/actions';
import { AddToCartForm } from './add-to-cart-form';
import { QuantityOptions } from './quantity-options';

const idle = (
  <>
    <ShoppingCart aria-hidden />
    Add to cart
  </>
);
const pending = (
  <>
    <Loader2 className="animate-spin" aria-hidden />
    Add to cart
  </>
);
const added = (
  <span className="flex items-center gap-1 text-success">
    <Check aria-hidden className="size-4" /> Added to your cart.{' '}
    <Link href="/cart" className="font-medium text-primary underline">
      View cart
    </Link>
  </span>
);

/**
 * Quantity and "Add to cart" for one variant, rendered on the server (the variant chooser shows
 * the chosen variant's). The header count is server-rendered and the action refreshes the route,
 * so no client cart state can disagree with the server's.
 */
export function AddToCart({
  variantId,
  stock,
  inStock,
}: {
  variantId: string;
  stock: number;
  inStock: boolean;
}) {
  if (!inStock) {
    return (
      <button type="button" disabled className={cx(buttonVariants({ size: 'lg' }), 'w-full sm:w-auto')}>
        Sold out
      </button>
    );
  }
  const max = Math.max(1, Math.min(stock, 10));
  return (
    <AddToCartForm
      action={addToCartAction}
      buttonClass={cx(buttonVariants({ size: 'lg' }), 'flex-1 sm:flex-none')}
      idle={idle}
      pending={pending}
      added={added}
    >
      <input type="hidden" name="variantId" value={variantId} />
      <div className="grid gap-1.5">
        <label htmlFor="add-quantity" className="text-sm font-medium">
          Quantity
        </label>
        <select
          id="add-quantity"
          name="quantity"
          defaultValue={1}
          className="h-11 rounded-md border border-input bg-background px-3 text-sm"
        >
          <QuantityOptions max={max} />
        </select>
      </div>
    </AddToCartForm>
  );
}
