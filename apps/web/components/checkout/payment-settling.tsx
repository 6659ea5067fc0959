'use client';
import { useRouter } from 'next/navigation';
import { Loader2 } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import type { PaymentState } from '@/app/checkout/actions';
import { usePaymentWatch } from './use-payment-watch';

// The card's own attempt decides (an older declined one may make the order's status `failed`).
const attemptSettled = (s: PaymentState) => s.latestAttempt !== 'pending';

/**
 * The confirmation page's payment badge while Stripe's webhook has not landed yet (Stripe.js came
 * back from a confirmed card): watches the order over /ws (polling if the socket fails) and
 * renders the page again once the payment is settled.
 */
export function PaymentSettling({ orderId }: { orderId: string }) {
  const router = useRouter();
  usePaymentWatch(orderId, null, () => router.refresh(), attemptSettled);
  return (
    <Badge variant="outline" data-testid="payment-status" role="status" className="gap-1">
      <Loader2 aria-hidden className="size-3 animate-spin" /> Confirming payment…
    </Badge>
  );
}
