import Link from 'next/link';
import { preload } from 'react-dom';
import { Star } from 'lucide-react';
import type { ProductSummary } from '@/lib/api/types';
import { formatMoney } from '@/lib/format';
import { Badge } from '@/components/ui/badge';

export function ProductCard({ product, priority = false }: { product: ProductSummary; priority?: boolean }) {
  const isOnSale = product.compareAtPrice && product.compareAtPrice.amount > product.price.amount;
  if (priority && product.image) preload(product.image, { as: 'image', fetchPriority: 'high' });
  return (
    <article className="group relative flex h-full flex-col overflow-hidden rounded-lg border bg-card transition-shadow hover:shadow-md">
      <div className="relative aspect-square bg-muted">
        {product.image ? (
          // The API's 480 px webp is the only size it makes for cards, and covers every column
          // width up to a 2× screen, so a plain <img> (no next/image client script) is enough.
          <img
            src={product.image}
            alt=""
            width={480}
            height={480}
            decoding="async"
            loading={priority ? 'eager' : 'lazy'}
            fetchPriority={priority ? 'high' : undefined}
            className="absolute inset-0 size-full object-cover transition-transform group-hover:scale-[1.02]"
          />
        ) : (
          <div
            className="grid h-full place-items-center text-3xl font-bold text-muted-foreground/40"
            aria-hidden
          >
            {product.title.slice(0, 1)}
          </div>
        )}
        {isOnSale ? (
          <Badge className="absolute left-2 top-2" variant="destructive">
            Sale
          </Badge>
        ) : null}
        {!product.inStock ? (
          <Badge className="absolute right-2 top-2" variant="secondary">
            Sold out
          </Badge>
        ) : null}
      </div>
      <div className="flex flex-1 flex-col gap-1 p-3">
        <h3 className="line-clamp-2 text-sm font-medium">
          <Link
            href={`/p/${product.slug}`}
            className="after:absolute after:inset-0 focus-visible:outline-none"
          >
            {product.title}
          </Link>
        </h3>
        {product.rating.count > 0 ? (
          <p className="flex items-center gap-1 text-xs text-muted-foreground">
            <Star aria-hidden className="size-3.5 fill-amber-400 text-amber-400" />
            <span>
              {product.rating.average.toFixed(1)} <span className="sr-only">out of 5,</span> (
              {product.rating.count})
            </span>
          </p>
        ) : null}
        <p className="mt-auto flex flex-wrap items-baseline gap-x-2 pt-1">
          <span className="font-semibold">{formatMoney(product.price)}</span>
          {isOnSale && product.compareAtPrice ? (
            <s className="text-xs text-muted-foreground">
              <span className="sr-only">was </span>
              {formatMoney(product.compareAtPrice)}
            </s>
          ) : null}
        </p>
      </div>
    </article>
  );
}

export function ProductGrid({
  products,
  priorityCount = 0,
}: {
  products: ProductSummary[];
  priorityCount?: number;
}) {
  return (
    <ul className="grid grid-cols-2 gap-3 sm:gap-4 md:grid-cols-3 lg:grid-cols-4 xl:grid-cols-5">
      {products.map((p, i) => (
        <li key={p.id} className="grid">
          <ProductCard product={p} priority={i < priorityCount} />
        </li>
      ))}
    </ul>
  );
}
