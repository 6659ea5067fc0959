'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { FormError } from '@/components/auth/form-error';
import { ClientForm } from '@/components/ui/client-form';
import { chooseShippingAction } from '@/app/checkout/actions';
import { problemMessage } from '@/lib/form-errors';
import { RadioCard, StepSubmit } from './fields';

export interface MethodOption {
  id: string;
  name: string;
  description: string;
  price: string;
  days: string | null;
}

/** Delivery method for the chosen address, and an optional coupon (checked against the server's quote). */
export function ShippingStep({
  methods,
  chosenId,
  coupon,
}: {
  methods: MethodOption[];
  chosenId?: string;
  coupon?: string;
}) {
  const router = useRouter();
  const [selected, setSelected] = useState(chosenId ?? methods[0]?.id ?? '');
  const [couponCode, setCouponCode] = useState(coupon ?? '');
  const [error, setError] = useState<{ field: 'coupon' | 'root'; message: string }>();
  const [isPending, startTransition] = useTransition();

  const submit = () =>
    startTransition(async () => {
      setError(undefined);
      const result = await chooseShippingAction({ shippingMethodId: selected, couponCode });
      if (result.ok) {
        router.push(result.data.next);
        return;
      }
      const { problem } = result;
      setError(
        problem.code === 'coupon_unavailable'
          ? { field: 'coupon', message: `${problem.title}. ${problem.detail ?? ''}`.trim() }
          : { field: 'root', message: problemMessage(problem) },
      );
    });

  return (
    <ClientForm
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      className="grid gap-5"
    >
      <FormError message={error?.field === 'root' ? error.message : undefined} />
      <fieldset className="grid gap-2">
        <legend className="mb-2 text-sm font-semibold">Delivery option</legend>
        {methods.map((m) => (
          <RadioCard
            key={m.id}
            name="shipping"
            value={m.id}
            checked={selected === m.id}
            onSelect={() => setSelected(m.id)}
          >
            <span className="flex-1 text-sm">
              <span className="block font-medium">{m.name}</span>
              {m.description ? <span className="block text-muted-foreground">{m.description}</span> : null}
              {m.days ? <span className="block text-muted-foreground">{m.days}</span> : null}
            </span>
            <span className="text-sm font-semibold">{m.price}</span>
          </RadioCard>
        ))}
      </fieldset>
      <div className="grid gap-1.5 sm:max-w-xs">
        <Label htmlFor="coupon">Coupon code (optional)</Label>
        <Input
          id="coupon"
          value={couponCode}
          autoComplete="off"
          onChange={(e) => setCouponCode(e.target.value)}
          aria-invalid={error?.field === 'coupon' || undefined}
          aria-describedby={error?.field === 'coupon' ? 'coupon-error' : undefined}
        />
        {error?.field === 'coupon' ? (
          <p id="coupon-error" role="alert" className="text-xs font-medium text-destructive">
            {error.message}
          </p>
        ) : null}
      </div>
      <StepSubmit pending={isPending} disabled={!selected}>
        Continue to payment
      </StepSubmit>
    </ClientForm>
  );
}
