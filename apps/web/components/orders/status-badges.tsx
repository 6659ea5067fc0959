import { Badge } from '@/components/ui/badge';
import type { Order } from '@/lib/api/orders';
import {
  orderStatusLabels,
  orderStatusTone,
  paymentStatusLabel,
  paymentStatusTone,
  toneClasses,
} from './labels';

/** The order's status and its payment status, each a badge with words (never colour alone). */
export function OrderBadges({ order }: { order: Pick<Order, 'status' | 'paymentStatus' | 'paymentMethod'> }) {
  return (
    <span className="flex flex-wrap gap-1.5">
      <Badge className={toneClasses[orderStatusTone[order.status]]} data-testid="order-status">
        {orderStatusLabels[order.status]}
      </Badge>
      <Badge className={toneClasses[paymentStatusTone[order.paymentStatus]]} data-testid="payment-status">
        {paymentStatusLabel(order)}
      </Badge>
    </span>
  );
}
