import type { Order } from '@/lib/api/orders';
import { formatMoney } from '@/lib/format';

/** Subtotal, discount, shipping, tax and total, as the server computed them at placement. */
export function OrderTotals({ order }: { order: Order }) {
  const rows: [string, string][] = [['Subtotal', formatMoney(order.subtotal)]];
  if (order.discount.amount > 0)
    rows.push([
      order.couponCode ? `Discount (${order.couponCode})` : 'Discount',
      `−${formatMoney(order.discount)}`,
    ]);
  rows.push(['Shipping', order.shipping.amount === 0 ? 'Free' : formatMoney(order.shipping)]);
  if (!order.taxIncluded) rows.push(['Tax', formatMoney(order.tax)]);
  return (
    <dl className="grid gap-1.5 text-sm" data-testid="order-totals">
      {rows.map(([label, value]) => (
        <div key={label} className="flex justify-between gap-4">
          <dt className="text-muted-foreground">{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
      <div className="mt-1 flex justify-between gap-4 border-t pt-2 text-base font-semibold">
        <dt>Total</dt>
        <dd>{formatMoney(order.total)}</dd>
      </div>
      {order.taxIncluded ? (
        <p className="text-xs text-muted-foreground">
          Prices include tax{order.tax.amount > 0 ? ` (${formatMoney(order.tax)})` : ''}.
        </p>
      ) : null}
    </dl>
  );
}
