import 'server-only';
import { cache } from 'react';
import type { Schemas } from '@soko/sdk';
import { ApiProblemError, callInit, client, compactQuery, orThrow, settle } from './transport';
import { publicApiUrl } from './env';
import type {
  CategoryDetail,
  CategoryNode,
  ProductDetail,
  ProductImage,
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

const absolute = (url: string) =>
  /^https?:\/\//.test(url) ? url : `${publicApiUrl}${url.startsWith('/') ? '' : '/'}${url}`;

/** Image URLs as the browser must fetch them: the API may answer paths such as `/uploads/…`. */
function toImage(image: Schemas['ProductImage']): ProductImage {
  return {
    id: image.id,
    url: absolute(image.url),
    alt: image.alt,
    position: image.position,
    width: image.width,
    height: image.height,
    thumbnails: image.thumbnails.map((t) => ({ width: t.width, url: absolute(t.url) })),
  };
}

function toSummary(p: Schemas['ProductSummary']): ProductSummary {
  return {
    id: p.id,
    slug: p.slug,
    title: p.title,
    price: p.price,
    compareAtPrice: p.compareAtPrice,
    image: p.image ? absolute(p.image) : null,
    rating: p.rating,
    inStock: p.inStock,
    seller: p.seller,
    category: p.category,
  };
}

function toDetail(p: Schemas['ProductDetail']): ProductDetail {
  return {
    ...toSummary(p),
    description: p.description || null,
    seoTitle: p.seoTitle,
    seoDescription: p.seoDescription,
    status: p.status,
    images: p.images.map(toImage),
    variants: p.variants,
    breadcrumb: p.breadcrumb,
  };
}

const isMissing = (problem: { status: number }) => problem.status === 404 || problem.status === 400;

/** A page of active products with facets; tagged `products`. */
export async function listProducts(query: ProductQuery): Promise<ProductList> {
  const list = orThrow(
    await settle(
      client.GET('/api/v1/products', {
        params: { query: compactQuery({ ...query, inStock: query.inStock ? ('true' as const) : undefined }) },
        ...callInit({ tags: ['products'] }),
      }),
    ),
  );
  return { ...list, items: list.items.map(toSummary) };
}

/** One product by slug or id, or `null` when there is none; tagged `product:<slug>`. */
export const findProduct = cache(async (slug: string): Promise<ProductDetail | null> => {
  const result = await settle(
    client.GET('/api/v1/products/{id}', {
      params: { path: { id: slug } },
      ...callInit({ tags: ['products', `product:${slug}`] }),
    }),
  );
  if (result.ok) return toDetail(result.data);
  if (isMissing(result.problem)) return null;
  throw new ApiProblemError(result.problem);
});

/** Products bought with this one, then from its category. */
export async function listRelatedProducts(productId: string): Promise<ProductSummary[]> {
  const result = await settle(
    client.GET('/api/v1/products/{id}/related', {
      params: { path: { id: productId } },
      ...callInit({ tags: ['products'] }),
    }),
  );
  return result.ok ? result.data.items.map(toSummary) : [];
}

/** The whole category tree; tagged `categories`. */
export const listCategories = cache(async (): Promise<CategoryNode[]> => {
  const tree = orThrow(await settle(client.GET('/api/v1/categories', callInit({ tags: ['categories'] }))));
  return tree.items;
});

/** One category with its breadcrumb, or `null`. */
export const findCategory = cache(async (slug: string): Promise<CategoryDetail | null> => {
  const result = await settle(
    client.GET('/api/v1/categories/{id}', {
      params: { path: { id: slug } },
      ...callInit({ tags: ['categories'] }),
    }),
  );
  if (result.ok) return result.data;
  if (isMissing(result.problem)) return null;
  throw new ApiProblemError(result.problem);
});

/** Typo-tolerant completions for the search box (at most 8). */
export async function suggest(q: string): Promise<Suggestion[]> {
  if (!q.trim()) return [];
  const result = await settle(
    client.GET('/api/v1/search/suggest', {
      params: { query: { q } },
      ...callInit({ tags: ['products', 'categories'] }),
    }),
  );
  return result.ok ? result.data.items.slice(0, 8) : [];
}
