'use client';
import { useEffect, useState, type FormEvent } from 'react';
import { Loader2, Lock } from 'lucide-react';
import type { Stripe } from '@stripe/stripe-js';
import { loadStripe } from '@stripe/stripe-js/pure';
import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/auth/form-error';
import { StepSubmit } from './fields';
import { startPaymentAction } from '@/app/checkout/actions';
import { problemMessage } from '@/lib/form-errors';

// `/pure`: stripe.js is fetched when loadStripe is first called (here, on the pay page), not when
// this module is imported. One Stripe instance per publishable key for the page's lifetime.
const instances = new Map<string, Promise<Stripe | null>>();
function stripeFor(publishableKey: string) {
  let instance = instances.get(publishableKey);
  if (!instance) {
    instance = loadStripe(publishableKey);
    instances.set(publishableKey, instance);
  }
  return instance;
}

type Attempt =
  | { kind: 'starting'; key: string }
  | { kind: 'ready'; key: string; clientSecret: string }
  | { kind: 'failed'; key: string; message: string };

const newAttempt = (): Attempt => ({ kind: 'starting', key: crypto.randomUUID() });

/**
 * A card through Stripe's own Payment Element (live keys): the payment is started here
 * (`POST /payments` through a server action, with this attempt's Idempotency-Key) for its
 * PaymentIntent's client secret; Stripe.js collects the card in its own iframe and confirms in
 * the browser, then returns to the confirmation page, which turns paid when Stripe's
 * `payment_intent.succeeded` webhook lands (over /ws). A declined card is shown with Stripe's own
 * message and a new attempt (a new PaymentIntent) is started: the declined one is settled as
 * failed by its `payment_intent.payment_failed` webhook.
 */
export default function StripePayment({
  orderId,
  amount,
  publishableKey,
}: {
  orderId: string;
  amount: string;
  publishableKey: string;
}) {
  const [attempt, setAttempt] = useState<Attempt>(newAttempt);
  const [declined, setDeclined] = useState<string>();

  useEffect(() => {
    if (attempt.kind !== 'starting') return;
    let current = true;
    void startPaymentAction({ orderId, method: 'stripe', phone: '', key: attempt.key }).then((started) => {
      if (!current) return;
      if (started.ok && started.data.clientSecret)
        setAttempt({ kind: 'ready', key: attempt.key, clientSecret: started.data.clientSecret });
      else
        setAttempt({
          kind: 'failed',
          key: attempt.key,
          message: started.ok
            ? 'Stripe did not start the payment; try again.'
            : problemMessage(started.problem),
        });
    });
    return () => {
      current = false;
    };
  }, [attempt, orderId]);

  return (
    <div className="grid gap-4" data-testid="stripe-payment">
      <FormError message={declined} />
      {attempt.kind === 'ready' ? (
        <Elements
          key={attempt.clientSecret}
          stripe={stripeFor(publishableKey)}
          options={{ clientSecret: attempt.clientSecret, appearance: { theme: 'stripe' } }}
        >
          <ConfirmCard
            orderId={orderId}
            amount={amount}
            onDeclined={(message) => {
              setDeclined(message);
              setAttempt(newAttempt());
            }}
            onTry={() => setDeclined(undefined)}
          />
        </Elements>
      ) : attempt.kind === 'failed' ? (
        <div className="grid gap-3">
          <FormError message={attempt.message} />
          <Button
            type="button"
            variant="outline"
            className="sm:w-fit"
            onClick={() => setAttempt(newAttempt())}
          >
            Try again
          </Button>
        </div>
      ) : (
        <p role="status" className="flex items-center gap-2 text-sm text-muted-foreground">
          <Loader2 aria-hidden className="size-4 animate-spin" /> Preparing the secure card form…
        </p>
      )}
    </div>
  );
}

/** The Payment Element and the pay button; Stripe.js confirms and leaves for `return_url`. */
function ConfirmCard({
  orderId,
  amount,
  onDeclined,
  onTry,
}: {
  orderId: string;
  amount: string;
  onDeclined: (message: string) => void;
  onTry: () => void;
}) {
  const stripe = useStripe();
  const elements = useElements();
  const [ready, setReady] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!stripe || !elements) return;
    setBusy(true);
    setError(undefined);
    onTry();
    const { error: failure } = await stripe.confirmPayment({
      elements,
      confirmParams: { return_url: `${window.location.origin}/checkout/confirmation/${orderId}` },
    });
    // Only reached when Stripe did not leave for return_url.
    setBusy(false);
    const message = failure.message ?? 'The card could not be charged. Try again or use another card.';
    // A declined card fails this PaymentIntent (and its payment): the next try is a new one.
    if (failure.type === 'card_error') onDeclined(message);
    else setError(message);
  };

  return (
    <form onSubmit={submit} className="grid gap-4">
      <FormError message={error} />
      <PaymentElement onReady={() => setReady(true)} />
      <StepSubmit pending={busy} disabled={!stripe || !ready} icon={<Lock aria-hidden />}>
        {`Pay ${amount}`}
      </StepSubmit>
    </form>
  );
}
