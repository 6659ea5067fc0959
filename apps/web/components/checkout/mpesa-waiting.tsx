'use client';
import { useRouter } from 'next/navigation';
import { Loader2, Smartphone } from 'lucide-react';
import { usePaymentWatch } from './use-payment-watch';

/**
 * "Check your phone": waits for the M-Pesa callback and turns to the confirmation by itself when
 * the order is paid; a failed or cancelled prompt re-renders the pay page with the reason.
 */
export function MpesaWaiting({
  orderId,
  checkoutRequestId,
  amount,
}: {
  orderId: string;
  checkoutRequestId: string;
  amount: string;
}) {
  const router = useRouter();
  const mode = usePaymentWatch(orderId, checkoutRequestId, (state) => {
    if (state.paymentStatus === 'paid') router.replace(`/checkout/confirmation/${orderId}`);
    else router.refresh();
  });
  return (
    <div
      role="status"
      aria-live="polite"
      className="grid justify-items-center gap-4 rounded-lg border p-6 text-center"
    >
      <Smartphone aria-hidden className="size-12 text-primary" />
      <h2 className="text-xl font-semibold">Check your phone</h2>
      <p className="max-w-sm text-sm text-muted-foreground">
        We sent an M-Pesa prompt for <strong className="text-foreground">{amount}</strong>. Enter your M-Pesa
        PIN on your phone to pay. This page updates by itself.
      </p>
      <p className="flex items-center gap-2 text-sm">
        <Loader2 aria-hidden className="size-4 animate-spin" /> Waiting for M-Pesa…
      </p>
      <p className="text-xs text-muted-foreground" data-testid="watch-mode">
        {mode === 'polling' ? 'Checking every few seconds.' : mode === 'live' ? 'Connected.' : 'Connecting…'}
      </p>
    </div>
  );
}
