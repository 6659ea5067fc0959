'use server';
import { z } from 'zod';
import { listAddresses } from '@/lib/api/auth';
import { getAccessToken } from '@/lib/api/session';
import { publicApiUrl } from '@/lib/api/env';
import * as checkout from '@/lib/api/checkout';
import * as payments from '@/lib/api/payments';
import type { Problem, Result } from '@/lib/api/types';
import { guarded } from '@/lib/action-guard';
import { clearCheckout, PaymentChoice, readCheckout, updateCheckout } from '@/lib/checkout/state';
import { normaliseMpesaPhone } from '@/lib/checkout/phone';
import { formatMoney } from '@/lib/format';

type Next = Result<{ next: string }>;
const problem = (
  code: string,
  title: string,
  detail?: string,
  status = 400,
): { ok: false; problem: Problem } => ({
  ok: false,
  problem: { title, status, code, ...(detail ? { detail } : {}) },
});
const Id = z.uuid();
const badPhone: { ok: false; problem: Problem } = {
  ok: false,
  problem: {
    title: 'Check the phone number',
    status: 400,
    code: 'validation_failed',
    errors: [{ path: 'phone', message: 'An M-Pesa number such as 0712 345 678 or +254 712 345 678' }],
  },
};

export async function chooseAddressAction(addressId: string): Promise<Next> {
  if (!Id.safeParse(addressId).success) return problem('validation_failed', 'Choose an address');
  const book = await guarded(async () => ({ ok: true as const, data: await listAddresses() }));
  if (!book.ok) return book;
  if (!book.data.some((a) => a.id === addressId))
    return problem('not_found', 'That address is gone', undefined, 404);
  const state = await readCheckout();
  // Another address may have other shipping methods: the method is chosen again.
  await updateCheckout(
    state.addressId === addressId ? { addressId } : { addressId, shippingMethodId: undefined },
  );
  return { ok: true, data: { next: '/checkout/shipping' } };
}

const ShippingChoice = z.object({
  shippingMethodId: z.uuid({ message: 'Choose a delivery option' }),
  couponCode: z.string().trim().max(64),
});

/** Saves the delivery method and coupon; a coupon that does not apply is refused with the reason. */
export async function chooseShippingAction(input: {
  shippingMethodId: string;
  couponCode: string;
}): Promise<Next> {
  const parsed = ShippingChoice.safeParse(input);
  if (!parsed.success)
    return problem('validation_failed', parsed.error.issues[0]?.message ?? 'Check the form');
  const { shippingMethodId, couponCode } = parsed.data;
  const { addressId } = await readCheckout();
  if (!addressId) return { ok: true, data: { next: '/checkout/address' } };
  const quote = await guarded(() =>
    checkout.quoteCheckout({ addressId, shippingMethodId, ...(couponCode ? { couponCode } : {}) }),
  );
  if (!quote.ok) {
    if (quote.problem.code === 'coupon_unavailable') {
      return problem(
        'coupon_unavailable',
        `Coupon ${couponCode.toUpperCase()} does not apply`,
        quote.problem.detail ?? 'It may have expired, been used up, or need a larger order.',
        422,
      );
    }
    return quote;
  }
  await updateCheckout({ shippingMethodId, couponCode: couponCode || undefined });
  return { ok: true, data: { next: '/checkout/payment' } };
}

export async function choosePaymentAction(input: { method: string; phone: string }): Promise<Next> {
  const method = PaymentChoice.safeParse(input.method);
  if (!method.success) return problem('validation_failed', 'Choose how to pay');
  const enabled = await guarded(async () => ({
    ok: true as const,
    data: await payments.listUsablePaymentMethods(),
  }));
  if (!enabled.ok) return enabled;
  if (!enabled.data.some((m) => m.code === method.data))
    return problem('payment_method_unavailable', 'That payment method is not available', undefined, 422);
  let phone: string | undefined;
  if (method.data === 'mpesa') {
    phone = normaliseMpesaPhone(input.phone) ?? undefined;
    if (!phone) return badPhone;
  }
  await updateCheckout({ paymentMethod: method.data, phone });
  return { ok: true, data: { next: '/checkout/review' } };
}

/**
 * POST /orders with this attempt's Idempotency-Key (from the checkout cookie): a second click or
 * a reload while the first is on its way gets the same order back. Then the choices are cleared.
 */
