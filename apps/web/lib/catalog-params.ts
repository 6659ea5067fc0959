import type { ProductQuery, ProductSort } from './api/catalog';

/** The listing's state as it appears in the URL. Prices are whole currency units there. */
export interface ListingParams {
  q?: string;
  category?: string;
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
  minRating?: number;
  sort?: ProductSort;
  page?: number;
}

export const PAGE_SIZE = 20;
const sorts: ProductSort[] = ['relevance', 'price', '-price', 'newest', 'rating', 'popular'];

type Raw = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const nonNegative = (v: string | undefined) => {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : undefined;
};

/** Reads the URL leniently: a bad value is dropped, never an error page. */
export function parseListingParams(raw: Raw): ListingParams {
  const sort = first(raw.sort) as ProductSort | undefined;
  const rating = nonNegative(first(raw.minRating));
  const page = nonNegative(first(raw.page));
  return {
    q: first(raw.q)?.trim().slice(0, 200) || undefined,
    category: first(raw.category) || undefined,
    minPrice: nonNegative(first(raw.minPrice)),
    maxPrice: nonNegative(first(raw.maxPrice)),
    inStock: first(raw.inStock) === 'true' || first(raw.inStock) === '1' ? true : undefined,
    minRating: rating && rating >= 1 && rating <= 5 ? rating : undefined,
    sort: sort && sorts.includes(sort) ? sort : undefined,
    page: page && page >= 1 ? Math.min(page, 1000) : undefined,
  };
}

/** The API query for these params (prices to minor units). */
export function toProductQuery(p: ListingParams, category?: string): ProductQuery {
  return {
    q: p.q,
    category: category ?? p.category,
    minPrice: p.minPrice !== undefined ? p.minPrice * 100 : undefined,
    maxPrice: p.maxPrice !== undefined ? p.maxPrice * 100 : undefined,
    inStock: p.inStock,
    minRating: p.minRating,
    sort: p.sort ?? (p.q ? 'relevance' : 'newest'),
    page: p.page ?? 1,
    pageSize: PAGE_SIZE,
  };
}

/** A URL for `base` with these params; `undefined` values are left out, so links stay short. */
export function listingHref(base: string, p: ListingParams): string {
  const search = new URLSearchParams();
  const entries: [string, string | number | boolean | undefined][] = [
    ['q', p.q],
    ['category', p.category],
    ['minPrice', p.minPrice],
    ['maxPrice', p.maxPrice],
    ['inStock', p.inStock ? 'true' : undefined],
    ['minRating', p.minRating],
    ['sort', p.sort],
    ['page', p.page && p.page > 1 ? p.page : undefined],
  ];
  for (const [k, v] of entries) if (v !== undefined && v !== '') search.set(k, String(v));
  const qs = search.toString();
  return qs ? `${base}?${qs}` : base;
}
