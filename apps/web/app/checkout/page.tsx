import { redirect } from 'next/navigation';
import { enterStep } from '@/lib/checkout/guard';
import { firstIncompleteStep } from '@/lib/checkout/state';

/** `/checkout`: to the first step not done yet (signing in first when needed). */
export default async function CheckoutPage() {
  const { state } = await enterStep('address');
  redirect(`/checkout/${firstIncompleteStep(state)}`);
}
