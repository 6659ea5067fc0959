'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Banknote, CreditCard, Smartphone } from 'lucide-react';
import { FormError } from '@/components/auth/form-error';
import { ClientForm } from '@/components/ui/client-form';
import { choosePaymentAction } from '@/app/checkout/actions';
import { problemMessage } from '@/lib/form-errors';
import { MpesaPhoneField, RadioCard, StepSubmit } from './fields';

type Code = 'mpesa' | 'stripe' | 'cod';
const icons = { mpesa: Smartphone, stripe: CreditCard, cod: Banknote } as const;
const hints: Record<Code, string> = {
  mpesa: 'A prompt arrives on your phone: enter your M-Pesa PIN there.',
  stripe: 'Visa or Mastercard, on the next page.',
  cod: 'Pay the rider in cash or by M-Pesa when your order arrives.',
};

/** How to pay: only the methods the shop has enabled; M-Pesa asks for the phone to prompt. */
export function PaymentStep({
  methods,
  chosen,
  phone: initialPhone,
}: {
  methods: { code: Code; name: string }[];
  chosen?: Code;
  phone?: string;
}) {
  const router = useRouter();
  const [method, setMethod] = useState<Code | ''>(chosen ?? methods[0]?.code ?? '');
  const [phone, setPhone] = useState(initialPhone ?? '');
  const [errors, setErrors] = useState<{ root?: string; phone?: string }>({});
  const [isPending, startTransition] = useTransition();

  const submit = () =>
    startTransition(async () => {
      setErrors({});
      const result = await choosePaymentAction({ method, phone });
      if (result.ok) {
        router.push(result.data.next);
        return;
      }
      const phoneError = result.problem.errors?.find((e) => e.path === 'phone')?.message;
      setErrors(phoneError ? { phone: phoneError } : { root: problemMessage(result.problem) });
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
      <fieldset className="grid gap-2">
        <legend className="mb-2 text-sm font-semibold">Payment method</legend>
        {methods.map((m) => {
          const Icon = icons[m.code];
          return (
            <RadioCard
              key={m.code}
              name="method"
              value={m.code}
              checked={method === m.code}
              onSelect={() => setMethod(m.code)}
            >
              <Icon aria-hidden className="mt-0.5 size-5 shrink-0" />
              <span className="text-sm">
                <span className="block font-medium">{m.name}</span>
                <span className="block text-muted-foreground">{hints[m.code]}</span>
              </span>
            </RadioCard>
          );
        })}
      </fieldset>
      {method === 'mpesa' ? (
        <MpesaPhoneField id="mpesa-phone" value={phone} onChange={setPhone} error={errors.phone} />
      ) : null}
      <StepSubmit pending={isPending} disabled={!method}>
        Review order
      </StepSubmit>
    </ClientForm>
  );
}
