import Link from 'next/link';
import { Package } from 'lucide-react';
import type { LineProduct, OrderItem } from '@/lib/api/orders';
import { formatMoney } from '@/lib/format';

/**
 * The order's lines as they were bought (title, options, quantity, prices are the order's own
 * snapshot); the picture and the link come from the catalogue when the product is still for sale.
 */
export function OrderLines({ items, products }: { items: OrderItem[]; products: Map<string, LineProduct> }) {
  return (
    <ul className="divide-y" aria-label="Items">
      {items.map((item) => {
        const product = products.get(item.productId);
        const options = Object.entries(item.options);
        return (
          <li key={item.id} className="flex gap-3 py-3 first:pt-0 last:pb-0" data-testid="order-line">
            <div className="size-16 shrink-0 overflow-hidden rounded-md border bg-muted">
              {product?.image ? (
                // The API's smallest webp thumbnail, already sized: no next/image script needed.
                <img
                  src={product.image.url}
                  alt=""
                  width={64}
                  height={64}
                  loading="lazy"
                  className="size-full object-cover"
                />
              ) : (
                <Package aria-hidden className="m-auto mt-5 size-6 text-muted-foreground" />
              )}
            </div>
            <div className="grid min-w-0 flex-1 gap-0.5 text-sm">
              {product ? (
                <Link href={`/p/${product.slug}`} className="font-medium hover:underline">
                  {item.title}
                </Link>
              ) : (
                <span className="font-medium">{item.title}</span>
              )}
              {options.length > 0 ? (
                <span className="text-muted-foreground">
                  {options.map(([k, v]) => `${k}: ${v}`).join(' · ')}
                </span>
              ) : null}
              <span className="text-muted-foreground">
                {item.quantity} × {formatMoney(item.unitPrice)}
                {item.status === 'cancelled' ? ' · cancelled' : ''}
              </span>
            </div>
            <span className="text-sm font-medium">{formatMoney(item.lineTotal)}</span>
          </li>
        );
      })}
    </ul>
  );
}
