import Link from 'next/link';
import { Check } from 'lucide-react';
import { cn } from '@/lib/cn';
import { STEPS, type Step } from '@/lib/checkout/state';

/** The step list: done steps link back (each step is a URL), the current one is marked for screen readers. */
export function CheckoutSteps({ current }: { current: Step }) {
  const at = STEPS.findIndex((s) => s.step === current);
  return (
    <nav aria-label="Checkout steps" className="mb-6">
      <ol className="flex flex-wrap items-center gap-2 text-sm">
        {STEPS.map((s, i) => {
          const state = i < at ? 'done' : i === at ? 'current' : 'todo';
          const label = (
            <span className="flex items-center gap-1.5">
              <span
                aria-hidden
                className={cn(
                  'grid size-6 place-items-center rounded-full border text-xs font-semibold',
                  state === 'current' && 'border-primary bg-primary text-primary-foreground',
                  state === 'done' && 'border-primary text-primary',
                )}
              >
                {state === 'done' ? <Check className="size-3.5" /> : i + 1}
              </span>
              {s.label}
            </span>
          );
          return (
            <li key={s.step} className="flex items-center gap-2">
              {state === 'done' ? (
                <Link href={`/checkout/${s.step}`} className="text-primary hover:underline">
                  {label}
                </Link>
              ) : (
                <span
                  aria-current={state === 'current' ? 'step' : undefined}
                  className={state === 'current' ? 'font-semibold' : 'text-muted-foreground'}
                >
                  {label}
                </span>
              )}
              {i < STEPS.length - 1 ? (
                <span aria-hidden className="text-muted-foreground">
                  ›
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
