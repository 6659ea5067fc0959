'use client';
import { useRouter } from 'next/navigation';
import { Loader2 } from 'lucide-react';
import { usePaymentWatch } from './use-payment-watch';

/** After the card was accepted: waits for the payment to settle (Stripe's webhook), then confirms. */
export function CardConfirming({ orderId }: { orderId: string }) {
  const router = useRouter();
  usePaymentWatch(orderId, null, (state) => {
    if (state.paymentStatus === 'paid') router.replace(`/checkout/confirmation/${orderId}`);
    else router.refresh();
  });
  return (
    <p role="status" className="flex items-center gap-2 rounded-lg border p-6 text-sm">
      <Loader2 aria-hidden className="size-4 animate-spin" /> Card accepted. Confirming your payment…
    </p>
  );
}
