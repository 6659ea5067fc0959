import type { Order, OrderPayment } from '@/lib/api/orders';
import { formatMoney } from '@/lib/format';
import { Badge } from '@/components/ui/badge';
import { formatDateTime } from './format';
import {
  paymentMethodLabels,
  paymentStatusLabels,
  paymentStatusTone,
  toneClasses,
  wasNeverCharged,
} from './labels';

const refundDue = (order: Order, p: OrderPayment) =>
  order.paymentStatus === 'refunded' && p.status === 'paid' && p.refunded.amount === 0;

/** Before any payment row exists (an online order before its first attempt). */
function noPaymentText(order: Order) {
  if (wasNeverCharged(order)) return 'Nothing was charged.';
  if (order.paymentMethod === 'cod')
    return `You pay ${formatMoney(order.total)} in cash when it is delivered.`;
  return 'No payment has been made yet.';
}

/**
 * The order's payment method and every payment attempt (the order's own `payments`, oldest
 * first) with its state, receipt, and why one failed.
 */
export function OrderPayments({ order }: { order: Order }) {
  const { payments } = order;
  return (
    <div className="grid gap-3 text-sm" data-testid="order-payments">
      <p>
        <span className="text-muted-foreground">Method: </span>
        {paymentMethodLabels[order.paymentMethod]}
      </p>
      {payments.length === 0 ? (
        <p className="text-muted-foreground">{noPaymentText(order)}</p>
      ) : (
        <ul className="grid gap-2">
          {payments.map((p) => (
            <li key={p.id} className="grid gap-1 rounded-md border p-3" data-testid="payment">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-medium">
                  {paymentMethodLabels[p.method]} · {formatMoney(p.amount)}
                </span>
                <Badge className={toneClasses[paymentStatusTone[p.status]]}>
                  {p.method === 'cod' && p.status === 'pending'
                    ? 'Pay on delivery'
                    : paymentStatusLabels[p.status]}
                </Badge>
              </div>
              <p className="text-muted-foreground">
                <time dateTime={p.paidAt ?? p.createdAt}>{formatDateTime(p.paidAt ?? p.createdAt)}</time>
                {p.receipt ? ` · receipt ${p.receipt}` : ''}
              </p>
              {p.refunded.amount > 0 ? (
                <p className="text-muted-foreground">{formatMoney(p.refunded)} refunded</p>
              ) : refundDue(order, p) ? (
                // Cancelling a paid order marks the order refunded at once (API.md); the payment
                // records the money going back only when the provider's refund has gone through.
                <p className="text-muted-foreground" data-testid="refund-due">
                  Refund due: {formatMoney(p.amount)}
                </p>
              ) : null}
              {p.method === 'cod' && p.status === 'pending' ? (
                <p className="text-muted-foreground">
                  You pay {formatMoney(p.amount)} in cash when it is delivered.
                </p>
              ) : null}
              {(p.status === 'failed' || p.status === 'cancelled') && p.message ? (
                <p className="text-destructive">{p.message}</p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
