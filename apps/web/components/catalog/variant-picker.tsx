import type { Variant } from '@/lib/api/types';
import { formatMoney } from '@/lib/format';
import { cn } from '@/lib/cn';
import { Badge } from '@/components/ui/badge';
import { AddToCart } from '@/components/cart/add-to-cart';
import { VariantChooser } from './variant-chooser';

const label = (v: Variant) => v.title || Object.values(v.options ?? {}).join(' / ') || v.sku;

/** Price and stock of one variant, rendered on the server for each variant. */
function VariantPanel({ variant }: { variant: Variant }) {
  const isOnSale = variant.compareAtPrice && variant.compareAtPrice.amount > variant.price.amount;
  return (
    <>
      <div className="flex flex-wrap items-baseline gap-3">
        <p className="text-3xl font-bold" data-testid="price">
          {formatMoney(variant.price)}
        </p>
        {isOnSale && variant.compareAtPrice ? (
          <>
            <s className="text-lg text-muted-foreground" data-testid="compare-at-price">
              <span className="sr-only">was </span>
              {formatMoney(variant.compareAtPrice)}
            </s>
            <Badge variant="destructive">
              Save {Math.round((1 - variant.price.amount / variant.compareAtPrice.amount) * 100)}%
            </Badge>
          </>
        ) : null}
      </div>
      <p
        data-testid="stock"
        className={cn('text-sm font-medium', variant.inStock ? 'text-success' : 'text-destructive')}
      >
        {variant.inStock ? (variant.stock <= 5 ? `Only ${variant.stock} left` : 'In stock') : 'Out of stock'}
      </p>
    </>
  );
}

/** Picks a variant by its options (or by title when it has none); price, stock and Add to cart follow. */
export function VariantPicker({ variants, initialId }: { variants: Variant[]; initialId?: string }) {
  const initial = variants.find((v) => v.id === initialId) ?? variants.find((v) => v.inStock) ?? variants[0];
  if (!initial) return null;
  const optionNames = [...new Set(variants.flatMap((v) => Object.keys(v.options ?? {})))];
  return (
    <VariantChooser
      variants={variants.map((v) => ({
        id: v.id,
        sku: v.sku,
        label: label(v),
        options: v.options ?? {},
        inStock: v.inStock,
      }))}
      initialId={initial.id}
      optionNames={optionNames}
      panels={Object.fromEntries(variants.map((v) => [v.id, <VariantPanel key={v.id} variant={v} />]))}
      actions={Object.fromEntries(
        variants.map((v) => [
          v.id,
          <AddToCart key={v.id} variantId={v.id} stock={v.stock} inStock={v.inStock} />,
        ]),
      )}
    />
  );
}
