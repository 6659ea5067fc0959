'use client';
import { useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Loader2, Trash2 } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { FormField, fieldProps } from '@/components/ui/form-field';
import { FormError } from '@/components/auth/form-error';
import { toast } from '@/components/ui/toaster';
import { applyProblem, problemMessage } from '@/lib/form-errors';
import { AddressForm as Schema } from '@/lib/validation/auth';
import { addAddressAction, deleteAddressAction } from '../actions';
import { ClientForm } from '@/components/ui/client-form';
import type { Address } from '@/lib/api/types';

const fields: { name: keyof Schema; label: string; autoComplete: string; wide?: boolean }[] = [
  { name: 'fullName', label: 'Full name', autoComplete: 'name' },
  { name: 'phone', label: 'Phone', autoComplete: 'tel' },
  { name: 'line1', label: 'Address', autoComplete: 'address-line1', wide: true },
  { name: 'line2', label: 'Apartment, building (optional)', autoComplete: 'address-line2', wide: true },
  { name: 'city', label: 'City or town', autoComplete: 'address-level2' },
  { name: 'region', label: 'County or region (optional)', autoComplete: 'address-level1' },
  { name: 'postalCode', label: 'Postal code (optional)', autoComplete: 'postal-code' },
  { name: 'country', label: 'Country code', autoComplete: 'country' },
];

/** A new address for the book; `onSaved` (checkout) continues with it, `submitLabel` names that step. */
export function AddressForm({
  onSaved,
  submitLabel = 'Save address',
}: { onSaved?: (address: Address) => Promise<void>; submitLabel?: string } = {}) {
  const empty: Schema = {
    fullName: '',
    phone: '',
    line1: '',
    line2: '',
    city: '',
    region: '',
    postalCode: '',
    country: 'KE',
  };
  const form = useForm<Schema>({ resolver: zodResolver(Schema), defaultValues: empty });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    const result = await addAddressAction(values);
    if (!result.ok) {
      applyProblem(
        result.problem,
        form.setError,
        fields.map((f) => f.name),
      );
      return;
    }
    if (onSaved) {
      await onSaved(result.data);
      return;
    }
    form.reset(empty);
    toast.success('Address saved.');
  });
  return (
    <ClientForm onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-2">
      <div className="sm:col-span-2">
        <FormError message={errors.root?.message} />
      </div>
      {fields.map((f) => (
        <FormField
          key={f.name}
          id={`addr-${f.name}`}
          label={f.label}
          error={errors[f.name]?.message}
          className={f.wide ? 'sm:col-span-2' : undefined}
        >
          <Input
            {...fieldProps(`addr-${f.name}`, errors[f.name]?.message)}
            autoComplete={f.autoComplete}
            {...form.register(f.name)}
          />
        </FormField>
      ))}
      <div className="sm:col-span-2">
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? <Loader2 className="animate-spin" aria-hidden /> : null} {submitLabel}
        </Button>
      </div>
    </ClientForm>
  );
}

export function DeleteAddressButton({ id, label }: { id: string; label: string }) {
  const [isPending, startTransition] = useTransition();
  return (
    <Button
      variant="ghost"
      size="icon"
      disabled={isPending}
      aria-label={`Delete address ${label}`}
      onClick={() =>
        startTransition(async () => {
          const result = await deleteAddressAction(id);
          if (result.ok) toast.success('Address deleted.');
          else toast.error(problemMessage(result.problem));
        })
      }
    >
      {isPending ? <Loader2 className="animate-spin" /> : <Trash2 />}
    </Button>
  );
}
