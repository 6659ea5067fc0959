import type { Metadata } from 'next';
import { listAddresses } from '@/lib/api/auth';
import { enterStep } from '@/lib/checkout/guard';
import { StepShell } from '@/components/checkout/step-shell';
import { AddressStep } from '@/components/checkout/address-step';

export const metadata: Metadata = { title: 'Checkout: address', robots: { index: false } };

export default async function AddressPage() {
  const { cart, state } = await enterStep('address');
  const addresses = await listAddresses();
  return (
    <StepShell step="address" title="Where should we deliver?" cart={cart}>
      <AddressStep addresses={addresses} chosenId={state.addressId} />
    </StepShell>
  );
}
