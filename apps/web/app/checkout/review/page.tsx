import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { listAddresses } from '@/lib/api/auth';
import { quoteCheckout } from '@/lib/api/checkout';
import { listUsablePaymentMethods } from '@/lib/api/payments';
import { enterStep } from '@/lib/checkout/guard';
import { normaliseMpesaPhone } from '@/lib/checkout/phone';
import { formatMoney } from '@/lib/format';
import { problemMessage } from '@/lib/form-errors';
import { StepShell } from '@/components/checkout/step-shell';
import { PlaceOrder } from '@/components/checkout/place-order';
import { QuoteTable } from '@/components/checkout/quote-table';
import { TestModeBanner } from '@/components/checkout/test-mode-banner';
import { Alert, AlertDescription } from '@/components/ui/alert';

export const metadata: Metadata = { title: 'Checkout: review', robots: { index: false } };

function Choice({ title, href, children }: { title: string; href: string; children: React.ReactNode }) {
  return (
    <div className="flex justify-between gap-3 rounded-lg border p-3 text-sm">
      <div>
        <h2 className="font-semibold">{title}</h2>
        <div className="text-muted-foreground">{children}</div>
      </div>
      <Link href={href} className="h-fit text-primary underline">
        Change<span className="sr-only"> {title.toLowerCase()}</span>
      </Link>
    </div>
  );
}

export default async function ReviewPage() {
  const { cart, state } = await enterStep('review');
  const [addresses, methods] = await Promise.all([listAddresses(), listUsablePaymentMethods()]);
  const address = addresses.find((a) => a.id === state.addressId);
  const method = methods.find((m) => m.code === state.paymentMethod);
  if (!address) redirect('/checkout/address');
  if (!method) redirect('/checkout/payment');
  const quote = await quoteCheckout({
    addressId: address.id,
    shippingMethodId: state.shippingMethodId!,
    ...(state.couponCode ? { couponCode: state.couponCode } : {}),
  });
  const phone = state.phone ? normaliseMpesaPhone(state.phone) : null;
  return (
    <StepShell step="review" title="Review and place your order" cart={cart}>
      <TestModeBanner methods={method.testMode ? [method.name] : []} />
      <Choice title="Delivery address" href="/checkout/address">
        {address.fullName}, {address.line1}, {address.city}, {address.country} · {address.phone}
      </Choice>
      <Choice title="Payment" href="/checkout/payment">
        {method.name}
        {method.code === 'mpesa' && phone ? ` · prompt to +${phone}` : ''}
      </Choice>
      {quote.ok ? (
        <>
          <QuoteTable quote={quote.data} />
          <PlaceOrder
            total={formatMoney(quote.data.total)}
            label={method.code === 'cod' ? 'Place order' : 'Place order and pay'}
          />
        </>
      ) : (
        <Alert variant="destructive">
          <AlertDescription>
            {problemMessage(quote.problem)}{' '}
            <Link href="/checkout/shipping" className="underline">
              Check delivery and coupon
            </Link>
          </AlertDescription>
        </Alert>
      )}
    </StepShell>
  );
}
