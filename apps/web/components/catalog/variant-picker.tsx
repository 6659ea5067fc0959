'use client';
import { useMemo, useState } from 'react';
import type { Variant } from '@/lib/api/types';
import { formatMoney } from '@/lib/format';
import { cn } from '@/lib/cn';
import { Badge } from '@/components/ui/badge';

const label = (v: Variant) => v.title || Object.values(v.options ?? {}).join(' / ') || v.sku;

/** Picks a variant by its options (or by title when it has none); price and stock follow. */
export function VariantPicker({ variants, initialId }: { variants: Variant[]; initialId?: string }) {
  const [selectedId, setSelectedId] = useState(
    () =>
      variants.find((v) => v.id === initialId)?.id ?? variants.find((v) => v.inStock)?.id ?? variants[0]?.id,
  );
  const selected = variants.find((v) => v.id === selectedId) ?? variants[0];
  const optionNames = useMemo(() => {
    const names = new Set<string>();
    for (const v of variants) for (const k of Object.keys(v.options ?? {})) names.add(k);
    return [...names];
  }, [variants]);

  const choose = (v: Variant | undefined) => {
    if (!v) return;
    setSelectedId(v.id);
    const url = new URL(window.location.href);
    url.searchParams.set('variant', v.id);
    window.history.replaceState(null, '', url);
  };
  const chooseOption = (name: string, value: string) => {
    const wanted = { ...(selected?.options ?? {}), [name]: value };
    const exact = variants.find((v) => Object.entries(wanted).every(([k, val]) => v.options?.[k] === val));
    choose(exact ?? variants.find((v) => v.options?.[name] === value));
  };

  if (!selected) return null;
  const isOnSale = selected.compareAtPrice && selected.compareAtPrice.amount > selected.price.amount;
  return (
    <div className="grid gap-5">
      <div aria-live="polite" className="flex flex-wrap items-baseline gap-3">
        <p className="text-3xl font-bold" data-testid="price">
          {formatMoney(selected.price)}
        </p>
        {isOnSale && selected.compareAtPrice ? (
          <>
            <s className="text-lg text-muted-foreground" data-testid="compare-at-price">
              <span className="sr-only">was </span>
              {formatMoney(selected.compareAtPrice)}
            </s>
            <Badge variant="destructive">
              Save {Math.round((1 - selected.price.amount / selected.compareAtPrice.amount) * 100)}%
            </Badge>
          </>
        ) : null}
      </div>
      <p
        data-testid="stock"
        className={cn('text-sm font-medium', selected.inStock ? 'text-success' : 'text-destructive')}
      >
        {selected.inStock
          ? selected.stock <= 5
            ? `Only ${selected.stock} left`
            : 'In stock'
          : 'Out of stock'}
      </p>

      {variants.length > 1 ? (
        optionNames.length > 0 ? (
          optionNames.map((name) => {
            const values = [
              ...new Set(variants.map((v) => v.options?.[name]).filter((v): v is string => Boolean(v))),
            ];
            return (
              <fieldset key={name}>
                <legend className="mb-2 text-sm font-semibold">
                  <span className="capitalize">{name}</span>:{' '}
                  <span className="font-normal">{selected.options?.[name]}</span>
                </legend>
                <div className="flex flex-wrap gap-2">
                  {values.map((value) => {
                    const isSelected = selected.options?.[name] === value;
                    const isAvailable = variants.some((v) => v.options?.[name] === value && v.inStock);
                    return (
                      <button
                        key={value}
                        type="button"
                        aria-pressed={isSelected}
                        onClick={() => chooseOption(name, value)}
                        className={cn(
                          'min-w-12 rounded-md border px-3 py-2 text-sm transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring',
                          isSelected
                            ? 'border-primary bg-primary text-primary-foreground'
                            : 'hover:bg-accent',
                          !isAvailable && !isSelected && 'text-muted-foreground line-through',
                        )}
                      >
                        {value}
                        {!isAvailable ? <span className="sr-only"> (sold out)</span> : null}
                      </button>
                    );
                  })}
                </div>
              </fieldset>
            );
          })
        ) : (
          <fieldset>
            <legend className="mb-2 text-sm font-semibold">Option</legend>
            <div className="flex flex-wrap gap-2">
              {variants.map((v) => (
                <button
                  key={v.id}
                  type="button"
                  aria-pressed={v.id === selected.id}
                  onClick={() => choose(v)}
                  className={cn(
                    'rounded-md border px-3 py-2 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring',
                    v.id === selected.id
                      ? 'border-primary bg-primary text-primary-foreground'
                      : 'hover:bg-accent',
                  )}
                >
                  {label(v)}
                </button>
              ))}
            </div>
          </fieldset>
        )
      ) : null}
      <p className="text-xs text-muted-foreground">SKU {selected.sku}</p>
    </div>
  );
}
