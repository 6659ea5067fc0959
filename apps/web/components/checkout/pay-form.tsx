'use client';
import dynamic from 'next/dynamic';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { CreditCard, Loader2, Smartphone } from 'lucide-react';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { FormError } from '@/components/auth/form-error';
import { ClientForm } from '@/components/ui/client-form';
import { confirmTestCardAction, startPaymentAction } from '@/app/checkout/actions';
import { problemMessage } from '@/lib/form-errors';
import { MpesaPhoneField, RadioCard, StepSubmit } from './fields';
import { MpesaWaiting } from './mpesa-waiting';
import { CardConfirming } from './card-confirming';
import type { CardForm } from '@/lib/api/payments';

// Stripe's libraries (and stripe.js, which they load) only when the Payment Element is shown.
const StripePayment = dynamic(() => import('./stripe-payment'), {
  ssr: false,
  loading: () => <StripeLoading />,
});

function StripeLoading() {
  return (
    <p role="status" className="flex items-center gap-2 text-sm text-muted-foreground">
      <Loader2 aria-hidden className="size-4 animate-spin" /> Loading the secure card form…
    </p>
  );
}

type Method = 'mpesa' | 'stripe';
type Stage = { kind: 'form' } | { kind: 'mpesa'; checkoutRequestId: string } | { kind: 'card-paid' };

const newKey = () => crypto.randomUUID();

/**
 * Pay an order that awaits payment (right after checkout, or "pay again" from the account):
 * M-Pesa (the prompt, then "check your phone") or a card: the app's own test card form in test
 * mode, Stripe's Payment Element with live keys ({@link CardForm}). Each attempt has its own
 * Idempotency-Key, kept while it is on its way, so a double click is one attempt and a retry is
 * a new one.
 */
export function PayForm({
  orderId,
  amount,
  methods,
  initial,
  cardForm,
  pendingCardPaymentId,
}: {
  orderId: string;
  amount: string;
  methods: { code: Method; name: string }[];
  initial: Method;
  cardForm: CardForm | null;
  pendingCardPaymentId?: string;
}) {
  const router = useRouter();
  const [method, setMethod] = useState<Method>(initial);
  const [phone, setPhone] = useState('');
  const [card, setCard] = useState('');
  const [key, setKey] = useState(newKey);
  const [cardPaymentId, setCardPaymentId] = useState(pendingCardPaymentId);
  const [errors, setErrors] = useState<{ root?: string; phone?: string; card?: string }>({});
  const [stage, setStage] = useState<Stage>({ kind: 'form' });
  const [isPending, startTransition] = useTransition();

  if (stage.kind === 'mpesa')
    return <MpesaWaiting orderId={orderId} checkoutRequestId={stage.checkoutRequestId} amount={amount} />;
  if (stage.kind === 'card-paid') return <CardConfirming orderId={orderId} />;

  const payMpesa = async () => {
    const started = await startPaymentAction({ orderId, method: 'mpesa', phone, key });
    if (!started.ok) {
      const phoneError = started.problem.errors?.find((e) => e.path === 'phone')?.message;
      setErrors(phoneError ? { phone: phoneError } : { root: problemMessage(started.problem) });
      if (started.problem.status !== 503) setKey(newKey());
      return;
    }
    if (started.data.checkoutRequestId)
      setStage({ kind: 'mpesa', checkoutRequestId: started.data.checkoutRequestId });
    else router.refresh();
  };

  const payCard = async () => {
    let paymentId = cardPaymentId;
    if (!paymentId) {
      const started = await startPaymentAction({ orderId, method: 'stripe', phone: '', key });
      if (!started.ok) {
        setErrors({ root: problemMessage(started.problem) });
        return;
      }
      paymentId = started.data.paymentId;
      setCardPaymentId(paymentId);
    }
    const outcome = await confirmTestCardAction({ paymentId, cardNumber: card });
    if (!outcome.ok) {
      const cardError = outcome.problem.errors?.find((e) => e.path === 'cardNumber')?.message;
      setErrors(
        cardError ? { card: cardError } : { card: outcome.problem.detail ?? problemMessage(outcome.problem) },
      );
      if (outcome.problem.code === 'illegal_transition') {
        setCardPaymentId(undefined);
        setKey(newKey());
      }
      return;
    }
    if (outcome.data.status === 'paid' || outcome.data.status === 'pending') {
      setStage({ kind: 'card-paid' });
      return;
    }
    // Declined: the reason, and a fresh attempt for the next card.
    setErrors({ card: outcome.data.message });
    setCardPaymentId(undefined);
    setKey(newKey());
  };

  const chooser =
    methods.length > 1 ? (
      <fieldset className="grid gap-2 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold">Pay with</legend>
        {methods.map((m) => (
          <RadioCard
            key={m.code}
            name="pay-method"
            value={m.code}
            checked={method === m.code}
            onSelect={() => {
              setMethod(m.code);
              setErrors({});
            }}
            className="items-center text-sm font-medium"
          >
            {m.code === 'mpesa' ? (
              <Smartphone aria-hidden className="size-5" />
            ) : (
              <CreditCard aria-hidden className="size-5" />
            )}
            {m.name}
          </RadioCard>
        ))}
      </fieldset>
    ) : null;

  if (method === 'stripe' && cardForm?.kind === 'payment-element') {
    return (
      <div className="grid gap-5">
        {chooser}
        <StripePayment orderId={orderId} amount={amount} publishableKey={cardForm.publishableKey} />
      </div>
    );
  }

  const submit = () =>
    startTransition(async () => {
      setErrors({});
      await (method === 'mpesa' ? payMpesa() : payCard());
    });

  return (
    <ClientForm
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      className="grid gap-5"
    >
      <FormError message={errors.root} />
      {chooser}
      {method === 'mpesa' ? (
        <MpesaPhoneField id="pay-phone" value={phone} onChange={setPhone} error={errors.phone} />
      ) : (
        <div className="grid gap-1.5 sm:max-w-sm">
          <Label htmlFor="card-number">Card number</Label>
          <Input
            id="card-number"
            inputMode="numeric"
            autoComplete="cc-number"
            placeholder="4242 4242 4242 4242"
            value={card}
            onChange={(e) => setCard(e.target.value)}
            aria-invalid={errors.card ? true : undefined}
            aria-describedby={errors.card ? 'card-number-error' : 'card-number-hint'}
          />
          {errors.card ? (
            <p id="card-number-error" role="alert" className="text-sm font-medium text-destructive">
              {errors.card}
            </p>
          ) : (
            <p id="card-number-hint" className="text-xs text-muted-foreground">
              Sandbox: 4242 4242 4242 4242 is paid, 4000 0000 0000 0002 is declined.
            </p>
          )}
        </div>
      )}
      <StepSubmit pending={isPending}>
        {method === 'mpesa' ? `Send M-Pesa prompt · ${amount}` : `Pay ${amount}`}
      </StepSubmit>
    </ClientForm>
  );
}
