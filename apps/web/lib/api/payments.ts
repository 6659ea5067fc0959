import 'server-only';
import type { Schemas } from '@soko/sdk';
import { authedRequest } from './session';
import { callInit, client, settle } from './transport';

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

/** The order's payment attempts, newest first. */
export async function listOrderPayments(orderId: string): Promise<Payment[]> {
  const result = await authedRequest((init) =>
    client.GET('/api/v1/payments', { params: { query: { orderId, pageSize: 20 } }, ...init }),
  );
  if (!result.ok) return [];
  return [...result.data.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

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
 * The methods this storefront can take today: a card only while Stripe runs on its sandbox (the
 * Payment Element for live keys is not built, and card numbers must never reach this app).
 */
export async function listUsablePaymentMethods(): Promise<PaymentMethod[]> {
  return (await listPaymentMethods()).filter((m) => m.code !== 'stripe' || m.testMode);
}
