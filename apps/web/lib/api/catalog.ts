import 'server-only';
import { cache } from 'react';
import { apiGet, apiRequest, ApiProblemError } from './transport';
import { publicApiUrl } from './env';
import type {
  ProductImage,
  CategoryDetail,
  CategoryNode,
  ProductDetail,
  ProductList,
  ProductSummary,
  Suggestion,
} from './types';

export type ProductSort = 'relevance' | 'price' | '-price' | 'newest' | 'rating' | 'popular';
export const productSorts: { value: ProductSort; label: string }[] = [
  { value: 'relevance', label: 'Most relevant' },
  { value: 'newest', label: 'Newest' },
  { value: 'price', label: 'Price: low to high' },
  { value: '-price', label: 'Price: high to low' },
  { value: 'rating', label: 'Top rated' },
  { value: 'popular', label: 'Most popular' },
];

export interface ProductQuery {
  q?: string;
  category?: string;
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
  minRating?: number;
  seller?: string;
  sort?: ProductSort;
  page?: number;
  pageSize?: number;
}

const enc = encodeURIComponent;

const absolute = (url: string) =>
  /^https?:\/\//.test(url) ? url : `${publicApiUrl}${url.startsWith('/') ? '' : '/'}${url}`;

/** Image URLs as the browser must fetch them: the API may answer paths such as `/uploads/…`. */
function withAbsoluteUrls(image: ProductImage | null): ProductImage | null {
  if (!image) return null;
  return {
    ...image,
    url: absolute(image.url),
    thumbnails: (image.thumbnails ?? []).map((t) => ({ ...t, url: absolute(t.url) })),
  };
}

function normaliseSummary<T extends ProductSummary>(p: T): T {
  return { ...p, image: p.image ? absolute(p.image) : null };
}

/** A page of active products with facets; tagged `products`. */
export async function listProducts(query: ProductQuery): Promise<ProductList> {
  const list = await apiGet<ProductList>('/api/v1/products', {
    query: { ...query, inStock: query.inStock ? true : undefined },
    tags: ['products'],
  });
  return {
    ...list,
    items: list.items.map(normaliseSummary),
    facets: list.facets ?? { categories: [], price: { min: null, max: null } },
  };
}

/** One product by slug or id, or `null` when there is none; tagged `product:<slug>`. */
export const findProduct = cache(async (slug: string): Promise<ProductDetail | null> => {
  const result = await apiRequest<ProductDetail>('GET', `/api/v1/products/${enc(slug)}`, {
    tags: ['products', `product:${slug}`],
  });
  if (result.ok) {
    const p = normaliseSummary(result.data);
    return { ...p, images: (p.images ?? []).map((i) => withAbsoluteUrls(i)!) };
  }
  if (result.problem.status === 404 || result.problem.status === 400) return null;
  throw new ApiProblemError(result.problem);
});

/** Products bought with this one, then from its category. */
export async function listRelatedProducts(productId: string): Promise<ProductSummary[]> {
  const result = await apiRequest<{ items: ProductSummary[] }>(
    'GET',
    `/api/v1/products/${enc(productId)}/related`,
    {
      tags: ['products'],
    },
  );
  return result.ok ? result.data.items.map(normaliseSummary) : [];
}

/** The whole category tree; tagged `categories`. */
export const listCategories = cache(async (): Promise<CategoryNode[]> => {
  const tree = await apiGet<{ items: CategoryNode[] }>('/api/v1/categories', { tags: ['categories'] });
  return tree.items;
});

/** One category with its breadcrumb, or `null`. */
export const findCategory = cache(async (slug: string): Promise<CategoryDetail | null> => {
  const result = await apiRequest<CategoryDetail>('GET', `/api/v1/categories/${enc(slug)}`, {
    tags: ['categories'],
  });
  if (result.ok) return result.data;
  if (result.problem.status === 404 || result.problem.status === 400) return null;
  throw new ApiProblemError(result.problem);
});

/** Typo-tolerant completions for the search box (at most 8). */
export async function suggest(q: string): Promise<Suggestion[]> {
  if (!q.trim()) return [];
  const result = await apiRequest<{ items: Suggestion[] }>('GET', '/api/v1/search/suggest', {
    query: { q },
    tags: ['products', 'categories'],
    revalidate: 60,
  });
  return result.ok ? result.data.items.slice(0, 8) : [];
}
