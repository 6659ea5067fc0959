import type { Cart } from '@/lib/api/cart';
import { formatMoney } from '@/lib/format';

/** The order so far, beside each step (lines and subtotal; the full price comes at review). */
export function CartSummary({ cart }: { cart: Cart }) {
  return (
    <aside aria-labelledby="order-summary" className="grid h-fit gap-3 rounded-lg border p-4 text-sm">
      <h2 id="order-summary" className="text-base font-semibold">
        Your order
      </h2>
      <ul className="grid gap-2">
        {cart.items.map((l) => (
          <li key={l.id} className="flex justify-between gap-3">
            <span className="min-w-0">
              {l.title} <span className="text-muted-foreground">× {l.quantity}</span>
            </span>
            <span>{formatMoney(l.lineTotal)}</span>
          </li>
        ))}
      </ul>
      <p className="flex justify-between border-t pt-2 font-semibold">
        <span>Subtotal</span> <span>{formatMoney(cart.subtotal)}</span>
      </p>
    </aside>
  );
}
