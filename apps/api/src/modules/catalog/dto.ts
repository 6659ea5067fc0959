import { money } from '../../platform/schema.js';
import type { DetailRow, SellerSummaryRow, SummaryRow } from './read-queries.js';
import type { ProductDetail, ProductSummary, SellerProductSummary } from './schema.js';

const iso = (d: Date | string) => new Date(d).toISOString();

export function toSummary(r: SummaryRow): ProductSummary {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    price: money(r.price_amount, r.currency),
    compareAtPrice: r.compare_at_amount === null ? null : money(r.compare_at_amount, r.currency),
    image: r.image_url,
    rating: { average: Math.round(Number(r.rating_avg) * 100) / 100, count: r.rating_count },
    inStock: r.in_stock,
    seller: { id: r.seller_id, name: r.seller_name },
    category: { id: r.category_id, slug: r.category_slug, name: r.category_name },
  };
}

export function toSellerSummary(r: SellerSummaryRow): SellerProductSummary {
  return { ...toSummary(r), status: r.status, stock: r.total_stock, updatedAt: iso(r.updated_at) };
}

export function toDetail(r: DetailRow): ProductDetail {
  return {
    ...toSummary(r),
    description: r.description,
    status: r.status,
    seoTitle: r.seo_title,
    seoDescription: r.seo_description,
    images: r.images.map((i) => ({
      id: i.id,
      url: i.url,
      alt: i.alt,
      position: i.position,
      width: i.width,
      height: i.height,
      thumbnails: i.thumbnails.map((t) => ({ width: t.width, url: t.url })),
    })),
    variants: r.variants.map((v) => ({
      id: v.id,
      sku: v.sku,
      title: v.title,
      options: v.options,
      price: money(v.price, r.currency),
      compareAtPrice: v.compareAt === null ? null : money(v.compareAt, r.currency),
      stock: v.stock,
      inStock: v.stock > 0,
    })),
    breadcrumb: r.breadcrumb ?? [],
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}
