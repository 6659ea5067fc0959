import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  char,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './users.js';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const productStatus = pgEnum('product_status', ['draft', 'active', 'archived']);

/** The category tree. Slugs are unique shop-wide; siblings are ordered by `position`. */
export const categories = pgTable(
  'categories',
  {
    id: uuid().primaryKey().defaultRandom(),
    parentId: uuid().references((): AnyPgColumn => categories.id, { onDelete: 'restrict' }),
    name: text().notNull(),
    slug: text().notNull(),
    description: text(),
    position: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('categories_slug_key').on(t.slug),
    index('categories_parent_idx').on(t.parentId, t.position),
    index('categories_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
  ],
);

/**
 * Products. Everything a list page shows is denormalised onto this row (lowest variant price,
 * stock, rating, views, primary image, weighted search vector) by `refreshProducts`, so a page
 * of products is one query.
 */
export const products = pgTable(
  'products',
  {
    id: uuid().primaryKey().defaultRandom(),
    sellerId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    categoryId: uuid()
      .notNull()
      .references(() => categories.id, { onDelete: 'restrict' }),
    title: text().notNull(),
    slug: text().notNull(),
    description: text().notNull().default(''),
    status: productStatus().notNull().default('active'),
    seoTitle: text(),
    seoDescription: text(),
    currency: char({ length: 3 }).notNull(),
    // Money is bigint minor units (bounded by MAX_MINOR_UNITS, a safe integer).
    priceAmount: bigint({ mode: 'number' }).notNull().default(0),
    compareAtAmount: bigint({ mode: 'number' }),
    totalStock: integer().notNull().default(0),
    inStock: boolean().notNull().default(false),
    ratingAvg: real().notNull().default(0),
    ratingCount: integer().notNull().default(0),
    viewCount: integer().notNull().default(0),
    imageUrl: text(),
    search: tsvector()
      .notNull()
      .default(sql`''::tsvector`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('products_slug_key').on(t.slug),
    // `id` is the sort's tie-breaker: many products share a price, and without it a price-sorted
    // page sorts every product of the first price it reaches instead of stopping after one page.
    index('products_status_price_idx')
      .on(t.status, t.priceAmount, t.id)
      .where(sql`${t.deletedAt} is null`),
    index('products_status_created_idx')
      .on(t.status, t.createdAt)
      .where(sql`${t.deletedAt} is null`),
    index('products_status_rating_idx')
      .on(t.status, t.ratingAvg)
      .where(sql`${t.deletedAt} is null`),
    index('products_status_views_idx')
      .on(t.status, t.viewCount)
      .where(sql`${t.deletedAt} is null`),
    index('products_category_idx').on(t.categoryId, t.status),
    // Facets and counts of a category page read this index only (visibility map permitting), and
    // a category page sorted by price reads each category's first page from it in order.
    index('products_category_price_idx')
      .on(t.categoryId, t.priceAmount, t.id, t.inStock)
      .where(sql`${t.status} = 'active' and ${t.deletedAt} is null`),
    index('products_seller_idx').on(t.sellerId, t.createdAt),
    index('products_search_idx').using('gin', t.search),
    index('products_title_trgm_idx').using('gin', sql`${t.title} gin_trgm_ops`),
    // Search-box suggestions: titles starting with what was typed (`lower(title) like 'head%'`).
    index('products_title_prefix_idx')
      .using('btree', sql`lower(${t.title}) text_pattern_ops`)
      .where(sql`${t.status} = 'active' and ${t.deletedAt} is null`),
    check('products_price_check', sql`${t.priceAmount} >= 0`),
    check('products_stock_check', sql`${t.totalStock} >= 0`),
  ],
);

/** Sellable variants. A SKU is unique per seller among live variants. */
export const productVariants = pgTable(
  'product_variants',
  {
    id: uuid().primaryKey().defaultRandom(),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    sellerId: uuid().notNull(),
    sku: text().notNull(),
    title: text().notNull().default(''),
    options: jsonb().$type<Record<string, string>>().notNull().default({}),
    priceAmount: bigint({ mode: 'number' }).notNull(),
    compareAtAmount: bigint({ mode: 'number' }),
    stock: integer().notNull().default(0),
    position: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('product_variants_seller_sku_key')
      .on(t.sellerId, t.sku)
      .where(sql`${t.deletedAt} is null`),
    index('product_variants_product_idx').on(t.productId, t.position),
    check('product_variants_stock_check', sql`${t.stock} >= 0`),
    check('product_variants_price_check', sql`${t.priceAmount} >= 0`),
    check('product_variants_compare_check', sql`${t.compareAtAmount} is null or ${t.compareAtAmount} >= 0`),
  ],
);

export interface ImageThumbnail {
  width: number;
  url: string;
  key: string;
}

/** Product images: the original (re-encoded) plus webp thumbnails, stored through Storage. */
export const productImages = pgTable(
  'product_images',
  {
    id: uuid().primaryKey().defaultRandom(),
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    url: text().notNull(),
    alt: text().notNull().default(''),
    position: integer().notNull().default(0),
    width: integer().notNull(),
    height: integer().notNull(),
    thumbnails: jsonb().$type<ImageThumbnail[]>().notNull().default([]),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('product_images_product_idx').on(t.productId, t.position)],
);

/** Views per product and day (shop time zone), flushed in batches; for analytics. */
export const productViews = pgTable(
  'product_views',
  {
    productId: uuid()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    day: date().notNull(),
    views: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.productId, t.day] }), index('product_views_day_idx').on(t.day)],
);

/** Distinct words of product titles and category names: the vocabulary typo correction searches. */
export const catalogWords = pgTable('catalog_words', { word: text().primaryKey() }, (t) => [
  index('catalog_words_trgm_idx').using('gin', sql`${t.word} gin_trgm_ops`),
]);

export type CategoryRow = typeof categories.$inferSelect;
export type ProductRow = typeof products.$inferSelect;
export type ProductVariantRow = typeof productVariants.$inferSelect;
export type ProductImageRow = typeof productImages.$inferSelect;
