import 'server-only';
import { redirect } from 'next/navigation';
import { findCurrentUser } from '../api/auth';
import { getCart } from '../api/cart';
import { readPendingEmail } from '../api/session';
import { firstIncompleteStep, readCheckout, STEPS, type Step } from './state';

const stepIndex = (step: Step) => STEPS.findIndex((s) => s.step === step);

/** Checkout needs a verified session: strangers sign in (or register), unverified ones verify, then come back. */
export async function requireShopper(back = '/checkout') {
  const user = await findCurrentUser();
  if (user) return user;
  const next = encodeURIComponent(back);
  redirect((await readPendingEmail()) ? `/verify?next=${next}` : `/sign-in?next=${next}`);
}

/**
 * What every step page starts with: a session, a cart that can be ordered (else back to /cart,
 * which explains each line), and the saved choices; a step whose earlier steps are not done
 * sends the shopper to the first incomplete one.
 */
export async function enterStep(step: Step) {
  const user = await requireShopper();
  const cart = await getCart();
  if (cart.items.length === 0 || cart.items.some((l) => !l.available || l.quantity > l.stock))
    redirect('/cart');
  const state = await readCheckout();
  const first = firstIncompleteStep(state);
  if (stepIndex(step) > stepIndex(first)) redirect(`/checkout/${first}`);
  return { user, cart, state };
}
