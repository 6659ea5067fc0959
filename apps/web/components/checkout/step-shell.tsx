import type { ReactNode } from 'react';
import type { Cart } from '@/lib/api/cart';
import type { Step } from '@/lib/checkout/state';
import { CheckoutSteps } from './steps';
import { CartSummary } from './cart-summary';

/** A checkout step's page: the step list, the step's content and the order beside it. */
export function StepShell({
  step,
  title,
  cart,
  children,
}: {
  step: Step;
  title: string;
  cart: Cart;
  children: ReactNode;
}) {
  return (
    <div className="mx-auto max-w-5xl px-4 py-6">
      <CheckoutSteps current={step} />
      <div className="grid gap-8 lg:grid-cols-[1fr_18rem]">
        <section aria-labelledby="step-title" className="grid content-start gap-4">
          <h1 id="step-title" className="text-2xl font-bold">
            {title}
          </h1>
          {children}
        </section>
        <CartSummary cart={cart} />
      </div>
    </div>
  );
}
