import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { findOrder } from '@/lib/api/checkout';
import { cardFormFor, findPayment, listUsablePaymentMethods } from '@/lib/api/payments';
import { requireShopper } from '@/lib/checkout/guard';
import { formatMoney } from '@/lib/format';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { MpesaWaiting } from '@/components/checkout/mpesa-waiting';
import { PayForm } from '@/components/checkout/pay-form';
import { TestModeBanner } from '@/components/checkout/test-mode-banner';

export const metadata: Metadata = { title: 'Pay for your order', robots: { index: false } };

const failureTitle = { failed: 'The payment did not go through', cancelled: 'The payment was cancelled' };

/**
 * Pays an order awaiting payment: right after checkout, and as "pay again" from the account's
 * order pages (this URL is theirs too). Paid or cash-on-delivery orders go to the confirmation.
 */
export default async function PayPage({ params }: { params: Promise<{ orderId: string }> }) {
  const { orderId } = await params;
  await requireShopper(`/checkout/pay/${orderId}`);
  if (!/^[0-9a-f-]{36}$/i.test(orderId)) notFound();
  const result = await findOrder(orderId);
  if (!result.ok) notFound();
  const order = result.data;
  if (order.status !== 'pending_payment' && order.status !== 'cancelled')
    redirect(`/checkout/confirmation/${order.id}`);
  const amount = formatMoney(order.total);
  const header = (
    <div className="grid gap-1">
      <h1 className="text-2xl font-bold">Pay for order {order.number}</h1>
      <p className="text-muted-foreground">
        Total <strong className="text-foreground">{amount}</strong>
      </p>
    </div>
  );
  if (order.status === 'cancelled') {
    return (
      <div className="mx-auto grid max-w-2xl gap-4 px-4 py-8">
        {header}
        <Alert>
          <AlertDescription>
            This order was cancelled, so there is nothing to pay.{' '}
            <Link href="/products">Continue shopping</Link>.
          </AlertDescription>
        </Alert>
      </div>
    );
  }
  // The order carries its attempts (oldest first); a pending one is read in full for its provider
  // reference (the prompt being waited for, the card payment to confirm). A failed read throws.
  const latest = order.payments.at(-1);
  const [methods, pending] = await Promise.all([
    listUsablePaymentMethods(),
    latest?.status === 'pending' && latest.method !== 'cod' ? findPayment(latest.id) : null,
  ]);
  const online = methods.filter((m): m is typeof m & { code: 'mpesa' | 'stripe' } => m.code !== 'cod');
  const waitingMpesa = pending?.method === 'mpesa' && pending.providerReference ? pending : null;
  const pendingCard = pending?.method === 'stripe' ? pending : null;
  const failed = latest && (latest.status === 'failed' || latest.status === 'cancelled') ? latest : null;
  const initial = online.find((m) => m.code === order.paymentMethod)?.code ?? online[0]?.code;
  const stripe = online.find((m) => m.code === 'stripe');
  const cardForm = stripe ? cardFormFor(stripe) : null;

  return (
    <div className="mx-auto grid max-w-2xl gap-5 px-4 py-8">
      {header}
      <TestModeBanner methods={online.filter((m) => m.testMode).map((m) => m.name)} />
      {failed ? (
        <Alert variant="destructive" data-testid="payment-failure">
          <AlertTitle>{failureTitle[failed.status as 'failed' | 'cancelled']}</AlertTitle>
          <AlertDescription>
            {failed.message ?? 'The provider gave no reason.'} You can try again below.
          </AlertDescription>
        </Alert>
      ) : null}
      {waitingMpesa ? (
        <MpesaWaiting
          orderId={order.id}
          checkoutRequestId={waitingMpesa.providerReference!}
          amount={amount}
        />
      ) : initial ? (
        <PayForm
          orderId={order.id}
          amount={amount}
          methods={online.map((m) => ({ code: m.code, name: m.name }))}
          initial={pendingCard ? 'stripe' : initial}
          cardForm={cardForm}
          pendingCardPaymentId={pendingCard?.providerReference ? pendingCard.id : undefined}
        />
      ) : (
        <Alert variant="warning">
          <AlertDescription>
            No online payment method is available right now. Please try again later.
          </AlertDescription>
        </Alert>
      )}
    </div>
  );
}
