import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { listAddresses } from '@/lib/api/auth';
import { listShippingMethods } from '@/lib/api/checkout';
import { enterStep } from '@/lib/checkout/guard';
import { formatMoney } from '@/lib/format';
import { StepShell } from '@/components/checkout/step-shell';
import { ShippingStep } from '@/components/checkout/shipping-step';
import { Alert, AlertDescription } from '@/components/ui/alert';

export const metadata: Metadata = { title: 'Checkout: delivery', robots: { index: false } };

export default async function ShippingPage() {
  const { cart, state } = await enterStep('shipping');
  const address = (await listAddresses()).find((a) => a.id === state.addressId);
  if (!address) redirect('/checkout/address');
  const result = await listShippingMethods(address.country, address.region);
  const methods = result.ok ? result.data.items : [];
  return (
    <StepShell step="shipping" title="How should it travel?" cart={cart}>
      <p className="text-sm text-muted-foreground">
        To {address.fullName}, {address.line1}, {address.city} ·{' '}
        <Link href="/checkout/address" className="text-primary underline">
          Change
        </Link>
      </p>
      {methods.length === 0 ? (
        <Alert variant="warning">
          <AlertDescription>
            We do not deliver to this address yet.{' '}
            <Link href="/checkout/address">Choose another address</Link>.
          </AlertDescription>
        </Alert>
      ) : (
        <ShippingStep
          chosenId={state.shippingMethodId}
          coupon={state.couponCode}
          methods={methods.map((m) => ({
            id: m.id,
            name: m.name,
            description: m.description,
            price:
              m.freeAbove && cart.subtotal.amount >= m.freeAbove.amount
                ? 'Free'
                : m.price.amount === 0
                  ? 'Free'
                  : formatMoney(m.price),
            days: m.estimatedDays ? `${m.estimatedDays.min}–${m.estimatedDays.max} days` : null,
          }))}
        />
      )}
    </StepShell>
  );
}
