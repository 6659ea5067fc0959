'use client';
import { useState, useTransition } from 'react';
import { AlertDialog as D } from 'radix-ui';
import { Loader2, XCircle } from 'lucide-react';
import { buttonVariants } from '@/components/ui/button-variants';
import { toast } from '@/components/ui/toaster';
import { problemMessage } from '@/lib/form-errors';
import { cancelOrderAction } from '@/app/account/orders/actions';

const refusals: Record<string, string> = {
  illegal_transition: 'This order can no longer be cancelled: it has already shipped or was cancelled.',
  not_found: 'We could not find this order.',
};

/**
 * "Cancel order" behind a Radix alert dialog. `paidTotal` is the amount already paid (the API
 * refunds a paid order in full), or null when nothing was charged.
 */
export function CancelOrder({
  orderId,
  orderNumber,
  paidTotal,
}: {
  orderId: string;
  orderNumber: string;
  paidTotal: string | null;
}) {
  const [open, setOpen] = useState(false);
  const [isPending, startTransition] = useTransition();
  const confirm = () =>
    startTransition(async () => {
      const result = await cancelOrderAction(orderId);
      if (result.ok) {
        setOpen(false);
        toast.success(`Order ${orderNumber} is cancelled.`);
      } else {
        toast.error(refusals[result.problem.code] ?? problemMessage(result.problem));
      }
    });
  return (
    <D.Root open={open} onOpenChange={(next) => !isPending && setOpen(next)}>
      <D.Trigger className={buttonVariants({ variant: 'outline' })}>
        <XCircle aria-hidden /> Cancel order
      </D.Trigger>
      <D.Portal>
        <D.Overlay className="fixed inset-0 z-50 bg-black/50" />
        <D.Content className="fixed left-1/2 top-1/2 z-50 grid w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 gap-4 rounded-lg border bg-background p-6 shadow-lg">
          <D.Title className="text-lg font-semibold">Cancel order {orderNumber}?</D.Title>
          <D.Description asChild>
            <div className="grid gap-2 text-sm text-muted-foreground">
              <p>The items go back to the sellers’ stock and the order cannot be reopened.</p>
              <p>
                {paidTotal
                  ? `You paid ${paidTotal}: it will be refunded to you in full, the way you paid.`
                  : 'Nothing has been charged, so there is nothing to refund.'}
              </p>
            </div>
          </D.Description>
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <D.Cancel className={buttonVariants({ variant: 'outline' })} disabled={isPending}>
              Keep order
            </D.Cancel>
            {/* Not D.Action: that would close the dialog before the API has answered. */}
            <button
              type="button"
              className={buttonVariants({ variant: 'destructive' })}
              onClick={confirm}
              disabled={isPending}
            >
              {isPending ? <Loader2 className="animate-spin" aria-hidden /> : null} Yes, cancel it
            </button>
          </div>
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}
