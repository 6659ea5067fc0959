'use client';
import { startTransition, useActionState, type ReactNode } from 'react';
import type { AddOutcome } from '@/app/(shop)/cart/actions';

/**
 * Add to cart's only client part: the pending state and the answer. Everything that never changes
 * (the fields, the button's content and classes, the "added" message) and the server action come
 * rendered from the server (`AddToCart`), so the page's script carries no icon, link or action
 * wrapper. It is a form posting to the action, so it also works before the page is hydrated.
 */
export function AddToCartForm({
  action,
  buttonClass,
  idle,
  pending,
  added,
  children,
}: {
  action: (previous: AddOutcome | null, form: FormData) => Promise<AddOutcome>;
  buttonClass: string;
  /** The submit button's content, and its content while the action runs. */
  idle: ReactNode;
  pending: ReactNode;
  /** Shown after a success; a refusal shows the action's sentence as an alert. */
  added: ReactNode;
  children: ReactNode;
}) {
  const [outcome, add, isPending] = useActionState(action, null);
  return (
    <form
      action={add}
      onSubmit={(e) => {
        // Once hydrated, dispatch here: a form action resets the form, and the quantity should stay.
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        startTransition(() => add(form));
      }}
      className="grid gap-3"
    >
      <div className="flex flex-wrap items-end gap-3">
        {children}
        <button type="submit" className={buttonClass} disabled={isPending}>
          {isPending ? pending : idle}
        </button>
      </div>
      <p aria-live="polite" className="min-h-5 text-sm">
        {isPending || !outcome ? null : outcome.ok ? (
          added
        ) : (
          <span role="alert" className="text-destructive">
            {outcome.message}
          </span>
        )}
      </p>
    </form>
  );
}
