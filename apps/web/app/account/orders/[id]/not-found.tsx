import Link from 'next/link';
import { Button } from '@/components/ui/button';

/** An unknown order id, or someone else's order (the API does not say which): a 404. */
export default function OrderNotFound() {
  return (
    <div className="grid justify-items-start gap-3 py-6">
      <p className="text-sm font-semibold text-primary">404</p>
      <h1 className="text-2xl font-bold tracking-tight">We couldn’t find that order</h1>
      <p className="text-muted-foreground">
        It may belong to another account, or the link is mistyped. Your own orders are all in your order list.
      </p>
      <Button asChild className="mt-2">
        <Link href="/account/orders">Your orders</Link>
      </Button>
    </div>
  );
}
