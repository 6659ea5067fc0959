import type { Metadata } from 'next';
import { listUsablePaymentMethods } from '@/lib/api/payments';
import { enterStep } from '@/lib/checkout/guard';
import { StepShell } from '@/components/checkout/step-shell';
import { PaymentStep } from '@/components/checkout/payment-step';
import { TestModeBanner } from '@/components/checkout/test-mode-banner';
import { Alert, AlertDescription } from '@/components/ui/alert';

export const metadata: Metadata = { title: 'Checkout: payment', robots: { index: false } };

export default async function PaymentPage() {
  const { cart, state } = await enterStep('payment');
  const methods = await listUsablePaymentMethods();
  return (
    <StepShell step="payment" title="How would you like to pay?" cart={cart}>
      <TestModeBanner methods={methods.filter((m) => m.testMode).map((m) => m.name)} />
      {methods.length === 0 ? (
        <Alert variant="warning">
          <AlertDescription>The shop takes no payments right now. Please try again later.</AlertDescription>
        </Alert>
      ) : (
        <PaymentStep
          methods={methods.map((m) => ({ code: m.code, name: m.name }))}
          chosen={state.paymentMethod}
          phone={state.phone}
        />
      )}
    </StepShell>
  );
}
