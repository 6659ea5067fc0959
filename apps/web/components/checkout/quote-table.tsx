import type { Quote } from '@/lib/api/checkout';
import { formatMoney } from '@/lib/format';

/** The server's quote: lines, discount, delivery, tax and total, exactly as the order will be charged. */
export function QuoteTable({ quote }: { quote: Quote }) {
  const rows: [string, string][] = [['Subtotal', formatMoney(quote.subtotal)]];
  if (quote.discount.amount > 0)
    rows.push([
      `Discount${quote.coupon ? ` (${quote.coupon.code})` : ''}`,
      `− ${formatMoney(quote.discount)}`,
    ]);
  rows.push([
    `Delivery (${quote.shippingMethod.name})`,
    quote.shipping.amount === 0 ? 'Free' : formatMoney(quote.shipping),
  ]);
  rows.push([quote.taxIncluded ? 'VAT (included)' : 'Tax', formatMoney(quote.tax)]);
  return (
    <div className="grid gap-3 rounded-lg border p-4 text-sm">
      <ul className="grid gap-2">
        {quote.lines.map((l) => (
          <li key={l.variantId} className="flex justify-between gap-3">
            <span>
              {l.title}
              {l.variantTitle ? <span className="text-muted-foreground"> · {l.variantTitle}</span> : null}
              <span className="text-muted-foreground"> × {l.quantity}</span>
            </span>
            <span>{formatMoney(l.lineTotal)}</span>
          </li>
        ))}
      </ul>
      <dl className="grid gap-1 border-t pt-3">
        {rows.map(([k, v]) => (
          <div key={k} className="flex justify-between">
            <dt className="text-muted-foreground">{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
        <div className="flex justify-between border-t pt-2 text-base font-semibold">
          <dt>Total</dt>
          <dd data-testid="quote-total">{formatMoney(quote.total)}</dd>
        </div>
      </dl>
    </div>
  );
}
