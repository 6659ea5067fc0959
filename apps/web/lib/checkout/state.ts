import 'server-only';
import { randomUUID } from 'node:crypto';
import { cookies } from 'next/headers';
import { z } from 'zod';
import { cookieBase } from '../auth/tokens';

/**
 * The shopper's checkout choices, in an httpOnly cookie (not client state): every step is a URL
 * that renders from it, so back, reload and a second tab all agree. Only ids and codes are kept;
 * the API checks each of them again when quoting and placing the order.
 *
 * `attemptKey` is the `Idempotency-Key` of POST /orders for this set of choices: a new one is
 * drawn whenever a choice changes (the API refuses a key reused with another body), so a double
 * click or a reload of "Place order" replays the same order instead of placing a second one.
 */
export const CHECKOUT_COOKIE = 'soko_checkout';

export const PaymentChoice = z.enum(['mpesa', 'stripe', 'cod']);
export type PaymentChoice = z.infer<typeof PaymentChoice>;

const State = z.object({
  addressId: z.uuid().optional(),
  shippingMethodId: z.uuid().optional(),
  couponCode: z.string().max(64).optional(),
  paymentMethod: PaymentChoice.optional(),
  /** M-Pesa phone as the shopper typed it; normalised by the API. */
  phone: z.string().max(20).optional(),
  attemptKey: z.uuid().optional(),
  /** The Idempotency-Key of the M-Pesa prompt sent right after placing the order. */
  paymentKey: z.uuid().optional(),
});
export type CheckoutState = z.infer<typeof State>;

export async function readCheckout(): Promise<CheckoutState> {
  const raw = (await cookies()).get(CHECKOUT_COOKIE)?.value;
  if (!raw) return {};
  try {
    const parsed = State.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Merges `patch` into the choices and draws a new attempt key (server actions only). */
export async function updateCheckout(patch: Partial<CheckoutState>): Promise<CheckoutState> {
  const next = { ...(await readCheckout()), ...patch, attemptKey: randomUUID(), paymentKey: randomUUID() };
  for (const key of Object.keys(next) as (keyof CheckoutState)[])
    if (next[key] === undefined) delete next[key];
  (await cookies()).set({
    name: CHECKOUT_COOKIE,
    value: JSON.stringify(next),
    ...cookieBase,
    maxAge: 24 * 3600,
  });
  return next;
}

/** After the order is placed: the choices are done with. */
export async function clearCheckout() {
  (await cookies()).delete({ name: CHECKOUT_COOKIE, path: '/' });
}

export type Step = 'address' | 'shipping' | 'payment' | 'review';
export const STEPS: { step: Step; label: string }[] = [
  { step: 'address', label: 'Address' },
  { step: 'shipping', label: 'Delivery' },
  { step: 'payment', label: 'Payment' },
  { step: 'review', label: 'Review' },
];

/** The first step whose choice is missing. */
export function firstIncompleteStep(state: CheckoutState): Step {
  if (!state.addressId) return 'address';
  if (!state.shippingMethodId) return 'shipping';
  if (!state.paymentMethod || (state.paymentMethod === 'mpesa' && !state.phone)) return 'payment';
  return 'review';
}
