import { Badge } from '@/components/ui/badge';
import type { Order } from '@/lib/api/orders';
import {
  orderStatusLabels,
  orderStatusTone,
  paymentStatusLabel,
  paymentStatusToneOf,
  toneClasses,
} from './labels';

/**
 * The order's status and its payment status, each a badge with words (never colour alone), named
 * for screen readers. A paid order shows one "Paid", not two.
 */
export function OrderBadges({ order }: { order: Pick<Order, 'status' | 'paymentStatus' | 'paymentMethod'> }) {
  const status = orderStatusLabels[order.status];
  const payment = paymentStatusLabel(order);
  return (
    <span className="flex flex-wrap gap-1.5">
      <span className="sr-only">Order status:</span>
      <Badge className={toneClasses[orderStatusTone[order.status]]} data-testid="order-status">
        {status}
      </Badge>
      {payment !== status ? (
        <>
          <span className="sr-only">Payment:</span>
          <Badge className={toneClasses[paymentStatusToneOf(order)]} data-testid="payment-status">
            {payment}
          </Badge>
        </>
      ) : null}
    </span>
  );
}
