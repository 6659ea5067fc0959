import Link from 'next/link';
import { AlertTriangle, ShoppingBag } from 'lucide-react';
import type { Cart, CartLine } from '@/lib/api/cart';
import { formatMoney } from '@/lib/format';
import { Alert, AlertDescription } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { CartLineControls, RefreshOnFocus } from './cart-line-controls';
import { CartLineSummary } from './cart-line-summary';

function LineNotes({ line }: { line: CartLine }) {
  if (!line.available)
    return (
      <p className="text-sm font-medium text-destructive">
        Sold out: this line is not counted in the subtotal and cannot be ordered. Remove it to check out.
      </p>
    );
  return (
    <>
      {line.priceChanged ? (
        <p className="text-sm">
          <Badge variant="warning">Price changed</Badge> The price is now {formatMoney(line.unitPrice)}; the
          subtotal uses the new price.
        </p>
      ) : null}
      {line.quantity > line.stock ? (
        <p className="text-sm font-medium text-destructive">
          Only {line.stock} left: lower the quantity to check out.
        </p>
      ) : line.stock <= 5 ? (
        <p className="text-sm text-muted-foreground">Only {line.stock} left</p>
      ) : null}
    </>
  );
}

export function EmptyCart() {
  return (
    <div className="grid place-items-center gap-4 py-16 text-center">
      <ShoppingBag aria-hidden className="size-12 text-muted-foreground" />
      <h1 className="text-2xl font-bold">Your cart is empty</h1>
      <p className="text-muted-foreground">Find something you like and add it here.</p>
      <Button asChild>
        <Link href="/products">Browse products</Link>
      </Button>
    </div>
  );
}

/** True when every line can be ordered as it stands. */
export const isCartReady = (cart: Cart) =>
  cart.items.length > 0 && cart.items.every((l) => l.available && l.quantity <= l.stock);

export function CartView({ cart }: { cart: Cart }) {
  if (cart.items.length === 0) return <EmptyCart />;
  const ready = isCartReady(cart);
  return (
    <div className="grid gap-8 lg:grid-cols-[1fr_20rem]">
      <RefreshOnFocus />
      <section aria-labelledby="cart-title">
        <h1 id="cart-title" className="mb-4 text-2xl font-bold">
          Your cart ({cart.itemCount} {cart.itemCount === 1 ? 'item' : 'items'})
        </h1>
        <ul className="divide-y rounded-lg border">
          {cart.items.map((line) => (
            <CartLineSummary
              key={line.id}
              line={line}
              size="md"
              detail={`${line.variantTitle} · ${formatMoney(line.unitPrice)} each`}
              data-testid="cart-line"
            >
              <LineNotes line={line} />
              <CartLineControls id={line.id} title={line.title} quantity={line.quantity} stock={line.stock} />
            </CartLineSummary>
          ))}
        </ul>
      </section>
      <aside aria-labelledby="summary-title" className="grid h-fit gap-4 rounded-lg border p-4">
        <h2 id="summary-title" className="text-lg font-semibold">
          Summary
        </h2>
        <p className="flex justify-between">
          <span>Subtotal</span>{' '}
          <span className="font-semibold" data-testid="subtotal">
            {formatMoney(cart.subtotal)}
          </span>
        </p>
        <p className="text-sm text-muted-foreground">Shipping, coupons and tax are worked out at checkout.</p>
        {ready ? (
          <Button asChild size="lg">
            <Link href="/checkout">Check out</Link>
          </Button>
        ) : (
          <Alert variant="warning">
            <AlertTriangle aria-hidden />
            <AlertDescription>Fix the lines marked above to check out.</AlertDescription>
          </Alert>
        )}
      </aside>
    </div>
  );
}
