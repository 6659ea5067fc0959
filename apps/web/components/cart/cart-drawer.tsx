'use client';
import Link from 'next/link';
import { useState } from 'react';
import { Dialog } from 'radix-ui';
import { ShoppingCart, X } from 'lucide-react';
import type { Money } from '@/lib/api/types';
import { formatMoney } from '@/lib/format';
import { buttonVariants } from '@/components/ui/button-variants';
import { cartButtonClass } from './cart-button-class';
import { CartCount, cartLabel } from './cart-link';
import { CartLineSummary } from './cart-line-summary';
import type { DrawerLine } from './cart-summary-types';

/**
 * The header's cart button opening a side sheet (Radix Dialog: focus trapped, Escape closes,
 * focus returns to the button). Its lines are rendered by the server with the page, so the count
 * and the lines always agree with the server and nothing differs between server and client HTML.
 */
export function CartDrawer({
  count,
  lines,
  subtotal,
}: {
  count: number;
  lines: DrawerLine[];
  subtotal: Money;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className={cartButtonClass} aria-label={cartLabel(count)}>
        <ShoppingCart aria-hidden className="size-5" />
        <CartCount count={count} />
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-50 bg-black/40" />
        <Dialog.Content className="fixed inset-y-0 right-0 z-50 flex w-full max-w-sm flex-col bg-background shadow-xl focus:outline-none">
          <div className="flex items-center justify-between border-b px-4 py-3">
            <Dialog.Title className="text-lg font-semibold">Your cart ({count})</Dialog.Title>
            <Dialog.Close
              className={buttonVariants({ variant: 'ghost', size: 'icon' })}
              aria-label="Close cart"
            >
              <X aria-hidden />
            </Dialog.Close>
          </div>
          <Dialog.Description className="sr-only">
            The items in your cart and their subtotal.
          </Dialog.Description>
          <ul className="flex-1 divide-y overflow-y-auto px-4">
            {lines.map((line) => (
              <CartLineSummary
                key={line.id}
                line={line}
                size="sm"
                detail={`${line.variantTitle} · Qty ${line.quantity}`}
                onNavigate={() => setOpen(false)}
              >
                {line.available ? null : <p className="font-medium text-destructive">Sold out</p>}
              </CartLineSummary>
            ))}
          </ul>
          <div className="grid gap-3 border-t p-4">
            <p className="flex justify-between font-semibold">
              <span>Subtotal</span> <span>{formatMoney(subtotal)}</span>
            </p>
            <Link href="/checkout" onClick={() => setOpen(false)} className={buttonVariants({ size: 'lg' })}>
              Check out
            </Link>
            <Link
              href="/cart"
              onClick={() => setOpen(false)}
              className={buttonVariants({ variant: 'outline' })}
            >
              View and edit cart
            </Link>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
