import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ArrowLeft, CircleSlash, CreditCard } from 'lucide-react';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { CancelOrder } from '@/components/orders/cancel-order';
import { formatDateTime } from '@/components/orders/format';
import { actorLabels, canCancel, canPay, itemCount, plural } from '@/components/orders/labels';
import { OrderLines } from '@/components/orders/order-lines';
import { OrderPayments } from '@/components/orders/order-payments';
import { OrderTimeline } from '@/components/orders/order-timeline';
import { OrderTotals } from '@/components/orders/order-totals';
import { OrderBadges } from '@/components/orders/status-badges';
import { findLineProducts, findOrder, type Order } from '@/lib/api/orders';
import { formatMoney } from '@/lib/format';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const order = await findOrder((await params).id);
  return { title: order ? `Order ${order.number}` : 'Order not found' };
}

/**
 * One of the caller's orders. No loading.tsx here: `notFound()` must run before anything streams,
 * so an unknown id, or another customer's order (the API answers 404 for both), is a real 404.
 */
export default async function OrderPage({ params }: Props) {
  const order = await findOrder((await params).id);
  if (!order) notFound();
  const products = await findLineProducts(order.items);
  const wasPaid = order.paymentStatus === 'paid' || order.paymentStatus === 'partially_refunded';
  return (
    <div className="grid gap-6">
      <div className="grid gap-3">
        <Link
          href="/account/orders"
          className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
        >
          <ArrowLeft aria-hidden className="size-4" /> All orders
        </Link>
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="grid gap-1.5">
            <h1 className="text-2xl font-bold tracking-tight">Order {order.number}</h1>
            <p className="text-sm text-muted-foreground">
              Placed <time dateTime={order.createdAt}>{formatDateTime(order.createdAt)}</time> ·{' '}
              {plural(itemCount(order), 'item')} · {formatMoney(order.total)}
            </p>
            <OrderBadges order={order} />
          </div>
          <div className="flex flex-wrap gap-2">
            {canPay(order) ? (
              <Button asChild>
                <Link href={`/checkout/pay/${order.id}`}>
                  <CreditCard aria-hidden /> Pay now
                </Link>
              </Button>
            ) : null}
            {canCancel(order) ? (
              <CancelOrder
                orderId={order.id}
                orderNumber={order.number}
                paidTotal={wasPaid ? formatMoney(order.total) : null}
              />
            ) : null}
          </div>
        </div>
      </div>

      <StatusNotice order={order} />

      <Card>
        <CardHeader className="pb-4">
          <CardTitle className="text-lg">Items</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4">
          <OrderLines items={order.items} products={products} />
          <div className="border-t pt-4">
            <OrderTotals order={order} />
          </div>
        </CardContent>
      </Card>

      <div className="grid gap-6 sm:grid-cols-2">
        <Card>
          <CardHeader className="pb-4">
            <CardTitle className="text-lg">Delivery</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-3 text-sm" data-testid="order-delivery">
            <address className="not-italic">
              <span className="block font-medium">{order.shippingAddress.fullName}</span>
              {[
                order.shippingAddress.line1,
                order.shippingAddress.line2,
                order.shippingAddress.city,
                order.shippingAddress.region,
                order.shippingAddress.postalCode,
                order.shippingAddress.country,
              ]
                .filter(Boolean)
                .join(', ')}
              <span className="block text-muted-foreground">{order.shippingAddress.phone}</span>
            </address>
            <p>
              <span className="text-muted-foreground">Shipping: </span>
              {order.shippingMethod.name} ·{' '}
              {order.shipping.amount === 0 ? 'Free' : formatMoney(order.shipping)}
            </p>
          </CardContent>
        </Card>
        <Card>
          <CardHeader className="pb-4">
            <CardTitle className="text-lg">Payment</CardTitle>
          </CardHeader>
          <CardContent>
            <OrderPayments order={order} />
          </CardContent>
        </Card>
      </div>

      <Card>
        <CardHeader className="pb-4">
          <CardTitle className="text-lg">History</CardTitle>
        </CardHeader>
        <CardContent>
          <OrderTimeline history={order.history} />
        </CardContent>
      </Card>
    </div>
  );
}

/** What a cancelled or unpaid order means for the shopper, in words. */
function StatusNotice({ order }: { order: Order }) {
  if (order.status === 'cancelled') {
    const last = order.history.at(-1);
    const by = last?.to === 'cancelled' ? actorLabels[last.actor.role] : null;
    const refunded = order.paymentStatus === 'refunded' || order.paymentStatus === 'partially_refunded';
    return (
      <Alert data-testid="cancelled-notice">
        <CircleSlash aria-hidden />
        <AlertTitle>
          This order is cancelled
          {by ? ` (${by === 'automatically' ? 'it was not paid in time' : by})` : ''}
        </AlertTitle>
        <AlertDescription>
          <p>
            Its items went back into stock.{' '}
            {refunded
              ? `The shop refunds the ${formatMoney(order.total)} you paid in full, the way you paid; the payment below shows the refund once it has gone through.`
              : 'Nothing was charged, so there is nothing to refund.'}
          </p>
        </AlertDescription>
      </Alert>
    );
  }
  if (canPay(order)) {
    return (
      <Alert variant="warning" data-testid="unpaid-notice">
        <CreditCard aria-hidden />
        <AlertTitle>Waiting for your payment</AlertTitle>
        <AlertDescription>
          <p>
            {order.paymentStatus === 'failed'
              ? 'The last payment did not go through. Pay now to keep this order.'
              : 'Pay now to keep this order: an unpaid order is cancelled after a while and its items go back on sale.'}
          </p>
        </AlertDescription>
      </Alert>
    );
  }
  return null;
}
