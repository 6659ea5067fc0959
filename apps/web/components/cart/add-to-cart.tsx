'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Check, Loader2, ShoppingCart } from 'lucide-react';
import { buttonVariants } from '@/components/ui/button-variants';
import { cx } from '@/lib/cx';
import { addToCartAction, type AddOutcome } from '@/app/(shop)/cart/actions';
import { useHydrated } from '@/lib/use-hydrated';

/**
 * Quantity and "Add to cart" for the chosen variant. The header count is server-rendered, so a
 * success refreshes the route (no client cart state that could disagree with the server's).
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
  const router = useRouter();
  const hydrated = useHydrated();
  const [quantity, setQuantity] = useState(1);
  const [outcome, setOutcome] = useState<AddOutcome | null>(null);
  const [isPending, startTransition] = useTransition();
  const max = Math.max(1, Math.min(stock, 10));

  if (!inStock) {
    return (
      <button type="button" disabled className={cx(buttonVariants({ size: 'lg' }), 'w-full sm:w-auto')}>
        Sold out
      </button>
    );
  }

  const add = () =>
    startTransition(async () => {
      setOutcome(null);
      const result = await addToCartAction({ variantId, quantity });
      setOutcome(result);
      if (result.ok) router.refresh();
    });

  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-end gap-3">
        <div className="grid gap-1.5">
          <label htmlFor="add-quantity" className="text-sm font-medium">
            Quantity
          </label>
          <select
            id="add-quantity"
            value={quantity}
            onChange={(e) => setQuantity(Number(e.target.value))}
            className="h-11 rounded-md border border-input bg-background px-3 text-sm"
          >
            {Array.from({ length: max }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        {/* A plain button with the button styles: `Button` would bring tailwind-merge to the page. */}
        <button
          type="button"
          className={cx(buttonVariants({ size: 'lg' }), 'flex-1 sm:flex-none')}
          disabled={!hydrated || isPending}
          onClick={add}
        >
          {isPending ? <Loader2 className="animate-spin" aria-hidden /> : <ShoppingCart aria-hidden />}
          Add to cart
        </button>
      </div>
      <p aria-live="polite" className="min-h-5 text-sm">
        {outcome?.ok ? (
          <span className="flex items-center gap-1 text-success">
            <Check aria-hidden className="size-4" /> Added to your cart.{' '}
            <Link href="/cart" className="font-medium text-primary underline">
              View cart
            </Link>
          </span>
        ) : outcome ? (
          <span role="alert" className="text-destructive">
            {outcome.message}
          </span>
        ) : null}
      </p>
    </div>
  );
}
