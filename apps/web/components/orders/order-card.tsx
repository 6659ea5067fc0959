import Link from 'next/link';
import { ChevronRight } from 'lucide-react';
import type { Order } from '@/lib/api/orders';
import { formatMoney } from '@/lib/format';
import { formatDate } from './format';
import { itemCount, plural } from './labels';
import { OrderBadges } from './status-badges';

/** One row of the order list; the whole card is the link's tap target. */
export function OrderCard({ order }: { order: Order }) {
  return (
    <li className="relative flex items-center gap-3 rounded-lg border p-4 text-sm hover:bg-accent/40 focus-within:ring-2 focus-within:ring-ring">
      <div className="grid flex-1 gap-1.5">
        <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
          <Link
            href={`/account/orders/${order.id}`}
            className="font-semibold outline-none after:absolute after:inset-0 after:content-['']"
          >
            Order {order.number}
          </Link>
          <span className="font-semibold">{formatMoney(order.total)}</span>
        </div>
        <p className="text-muted-foreground">
          <time dateTime={order.createdAt}>{formatDate(order.createdAt)}</time> ·{' '}
          {plural(itemCount(order), 'item')}
        </p>
        <OrderBadges order={order} />
      </div>
      <ChevronRight aria-hidden className="size-4 shrink-0 text-muted-foreground" />
    </li>
  );
}
