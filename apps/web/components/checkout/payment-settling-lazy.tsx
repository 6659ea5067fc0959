'use client';
import dynamic from 'next/dynamic';

/**
 * {@link PaymentSettling} in its own chunk: only a confirmation page reached from Stripe.js with
 * the payment still pending loads the watcher (/ws, polling); every other confirmation stays light.
 */
export const PaymentSettlingLazy = dynamic(
  () => import('./payment-settling').then((m) => m.PaymentSettling),
  {
    loading: () => (
      <span role="status" className="text-xs font-semibold">
        Confirming payment…
      </span>
    ),
  },
);
