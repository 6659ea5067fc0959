/** View types of the API's answers (API.md), shared by server and client components. */

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

export type Role = 'customer' | 'seller' | 'admin';

export interface User {
  id: string;
  email: string;
  username: string | null;
  name: string;
  role: Role;
  status: 'pending_verification' | 'active' | 'disabled';
  sellerStatus: 'pending' | 'approved' | 'rejected' | null;
  emailVerified: boolean;
  twoFactor: { method: 'email' | 'totp' | null };
  createdAt: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user?: User;
}

export interface Session {
  id: string;
  device?: string | null;
  userAgent?: string | null;
  ip?: string | null;
  createdAt?: string;
  lastUsedAt?: string | null;
  current?: boolean;
}

export interface Address {
  id: string;
  fullName: string;
  phone: string;
  line1: string;
  line2?: string | null;
  city: string;
  region?: string | null;
  postalCode?: string | null;
  country: string;
}
