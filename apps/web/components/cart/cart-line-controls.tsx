'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import { Loader2, Trash2 } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { removeCartLineAction, setCartLineAction } from '@/app/(shop)/cart/actions';
import { problemMessage } from '@/lib/form-errors';
import { useHydrated } from '@/lib/use-hydrated';
import { QuantityOptions } from './quantity-options';

/** A line's quantity and remove button; each change goes to the API and re-renders the cart. */
export function CartLineControls({
  id,
  title,
  quantity,
  stock,
}: {
  id: string;
  title: string;
  quantity: number;
  stock: number;
}) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [isPending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const max = Math.max(quantity, Math.min(stock, 10));
  const change = (next: number) =>
    startTransition(async () => {
      setError(null);
      const result =
        next === 0 ? await removeCartLineAction(id) : await setCartLineAction({ id, quantity: next });
      if (!result.ok) {
        const available = result.problem.available;
        setError(
          result.problem.code === 'out_of_stock' && typeof available === 'number'
            ? `Only ${available} left.`
            : problemMessage(result.problem),
        );
      }
      router.refresh();
    });
  return (
    <div className="grid gap-1">
      <div className="flex items-center gap-2">
        <label htmlFor={`qty-${id}`} className="sr-only">
          Quantity of {title}
        </label>
        <select
          id={`qty-${id}`}
          value={quantity}
          disabled={!hydrated || isPending}
          onChange={(e) => change(Number(e.target.value))}
          className="h-9 rounded-md border border-input bg-background px-2 text-sm"
        >
          <QuantityOptions max={max} />
        </select>
        <Button
          type="button"
          variant="ghost"
          size="sm"
          disabled={!hydrated || isPending}
          onClick={() => change(0)}
          aria-label={`Remove ${title}`}
        >
          {isPending ? <Loader2 className="animate-spin" aria-hidden /> : <Trash2 aria-hidden />}
          <span className="hidden sm:inline">Remove</span>
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-xs font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Live availability: the cart is read again when the shopper comes back to the tab. */
export function RefreshOnFocus() {
  const router = useRouter();
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') router.refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [router]);
  return null;
}
