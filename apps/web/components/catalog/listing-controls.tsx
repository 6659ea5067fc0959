'use client';
import { useRouter } from 'next/navigation';
import { SlidersHorizontal } from 'lucide-react';
import { useState, useTransition, type FormEvent, type ReactNode } from 'react';
import type { ProductSort } from '@/lib/api/catalog';
import { listingHref, type ListingParams } from '@/lib/catalog-params';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Dialog, DialogDescription, DialogTitle, DialogTrigger, SheetContent } from '@/components/ui/dialog';

function useNavigate(base: string, params: ListingParams) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const navigate = (change: Partial<ListingParams>) =>
    startTransition(() =>
      router.push(listingHref(base, { ...params, ...change, page: undefined }), { scroll: false }),
    );
  return { navigate, isPending };
}

export function SortSelect({
  base,
  params,
  sorts,
}: {
  base: string;
  params: ListingParams;
  sorts: { value: ProductSort; label: string }[];
}) {
  const { navigate } = useNavigate(base, params);
  const current = params.sort ?? (params.q ? 'relevance' : 'newest');
  return (
    <div className="flex items-center gap-2">
      <Label htmlFor="sort" className="whitespace-nowrap text-muted-foreground">
        Sort by
      </Label>
      <select
        id="sort"
        data-testid="sort"
        value={current}
        onChange={(e) => navigate({ sort: e.target.value as ProductSort })}
        className="h-10 w-48 rounded-md border border-input bg-background px-3 py-2 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-ring"
      >
        {sorts
          .filter((s) => s.value !== 'relevance' || params.q)
          .map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
      </select>
    </div>
  );
}

/** Price, stock and rating filters; every change goes into the URL. */
export function FilterForm({
  base,
  params,
  priceRange,
  idPrefix = 'f',
}: {
  base: string;
  params: ListingParams;
  priceRange: { min: number | null; max: number | null };
  idPrefix?: string;
}) {
  const { navigate, isPending } = useNavigate(base, params);
  const [min, setMin] = useState(params.minPrice?.toString() ?? '');
  const [max, setMax] = useState(params.maxPrice?.toString() ?? '');
  const toNumber = (v: string) =>
    v.trim() === '' || Number.isNaN(Number(v)) ? undefined : Math.max(0, Math.floor(Number(v)));
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    navigate({ minPrice: toNumber(min), maxPrice: toNumber(max) });
  };
  return (
    <div className="grid gap-6" aria-busy={isPending}>
      <form onSubmit={onSubmit} className="grid gap-2" aria-labelledby={`${idPrefix}-price`}>
        <p id={`${idPrefix}-price`} className="text-sm font-semibold">
          Price (KES)
        </p>
        <div className="flex items-center gap-2">
          <Label htmlFor={`${idPrefix}-min`} className="sr-only">
            Minimum price
          </Label>
          <Input
            id={`${idPrefix}-min`}
            name="minPrice"
            inputMode="numeric"
            placeholder={priceRange.min !== null ? String(Math.floor(priceRange.min / 100)) : 'Min'}
            value={min}
            onChange={(e) => setMin(e.target.value)}
          />
          <span aria-hidden>–</span>
          <Label htmlFor={`${idPrefix}-max`} className="sr-only">
            Maximum price
          </Label>
          <Input
            id={`${idPrefix}-max`}
            name="maxPrice"
            inputMode="numeric"
            placeholder={priceRange.max !== null ? String(Math.ceil(priceRange.max / 100)) : 'Max'}
            value={max}
            onChange={(e) => setMax(e.target.value)}
          />
        </div>
        <Button type="submit" variant="secondary" size="sm">
          Apply price
        </Button>
      </form>
      <div className="flex items-center gap-2">
        <Checkbox
          id={`${idPrefix}-stock`}
          checked={params.inStock ?? false}
          onCheckedChange={(v) => navigate({ inStock: v ? true : undefined })}
        />
        <Label htmlFor={`${idPrefix}-stock`}>In stock only</Label>
      </div>
      <fieldset className="grid gap-2">
        <legend className="mb-2 text-sm font-semibold">Rating</legend>
        {[4, 3, 2].map((r) => (
          <div key={r} className="flex items-center gap-2">
            <Checkbox
              id={`${idPrefix}-rating-${r}`}
              checked={params.minRating === r}
              onCheckedChange={(v) => navigate({ minRating: v ? r : undefined })}
            />
            <Label htmlFor={`${idPrefix}-rating-${r}`}>{r} stars & up</Label>
          </div>
        ))}
      </fieldset>
    </div>
  );
}

export function MobileFilters({ children, activeCount }: { children: ReactNode; activeCount: number }) {
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm" className="lg:hidden">
          <SlidersHorizontal /> Filters{activeCount ? ` (${activeCount})` : ''}
        </Button>
      </DialogTrigger>
      <SheetContent>
        <DialogTitle>Filters</DialogTitle>
        <DialogDescription className="sr-only">Narrow the products shown</DialogDescription>
        {children}
      </SheetContent>
    </Dialog>
  );
}
