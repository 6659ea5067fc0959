import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { CheckCircle2, Truck } from 'lucide-react';
import { findOrder } from '@/lib/api/checkout';
import { requireShopper } from '@/lib/checkout/guard';
import { formatMoney } from '@/lib/format';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { PaymentSettlingLazy } from '@/components/checkout/payment-settling-lazy';

export const metadata: Metadata = { title: 'Order confirmed', robots: { index: false } };

type Props = {
  params: Promise<{ orderId: string }>;
  searchParams: Promise<{ redirect_status?: string | string[] }>;
};

/**
 * The placed order. Stripe.js comes back here (`return_url`) once it has confirmed a card, with
 * `redirect_status`: while the order still awaits Stripe's webhook the page says the payment is
 * being confirmed and turns paid by itself (over /ws); otherwise an unpaid order goes to its pay
 * page.
 */
export default async function ConfirmationPage({ params, searchParams }: Props) {
  const { orderId } = await params;
  const { redirect_status: fromStripe } = await searchParams;
  await requireShopper(`/checkout/confirmation/${orderId}`);
  if (!/^[0-9a-f-]{36}$/i.test(orderId)) notFound();
  const result = await findOrder(orderId);
  if (!result.ok) notFound();
  const order = result.data;
  const latest = order.payments.at(-1);
  const settling =
    order.status === 'pending_payment' &&
    latest?.method === 'stripe' &&
    latest.status === 'pending' &&
    (fromStripe === 'succeeded' || fromStripe === 'processing');
  if (order.status === 'pending_payment' && !settling) redirect(`/checkout/pay/${order.id}`);
  const isCod = order.paymentMethod === 'cod';
  const a = order.shippingAddress;
  return (
    <div className="mx-auto grid max-w-2xl gap-6 px-4 py-8">
      <div className="grid justify-items-center gap-3 text-center">
        <CheckCircle2 aria-hidden className="size-14 text-success" />
        <h1 className="text-2xl font-bold">Thank you! Order {order.number} is placed</h1>
        <p className="flex flex-wrap items-center justify-center gap-2 text-muted-foreground">
          {settling ? (
            <PaymentSettlingLazy orderId={order.id} />
          ) : order.paymentStatus === 'paid' ? (
            <Badge variant="success" data-testid="payment-status">
              Paid
            </Badge>
          ) : isCod ? (
            <Badge variant="secondary" data-testid="payment-status">
              Pay on delivery
            </Badge>
          ) : (
            <Badge variant="outline" data-testid="payment-status">
              {order.paymentStatus}
            </Badge>
          )}
          {isCod
            ? `Have ${formatMoney(order.total)} ready for the rider.`
            : settling
              ? `Your card was accepted for ${formatMoney(order.total)}.`
              : `We received ${formatMoney(order.total)}.`}
        </p>
      </div>
      <section aria-labelledby="items" className="grid gap-3 rounded-lg border p-4 text-sm">
        <h2 id="items" className="font-semibold">
          Items
        </h2>
        <ul className="grid gap-2">
          {order.items.map((i) => (
            <li key={i.id} className="flex justify-between gap-3">
              <span>
                {i.title} <span className="text-muted-foreground">× {i.quantity}</span>
              </span>
              <span>{formatMoney(i.lineTotal)}</span>
            </li>
          ))}
        </ul>
        <p className="flex justify-between border-t pt-2 font-semibold">
          <span>Total</span> <span>{formatMoney(order.total)}</span>
        </p>
      </section>
      <section aria-labelledby="delivery" className="grid gap-1 rounded-lg border p-4 text-sm">
        <h2 id="delivery" className="flex items-center gap-2 font-semibold">
          <Truck aria-hidden className="size-4" /> Delivery: {order.shippingMethod.name}
        </h2>
        <p className="text-muted-foreground">
          {a.fullName}, {a.line1}, {a.city}, {a.country}
        </p>
      </section>
      <div className="flex flex-wrap justify-center gap-3">
        <Button asChild>
          <Link href={`/account/orders/${order.id}`}>View order</Link>
        </Button>
        <Button asChild variant="outline">
          <Link href="/products">Continue shopping</Link>
        </Button>
      </div>
    </div>
  );
}