export async function placeOrderAction(): Promise<Result<{ next: string; orderId: string }>> {
  const state = await readCheckout();
  const { addressId, shippingMethodId, paymentMethod, couponCode, attemptKey } = state;
  if (!addressId || !shippingMethodId || !paymentMethod || !attemptKey)
    return problem('validation_failed', 'Your checkout changed', 'Go back over the steps and try again.');
  const result = await guarded(() =>
    checkout.placeOrder(
      { addressId, shippingMethodId, paymentMethod, ...(couponCode ? { couponCode } : {}) },
      attemptKey,
    ),
  );
  if (!result.ok) {
    if (result.problem.code === 'out_of_stock')
      return problem(
        'out_of_stock',
        'Some items sold out',
        'Your cart was updated: check it and try again.',
        409,
      );
    if (result.problem.code === 'coupon_unavailable') {
      await updateCheckout({ couponCode: undefined });
      return problem(
        'coupon_unavailable',
        'The coupon no longer applies',
        'It was removed; review the new total.',
        422,
      );
    }
    return result;
  }
  const order = result.data;
  if (order.paymentMethod === 'mpesa' && state.phone && state.paymentKey) {
    // The prompt goes to the phone at once. If Daraja is down the pay page offers to send it again.
    const phone = normaliseMpesaPhone(state.phone);
    if (phone) {
      const started = await guarded(() =>
        payments.startPayment({ orderId: order.id, method: 'mpesa', phone }, state.paymentKey!),
      );
      // The pay page then offers to send it again; the server log says why it was not sent.
      if (!started.ok) console.warn('checkout: M-Pesa prompt not sent', JSON.stringify(started.problem));
    }
  }
  await clearCheckout();
  const next =
    order.paymentMethod === 'cod' ? `/checkout/confirmation/${order.id}` : `/checkout/pay/${order.id}`;
  return { ok: true, data: { orderId: order.id, next } };
}

const StartPayment = z.object({
  orderId: z.uuid(),
  method: z.enum(['mpesa', 'stripe']),
  phone: z.string().max(20),
  key: z.uuid(),
});

/** Starts a payment attempt; `key` is drawn once per rendered pay form, so a double click is one attempt. */
export async function startPaymentAction(
  input: z.input<typeof StartPayment>,
): Promise<Result<payments.PaymentStarted>> {
  const parsed = StartPayment.safeParse(input);
  if (!parsed.success) return problem('validation_failed', 'Check the form');
  const { orderId, method, key } = parsed.data;
  let phone: string | undefined;
  if (method === 'mpesa') {
    phone = normaliseMpesaPhone(parsed.data.phone) ?? undefined;
    if (!phone) return badPhone;
  }
  return guarded(() => payments.startPayment({ orderId, method, ...(phone ? { phone } : {}) }, key));
}

export type PaymentState = {
  status: checkout.Order['status'];
  paymentStatus: checkout.Order['paymentStatus'];
  /** The newest payment attempt's own status (an older attempt may have failed meanwhile). */
  latestAttempt: checkout.Order['payments'][number]['status'] | null;
  total: string;
};

/** The order's state, for the waiting screen (after a /ws event, or when polling). */
export async function paymentStateAction(orderId: string): Promise<Result<PaymentState>> {
  if (!Id.safeParse(orderId).success) return problem('not_found', 'Not found', undefined, 404);
  const result = await guarded(() => checkout.findOrder(orderId));
  if (!result.ok) return result;
  const { status, paymentStatus, total, payments: attempts } = result.data;
  const latestAttempt = attempts.at(-1)?.status ?? null;
  return { ok: true, data: { status, paymentStatus, latestAttempt, total: formatMoney(total) } };
}

/** The polling fallback when the socket fails: asks the API (which asks Daraja) for the STK Push's state. */
export async function mpesaStatusAction(checkoutRequestId: string): Promise<Result<{ status: string }>> {
  if (!/^[\w-]{1,100}$/.test(checkoutRequestId)) return problem('not_found', 'Not found', undefined, 404);
  const result = await guarded(() => payments.mpesaStatus(checkoutRequestId));
  return result.ok ? { ok: true, data: { status: result.data.status } } : result;
}

/**
 * What the browser needs to open `/ws`: the API's socket URL and the current access token (fresh
 * from the silent refresh). Tokens live in httpOnly cookies, so this server action is the one
 * place a token reaches page script: only same-origin pages can call it (Next checks the Origin
 * of every server action), the token is the short-lived access token (never the refresh token),
 * it is kept in memory only, and the socket closes with 4401 when it expires (the client asks
 * again). It is sent as `Sec-WebSocket-Protocol: bearer, <token>`, never in a URL.
 */
export async function realtimeTicketAction(): Promise<Result<{ url: string; token: string }>> {
  const token = await getAccessToken();
  if (!token) return problem('not_authenticated', 'Sign in first', undefined, 401);
  return { ok: true, data: { url: `${publicApiUrl.replace(/^http/, 'ws')}/ws`, token } };
}

const TestCard = z.object({
  paymentId: z.uuid(),
  cardNumber: z
    .string()
    .transform((s) => s.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^\d{12,19}$/, 'Enter the card number')),
});

/** Sandbox card form: the simulator confirms (or declines) the PaymentIntent, as Stripe.js would. */
export async function confirmTestCardAction(input: { paymentId: string; cardNumber: string }) {
  const parsed = TestCard.safeParse(input);
  if (!parsed.success)
    return {
      ok: false as const,
      problem: {
        title: 'Check the card number',
        status: 400,
        code: 'validation_failed',
        errors: [{ path: 'cardNumber', message: parsed.error.issues[0]?.message ?? 'Enter the card number' }],
      },
    };
  return guarded(() => payments.confirmTestCard(parsed.data.paymentId, parsed.data.cardNumber));
}
