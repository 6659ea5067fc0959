import { FlaskConical } from 'lucide-react';

/** Shown while a payment method runs on its built-in simulator: no real money moves. */
export function TestModeBanner({ methods }: { methods: string[] }) {
  if (methods.length === 0) return null;
  return (
    <div
      role="note"
      data-testid="test-mode"
      className="mb-4 flex items-start gap-2 rounded-md border-2 border-dashed border-warning bg-warning/10 px-3 py-2 text-sm"
    >
      <FlaskConical aria-hidden className="mt-0.5 size-4 shrink-0" />
      <p>
        <strong>TEST MODE</strong>: {methods.join(', ')} {methods.length === 1 ? 'runs' : 'run'} in a sandbox.
        No real money is charged.
      </p>
    </div>
  );
}
