import 'server-only';
import type { Schemas } from '@soko/sdk';
import { stripePublishableKey } from './env';
import { authedRequest } from './session';
import { callInit, client, orThrow, settle } from './transport';

export type PaymentMethod = Schemas['PaymentMethod'];
export type Payment = Schemas['Payment'];
export type PaymentStarted = Schemas['PaymentStarted'];

/** Enabled methods taking the shop's currency, with `testMode` for sandboxed providers. */
export async function listPaymentMethods(): Promise<PaymentMethod[]> {
  const result = await settle(client.GET('/api/v1/payments/methods', callInit()));
  return result.ok ? result.data.items : [];
}

/** Starts a payment attempt (M-Pesa STK Push or a Stripe PaymentIntent). */
export const startPayment = (
  body: { orderId: string; method: 'mpesa' | 'stripe'; phone?: string },
  idempotencyKey: string,
) =>
  authedRequest((init) =>
    client.POST('/api/v1/payments', {
      body,
      ...init,
      headers: { ...init.headers, 'idempotency-key': idempotencyKey },
    }),
  );

/**
 * One of the caller's payments with its provider reference (the M-Pesa CheckoutRequestID, the
 * PaymentIntent id), which the order's own `payments` summaries leave out. A failed read throws:
 * it must never look like "no payment" (which would offer a second prompt over a pending one).
 */
export const findPayment = async (id: string): Promise<Payment> =>
  orThrow(
    await authedRequest((init) => client.GET('/api/v1/payments/{id}', { params: { path: { id } }, ...init })),
  );

/** An STK Push's state; while pending the API asks Daraja and settles a final answer. */
export const mpesaStatus = (checkoutRequestId: string) =>
  authedRequest((init) =>
    client.GET('/api/v1/payments/mpesa/transactions/{checkoutRequestId}/status', {
      params: { path: { checkoutRequestId } },
      ...init,
    }),
  );

/** Sandbox Stripe: confirms a pending card payment with a test card (the simulator's Stripe.js). */
export const confirmTestCard = (paymentId: string, cardNumber: string) =>
  authedRequest((init) =>
    client.POST('/api/v1/payments/{id}/test-card', {
      params: { path: { id: paymentId } },
      body: { cardNumber },
      ...init,
    }),
  );

/**
 * How this storefront takes a card: the app's own test card form while Stripe runs in test mode
 * (the built-in simulator, or `sk_test_` keys), Stripe's Payment Element with live keys and a
 * publishable key (`STRIPE_PUBLISHABLE_KEY`), and not at all with live keys but no publishable
 * key (card numbers must never reach this app).
 */
export type CardForm = { kind: 'test-card' } | { kind: 'payment-element'; publishableKey: string };

export function cardFormFor(method: PaymentMethod): CardForm | null {
  if (method.code !== 'stripe') return null;
  if (method.testMode) return { kind: 'test-card' };
  return stripePublishableKey ? { kind: 'payment-element', publishableKey: stripePublishableKey } : null;
}

/** The methods this storefront can take today (a card only with a {@link CardForm} for it). */
export async function listUsablePaymentMethods(): Promise<PaymentMethod[]> {
  return (await listPaymentMethods()).filter((m) => m.code !== 'stripe' || cardFormFor(m) !== null);
}
