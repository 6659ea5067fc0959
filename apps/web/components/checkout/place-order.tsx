'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Loader2 } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/auth/form-error';
import { placeOrderAction } from '@/app/checkout/actions';
import { problemMessage } from '@/lib/form-errors';
import { useHydrated } from '@/lib/use-hydrated';

/**
 * "Place order". The button is disabled while the order is on its way, and the server action
 * sends this checkout attempt's Idempotency-Key, so even a second request gets the same order.
 */
export function PlaceOrder({ total, label }: { total: string; label: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [error, setError] = useState<string>();
  const [isPending, startTransition] = useTransition();
  const place = () =>
    startTransition(async () => {
      setError(undefined);
      const result = await placeOrderAction();
      if (result.ok) {
        router.push(result.data.next);
        return;
      }
      setError(
        `${problemMessage(result.problem)}${result.problem.detail ? ` ${result.problem.detail}` : ''}`,
      );
      router.refresh();
    });
  return (
    <div className="grid gap-3">
      <FormError message={error} />
      <Button type="button" size="lg" disabled={!hydrated || isPending} onClick={place} className="sm:w-fit">
        {isPending ? <Loader2 className="animate-spin" aria-hidden /> : null}
        {isPending ? 'Placing your order…' : `${label} · ${total}`}
      </Button>
    </div>
  );
}
