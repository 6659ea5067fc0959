'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { Address } from '@/lib/api/types';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/auth/form-error';
import { ClientForm } from '@/components/ui/client-form';
import { AddressForm } from '@/app/account/addresses/address-form';
import { chooseAddressAction } from '@/app/checkout/actions';
import { problemMessage } from '@/lib/form-errors';
import { RadioCard, StepSubmit } from './fields';

const oneLine = (a: Address) => [a.line1, a.line2, a.city, a.region, a.country].filter(Boolean).join(', ');

/** Pick a saved address, or add one (saved to the address book) and continue with it. */
export function AddressStep({ addresses, chosenId }: { addresses: Address[]; chosenId?: string }) {
  const router = useRouter();
  const [selected, setSelected] = useState(chosenId ?? addresses[0]?.id ?? '');
  const [error, setError] = useState<string>();
  const [isPending, startTransition] = useTransition();
  const [adding, setAdding] = useState(addresses.length === 0);

  const choose = (id: string) =>
    new Promise<void>((resolve) =>
      startTransition(async () => {
        setError(undefined);
        const result = await chooseAddressAction(id);
        if (result.ok) router.push(result.data.next);
        else setError(problemMessage(result.problem));
        resolve();
      }),
    );

  return (
    <div className="grid gap-6">
      {addresses.length > 0 ? (
        <ClientForm
          onSubmit={(e) => {
            e.preventDefault();
            void choose(selected);
          }}
          className="grid gap-3"
        >
          <FormError message={error} />
          <fieldset className="grid gap-2">
            <legend className="mb-2 text-sm font-semibold">Deliver to</legend>
            {addresses.map((a) => (
              <RadioCard
                key={a.id}
                name="address"
                value={a.id}
                checked={selected === a.id}
                onSelect={() => setSelected(a.id)}
              >
                <span className="text-sm">
                  <span className="block font-medium">{a.fullName}</span>
                  <span className="block text-muted-foreground">{oneLine(a)}</span>
                  <span className="block text-muted-foreground">{a.phone}</span>
                </span>
              </RadioCard>
            ))}
          </fieldset>
          <StepSubmit pending={isPending} disabled={!selected}>
            Deliver here
          </StepSubmit>
        </ClientForm>
      ) : null}
      {adding ? (
        <section aria-labelledby="new-address" className="grid gap-3 rounded-lg border p-4">
          <h2 id="new-address" className="font-semibold">
            New address
          </h2>
          <p className="text-sm text-muted-foreground">It is saved to your address book.</p>
          <AddressForm submitLabel="Save and deliver here" onSaved={(a) => choose(a.id)} />
        </section>
      ) : (
        <Button type="button" variant="outline" className="sm:w-fit" onClick={() => setAdding(true)}>
          Add a new address
        </Button>
      )}
    </div>
  );
}
