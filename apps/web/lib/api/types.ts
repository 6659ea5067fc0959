/**
 * View types the pages and client components use. Catalogue views are this app's own shapes,
 * filled from the SDK's answers in `catalog.ts` (`contract.ts` checks they still fit); account
 * types are the SDK's own, re-exported here so client components need no SDK import.
 */
import type { paths, Schemas } from '@soko/sdk';

type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : never;
/** The JSON body of a path's successful answer, as the SDK types it. */
type Answer<
  P extends keyof paths,
  M extends 'get' | 'post' | 'patch',
  S extends 200 | 201 = 200,
> = paths[P][M] extends { responses: infer R } ? (S extends keyof R ? JsonOf<R[S]> : never) : never;

export interface Money {
  amount: number;
  currency: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: { path: string; message: string }[];
  [extension: string]: unknown;
}

export type Result<T> = { ok: true; data: T } | { ok: false; problem: Problem };

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
  totalExact: boolean;
}

export interface CategoryRef {
  id: string;
  slug: string;
  name: string;
}

export interface ProductSummary {
  id: string;
  slug: string;
  title: string;
  price: Money;
  compareAtPrice: Money | null;
  /** The primary image's 480 px webp thumbnail. */
  image: string | null;
  rating: { average: number; count: number };
  inStock: boolean;
  seller: { id: string; name: string };
  category: CategoryRef | null;
}

export interface ProductImage {
  id?: string;
  url: string;
  alt: string;
  position?: number;
  width: number | null;
  height: number | null;
  thumbnails: { width: number; url: string }[];
}

export interface Variant {
  id: string;
  sku: string;
  title: string | null;
  options: Record<string, string>;
  price: Money;
  compareAtPrice: Money | null;
  stock: number;
  inStock: boolean;
}

export interface ProductDetail extends ProductSummary {
  description: string | null;
  seoTitle?: string | null;
  seoDescription?: string | null;
  status: 'draft' | 'active' | 'archived';
  images: ProductImage[];
  variants: Variant[];
  breadcrumb: CategoryRef[];
}

export interface ProductList extends Page<ProductSummary> {
  facets: {
    categories: (CategoryRef & { count: number })[];
    price: { min: number | null; max: number | null };
  };
  correctedQuery?: string | null;
}

export interface CategoryNode extends CategoryRef {
  parentId: string | null;
  position: number;
  productCount: number;
  children: CategoryNode[];
}

export interface CategoryDetail extends CategoryNode {
  description?: string | null;
  breadcrumb: CategoryRef[];
}

export interface Suggestion {
  type: 'product' | 'category';
  title: string;
  slug: string;
}

export type Role = Schemas['User']['role'];
export type User = Schemas['User'];
export type TokenPair = Schemas['TokenPair'];
export type Address = Schemas['Address'];
/** What `POST /addresses` takes. */
export type AddressInput = NonNullable<
  paths['/api/v1/addresses']['post']['requestBody']
>['content']['application/json'];
export type Session = Answer<'/api/v1/auth/sessions', 'get'>['items'][number];
/** A token pair, or the second step of a two-factor sign-in. */
export type LoginAnswer = Answer<'/api/v1/auth/login', 'post'>;
export type TotpSetup = Answer<'/api/v1/auth/2fa/totp/setup', 'post'>;
