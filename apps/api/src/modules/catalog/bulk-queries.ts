// Bulk loading for the seed: multi-row inserts and index rebuilds around a large load.
import { sql } from 'drizzle-orm';
import { productImages } from '../../db/schema/catalog.js';
import type { DbOrTx } from '../../platform/db.js';
import { rowsOf } from '../../platform/statements.js';

/** A product row with its list columns already computed (bulk load). */
export interface BulkProduct {
  id: string;
  sellerId: string;
  categoryId: string;
  categoryName: string;
  title: string;
  slug: string;
  description: string;
  status: 'draft' | 'active' | 'archived';
  seoTitle: string;
  seoDescription: string;
  currency: string;
  price: number;
  compareAt: number | null;
  totalStock: number;
  imageUrl: string | null;
  createdAt: string;
}

/**
 * Inserts many products in one statement with their list columns and search vector set at
 * insert time (the same weighting as {@link refreshProducts}), so a bulk load needs no refresh.
 */
export async function bulkInsertProducts(db: DbOrTx, rows: readonly BulkProduct[]) {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into products (id, seller_id, category_id, title, slug, description, status, seo_title, seo_description,
                          currency, price_amount, compare_at_amount, total_stock, in_stock, image_url, search,
                          created_at, updated_at)
    select u.id, u."sellerId", u."categoryId", u.title, u.slug, u.description, u.status::product_status,
           u."seoTitle", u."seoDescription", u.currency, u.price, u."compareAt", u."totalStock", u."totalStock" > 0,
           u."imageUrl",
           setweight(to_tsvector('english', u.title), 'A')
             || setweight(to_tsvector('english', u."categoryName"), 'B')
             || setweight(to_tsvector('english', left(u.description, 20000)), 'C'),
           u."createdAt", u."createdAt"
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as u(
        id uuid, "sellerId" uuid, "categoryId" uuid, "categoryName" text, title text, slug text, description text,
        status text, "seoTitle" text, "seoDescription" text, currency text, price int8, "compareAt" int8,
        "totalStock" int, "imageUrl" text, "createdAt" timestamptz)`);
}

export interface BulkVariant {
  productId: string;
  sellerId: string;
  sku: string;
  title: string;
  options: Record<string, string>;
  price: number;
  compareAt: number | null;
  stock: number;
  position: number;
}

export async function bulkInsertVariants(db: DbOrTx, rows: readonly BulkVariant[]) {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into product_variants (product_id, seller_id, sku, title, options, price_amount, compare_at_amount, stock, position)
    select u."productId", u."sellerId", u.sku, u.title, u.options, u.price, u."compareAt", u.stock, u.position
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as u(
        "productId" uuid, "sellerId" uuid, sku text, title text, options jsonb, price int8, "compareAt" int8,
        stock int, position int)`);
}

export async function bulkInsertImages(db: DbOrTx, rows: readonly (typeof productImages.$inferInsert)[]) {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into product_images (product_id, key, url, alt, position, width, height, thumbnails)
    select u."productId", u.key, u.url, u.alt, u.position, u.width, u.height, u.thumbnails
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as u(
        "productId" uuid, key text, url text, alt text, position int, width int, height int, thumbnails jsonb)`);
}

/** Adds words to the typo-correction vocabulary. */
export async function insertWords(db: DbOrTx, words: readonly string[]) {
  if (words.length === 0) return;
  await db.execute(sql`
    insert into catalog_words (word)
    select jsonb_array_elements_text(${JSON.stringify(words)}::jsonb) on conflict do nothing`);
}

/**
 * Drops the non-unique indexes of these tables and answers their definitions, to re-create them
 * after a bulk load (one build per index instead of an update per row). Run inside the load's
 * transaction, so a failed load leaves them as they were. Unique indexes stay: they keep the
 * data honest while it loads.
 */
export async function dropSecondaryIndexes(db: DbOrTx, tables: readonly string[]) {
  const defs = await rowsOf<{ name: string; def: string }>(
    db,
    sql`select i.relname as name, pg_get_indexdef(x.indexrelid) as def
          from pg_index x
          join pg_class i on i.oid = x.indexrelid
          join pg_class t on t.oid = x.indrelid
          join pg_namespace n on n.oid = t.relnamespace
         where n.nspname = current_schema() and t.relname in (select jsonb_array_elements_text(${JSON.stringify(tables)}::jsonb))
           and not x.indisunique and not x.indisprimary`,
  );
  for (const { name } of defs) await db.execute(sql`drop index ${sql.identifier(name)}`);
  return defs.map((d) => d.def);
}

export async function createIndexes(db: DbOrTx, defs: readonly string[]) {
  for (const def of defs) await db.execute(sql.raw(def));
}
