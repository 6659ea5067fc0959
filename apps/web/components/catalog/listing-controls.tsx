'use client';
import { useRouter } from 'next/navigation';
import { SlidersHorizontal, X } from 'lucide-react';
import { useRef, useState, useTransition, type FormEvent, type ReactNode } from 'react';
import type { ProductSort } from '@/lib/api/catalog';
import { listingHref, type ListingParams } from '@/lib/catalog-params';
import { buttonVariants } from '@/components/ui/button-variants';

// The ui primitives' styles, written out: their `cn` would bring tailwind-merge into this bundle.
const inputClass =
  'flex h-10 w-full rounded-md border border-input bg-background px-3 py-2 text-sm placeholder:text-muted-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring';
const labelClass = 'text-sm font-medium leading-none select-none';
const checkboxClass =
  'size-4 shrink-0 cursor-pointer rounded-sm accent-primary focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2';

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
      <label htmlFor="sort" className={`${labelClass} whitespace-nowrap text-muted-foreground`}>
        Sort by
      </label>
      <select
        id="sort"
        data-testid="sort"
        value={current}
        onChange={(e) => navigate({ sort: e.target.value as ProductSort })}
        className="h-10 w-40 rounded-md border border-input bg-background px-3 py-2 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-ring"
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
          <label htmlFor={`${idPrefix}-min`} className="sr-only">
            Minimum price
          </label>
          <input
            className={inputClass}
            id={`${idPrefix}-min`}
            name="minPrice"
            inputMode="numeric"
            placeholder={priceRange.min !== null ? String(Math.floor(priceRange.min / 100)) : 'Min'}
            value={min}
            onChange={(e) => setMin(e.target.value)}
          />
          <span aria-hidden>–</span>
          <label htmlFor={`${idPrefix}-max`} className="sr-only">
            Maximum price
          </label>
          <input
            className={inputClass}
            id={`${idPrefix}-max`}
            name="maxPrice"
            inputMode="numeric"
            placeholder={priceRange.max !== null ? String(Math.ceil(priceRange.max / 100)) : 'Max'}
            value={max}
            onChange={(e) => setMax(e.target.value)}
          />
        </div>
        <button type="submit" className={buttonVariants({ variant: 'secondary', size: 'sm' })}>
          Apply price
        </button>
      </form>
      <div className="flex items-center gap-2">
        <input
          type="checkbox"
          className={checkboxClass}
          id={`${idPrefix}-stock`}
          checked={params.inStock ?? false}
          onChange={(e) => navigate({ inStock: e.target.checked ? true : undefined })}
        />
        <label htmlFor={`${idPrefix}-stock`} className={labelClass}>
          In stock only
        </label>
      </div>
      <fieldset className="grid gap-2">
        <legend className="mb-2 text-sm font-semibold">Rating</legend>
        {[4, 3, 2].map((r) => (
          <div key={r} className="flex items-center gap-2">
            <input
              type="checkbox"
              className={checkboxClass}
              id={`${idPrefix}-rating-${r}`}
              checked={params.minRating === r}
              onChange={(e) => navigate({ minRating: e.target.checked ? r : undefined })}
            />
            <label htmlFor={`${idPrefix}-rating-${r}`} className={labelClass}>
              {r} stars & up
            </label>
          </div>
        ))}
      </fieldset>
    </div>
  );
}

/**
 * The filter panel on phones: a native modal `<dialog>` sliding in from the left (focus trap,
 * Escape and the backdrop come from the browser, so no dialog library is shipped).
 */
export function MobileFilters({ children, activeCount }: { children: ReactNode; activeCount: number }) {
  const ref = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        onClick={() => ref.current?.showModal()}
        className={`${buttonVariants({ variant: 'outline', size: 'sm' })} lg:hidden`}
      >
        <SlidersHorizontal aria-hidden /> Filters{activeCount ? ` (${activeCount})` : ''}
      </button>
      <dialog
        ref={ref}
        aria-labelledby="mobile-filters-title"
        onClick={(e) => {
          // A click on the dialog itself outside its box is a click on the backdrop.
          const box = e.currentTarget.getBoundingClientRect();
          const isOutside =
            e.clientX < box.left || e.clientX > box.right || e.clientY < box.top || e.clientY > box.bottom;
          if (e.target === e.currentTarget && isOutside) e.currentTarget.close();
        }}
        className="fixed inset-y-0 left-0 m-0 h-dvh max-h-dvh w-[85vw] max-w-sm flex-col gap-4 overflow-y-auto border-r bg-background p-6 text-foreground shadow-lg backdrop:bg-black/50 open:flex"
      >
        <h2 id="mobile-filters-title" className="text-lg font-semibold">
          Filters
        </h2>
        {children}
        <form method="dialog">
          <button
            type="submit"
            className="absolute right-4 top-4 rounded-sm opacity-70 hover:opacity-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
          >
            <X aria-hidden className="size-4" />
            <span className="sr-only">Close</span>
          </button>
        </form>
      </dialog>
    </>
  );
}
