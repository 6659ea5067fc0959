import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import {
  categories,
  productImages,
  products,
  productVariants,
  type CategoryRow,
  type ProductImageRow,
} from '../../db/schema/catalog.js';
import { type DbOrTx } from '../../platform/db.js';
import { rowsOf } from '../../platform/statements.js';
import type { ExportRow } from './csv-format.js';
import { visibleToShoppers } from './rules.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID_RE.test(s);

export const list = (values: readonly unknown[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
export const uuidList = (ids: readonly string[]) =>
  sql.join(
    ids.map((v) => sql`${v}::uuid`),
    sql`, `,
  );

/** Which rows `refreshProducts` recomputes: some products, or the whole catalogue (seeding). */
export type ProductScope = { ids: readonly string[] } | 'all';
const scopeWhere = (scope: ProductScope, alias: string) =>
  scope === 'all' ? sql`true` : sql`${sql.raw(alias)}.id in (${uuidList(scope.ids)})`;

// ---------------------------------------------------------------- categories

export interface CategoryCountRow {
  id: string;
  parent_id: string | null;
  name: string;
  slug: string;
  description: string | null;
  position: number;
  direct_count: number;
}

/** Every category with the number of shopper-visible products filed directly under it. */
export function selectCategoriesWithCounts(db: DbOrTx) {
  return rowsOf<CategoryCountRow>(
    db,
    sql`select c.id, c.parent_id, c.name, c.slug, c.description, c.position,
               coalesce(n.count, 0)::int as direct_count
          from categories c
          left join (select p.category_id, count(*) as count from products p
                      where ${visibleToShoppers} group by p.category_id) n
            on n.category_id = c.id
         order by c.position, c.name`,
  );
}

export async function findCategory(db: DbOrTx, idOrSlug: string): Promise<CategoryRow | undefined> {
  const [row] = await db
    .select()
    .from(categories)
    .where(isUuid(idOrSlug) ? eq(categories.id, idOrSlug) : eq(categories.slug, idOrSlug))
    .limit(1);
  return row;
}

export async function insertCategory(db: DbOrTx, values: typeof categories.$inferInsert) {
  const [row] = await db.insert(categories).values(values).returning();
  return row!;
}

export async function updateCategoryRow(
  db: DbOrTx,
  id: string,
  values: Partial<typeof categories.$inferInsert>,
) {
  const [row] = await db.update(categories).set(values).where(eq(categories.id, id)).returning();
  return row;
}

export async function deleteCategoryRow(db: DbOrTx, id: string) {
  await db.delete(categories).where(eq(categories.id, id));
}

/** Products (deleted ones too: they still reference it) and direct children of a category. */
export async function countCategoryUsage(db: DbOrTx, id: string) {
  const [row] = await rowsOf<{ products: number; children: number }>(
    db,
    sql`select (select count(*) from products where category_id = ${id})::int as products,
               (select count(*) from categories where parent_id = ${id})::int as children`,
  );
  return row!;
}

/** Slugs already used in `table` that are `base` or `base-<n>`. */
export async function selectSlugsLike(db: DbOrTx, table: 'categories' | 'products', base: string) {
  const rows = await rowsOf<{ slug: string }>(
    db,
    sql`select slug from ${sql.identifier(table)} where slug = ${base} or slug like ${`${base}-%`}`,
  );
  return new Set(rows.map((r) => r.slug));
}

// ---------------------------------------------------------------- product writes

export async function insertProduct(db: DbOrTx, values: typeof products.$inferInsert) {
  const [row] = await db.insert(products).values(values).returning({ id: products.id, slug: products.slug });
  return row!;
}

export async function insertVariants(db: DbOrTx, values: (typeof productVariants.$inferInsert)[]) {
  if (values.length === 0) return [];
  return db
    .insert(productVariants)
    .values(values)
    .returning({ id: productVariants.id, sku: productVariants.sku });
}

/** The live product a write is about, with what authorisation needs. */
export async function findProductForWrite(db: DbOrTx, id: string) {
  const [row] = await db
    .select({
      id: products.id,
      sellerId: products.sellerId,
      slug: products.slug,
      categoryId: products.categoryId,
    })
    .from(products)
    .where(and(eq(products.id, id), isNull(products.deletedAt)))
    .limit(1);
  return row;
}

export async function updateProductRow(
  db: DbOrTx,
  id: string,
  values: Partial<typeof products.$inferInsert>,
) {
  const [row] = await db
    .update(products)
    .set(values)
    .where(and(eq(products.id, id), isNull(products.deletedAt)))
    .returning({ id: products.id, slug: products.slug });
  return row;
}

export async function softDeleteProductRow(db: DbOrTx, id: string, now: Date) {
  await db.update(products).set({ deletedAt: now, updatedAt: now }).where(eq(products.id, id));
  await db.update(productVariants).set({ deletedAt: now }).where(eq(productVariants.productId, id));
}

export async function updateVariantRow(
  db: DbOrTx,
  productId: string,
  variantId: string,
  values: Partial<typeof productVariants.$inferInsert>,
) {
  const [row] = await db
    .update(productVariants)
    .set(values)
    .where(
      and(
        eq(productVariants.id, variantId),
        eq(productVariants.productId, productId),
        isNull(productVariants.deletedAt),
      ),
    )
    .returning({ id: productVariants.id });
  return row;
}

/** Live variants by (seller, SKU): what a CSV import would collide with. Uses the unique index. */
export async function selectVariantsBySellerSku(
  db: DbOrTx,
  pairs: readonly { sellerId: string; sku: string }[],
) {
  if (pairs.length === 0) return [];
  return rowsOf<{ id: string; sku: string; seller_id: string; product_id: string; product_slug: string }>(
    db,
    sql`select v.id, v.sku, v.seller_id, v.product_id, p.slug as product_slug
          from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as k("sellerId" uuid, sku text)
          join product_variants v on v.seller_id = k."sellerId" and v.sku = k.sku and v.deleted_at is null
          join products p on p.id = v.product_id`,
  );
}

/** Products (deleted ones too: their slugs stay taken) by slug. */
export function selectProductsBySlug(db: DbOrTx, slugs: readonly string[]) {
  if (slugs.length === 0) return Promise.resolve([]);
  return rowsOf<{ id: string; slug: string; seller_id: string; deleted_at: Date | string | null }>(
    db,
    sql`select id, slug, seller_id, deleted_at from products
         where slug in (select jsonb_array_elements_text(${JSON.stringify(slugs)}::jsonb))`,
  );
}

export function selectCategoryIds(db: DbOrTx) {
  return rowsOf<{ id: string; slug: string }>(db, sql`select id, slug from categories`);
}

export interface VariantUpdate {
  id: string;
  title: string;
  options: Record<string, string>;
  price: number;
  compareAt: number | null;
  stock: number;
  position: number;
}

/** Writes many variants of one product in one statement (CSV import). */
export async function updateVariantsBulk(db: DbOrTx, rows: readonly VariantUpdate[], now: Date) {
  if (rows.length === 0) return;
  await db.execute(sql`
    update product_variants v set
      title = u.title, options = u.options, price_amount = u.price, compare_at_amount = u."compareAt",
      stock = u.stock, position = u.position, updated_at = ${now.toISOString()}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as u(id uuid, title text, options jsonb, price int8, "compareAt" int8, stock int, position int)
    where v.id = u.id`);
}

/** An export row as read, with the keyset cursor's columns. */
export interface ExportRowDb extends ExportRow {
  id: string;
  created_at: string;
}

/**
 * One page of live products (`limit` of them) with their live variants, after a keyset cursor:
 * a seller's own by `(seller_id, created_at, id)` (products_seller_idx), or the whole shop by id.
 */
export function selectExportPage(
  db: DbOrTx,
  sellerId: string | null,
  after: { createdAt: string; id: string } | null,
  limit: number,
) {
  const page = sellerId
    ? sql`select id, created_at from products
           where seller_id = ${sellerId}::uuid and deleted_at is null
             ${after ? sql`and (created_at, id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)` : sql``}
           order by created_at, id limit ${limit}`
    : sql`select id, created_at from products
           where deleted_at is null ${after ? sql`and id > ${after.id}::uuid` : sql``}
           order by id limit ${limit}`;
  return rowsOf<ExportRowDb>(
    db,
    sql`select p.id, to_char(k.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at,
               p.slug as product_slug, p.title, p.description, c.slug as category_slug, p.status::text as status,
               v.sku, v.title as variant_title, v.options, v.price_amount as price,
               v.compare_at_amount as compare_at_price, v.stock
          from (${page}) k
          join products p on p.id = k.id
          join categories c on c.id = p.category_id
          join product_variants v on v.product_id = p.id and v.deleted_at is null
         order by ${sellerId ? sql`k.created_at, k.id` : sql`k.id`}, v.position, v.created_at`,
  );
}

/**
 * Recomputes what list pages read from the product row: lowest variant price and its
 * compare-at price, stock, primary image, and the weighted search vector (title A, category
 * name B, description C). One statement for any number of products.
 */
export async function refreshProducts(db: DbOrTx, scope: ProductScope) {
  await db.execute(sql`
    update products p set
      price_amount = coalesce(s.price, 0),
      compare_at_amount = s.compare_at,
      total_stock = s.total,
      in_stock = s.total > 0,
      image_url = s.image,
      search = setweight(to_tsvector('english', p.title), 'A')
            || setweight(to_tsvector('english', s.category_name), 'B')
            || setweight(to_tsvector('english', left(p.description, 20000)), 'C')
    from (
      select p2.id, c.name as category_name,
        v.price, v.compare_at, coalesce(v.total, 0)::int as total,
        (select coalesce((select t->>'url' from jsonb_array_elements(i.thumbnails) t
                           where (t->>'width')::int = 480 limit 1), i.url)
           from product_images i where i.product_id = p2.id
          order by i.position, i.created_at limit 1) as image
      from products p2
      join categories c on c.id = p2.category_id
      left join lateral (
        select min(price_amount) as price,
               (array_agg(compare_at_amount order by price_amount, position))[1] as compare_at,
               sum(stock) as total
          from product_variants pv where pv.product_id = p2.id and pv.deleted_at is null
      ) v on true
      where ${scopeWhere(scope, 'p2')}
    ) s
    where p.id = s.id`);
}

/** Adds the words of these products' titles and categories to the typo-correction vocabulary. */
export async function upsertWords(db: DbOrTx, scope: ProductScope) {
  await db.execute(sql`
    insert into catalog_words (word)
    select distinct w from products p
      join categories c on c.id = p.category_id,
      regexp_split_to_table(lower(p.title || ' ' || c.name), '[^[:alnum:]]+') w
     where ${scopeWhere(scope, 'p')} and length(w) between 3 and 40
    on conflict do nothing`);
}

export async function upsertCategoryWords(db: DbOrTx, name: string) {
  await db.execute(sql`
    insert into catalog_words (word)
    select distinct w from regexp_split_to_table(lower(${name}), '[^[:alnum:]]+') w
     where length(w) between 3 and 40
    on conflict do nothing`);
}

// ---------------------------------------------------------------- images

export async function insertImage(db: DbOrTx, values: typeof productImages.$inferInsert) {
  const [row] = await db.insert(productImages).values(values).returning();
  return row!;
}

export async function findImage(
  db: DbOrTx,
  productId: string,
  imageId: string,
): Promise<ProductImageRow | undefined> {
  const [row] = await db
    .select()
    .from(productImages)
    .where(and(eq(productImages.id, imageId), eq(productImages.productId, productId)))
    .limit(1);
  return row;
}

export async function nextImagePosition(db: DbOrTx, productId: string) {
  const [row] = await rowsOf<{ next: number }>(
    db,
    sql`select coalesce(max(position) + 1, 0)::int as next from product_images where product_id = ${productId}`,
  );
  return row!.next;
}

export async function deleteImageRow(db: DbOrTx, imageId: string) {
  await db.delete(productImages).where(eq(productImages.id, imageId));
}

export async function updateImageRow(
  db: DbOrTx,
  imageId: string,
  values: Partial<typeof productImages.$inferInsert>,
) {
  const [row] = await db.update(productImages).set(values).where(eq(productImages.id, imageId)).returning();
  return row!;
}

// ---------------------------------------------------------------- views

/** Adds batched view counts: the product's total and the per-day analytics row. */
export async function addViews(db: DbOrTx, day: string, counts: readonly { key: string; n: number }[]) {
  if (counts.length === 0) return;
  const values = sql.join(
    counts.map((c) => sql`(${c.key}, ${c.n}::int)`),
    sql`, `,
  );
  await db.execute(sql`
    with v(key, n) as (values ${values}),
    t as (
      select p.id, sum(v.n)::int as n from v
        join products p on (case when v.key ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                                 then p.id = v.key::uuid else p.slug = v.key end)
       group by p.id
    ),
    bumped as (update products p set view_count = p.view_count + t.n from t where p.id = t.id returning p.id)
    insert into product_views (product_id, day, views)
    select id, ${day}::date, n from t
    on conflict (product_id, day) do update set views = product_views.views + excluded.views`);
}

/** Lists or unlists every product of a seller (see `products.seller_listed`); answers how many changed. */
export async function updateSellerListed(db: DbOrTx, sellerId: string, isListed: boolean) {
  const rows = await db
    .update(products)
    .set({ sellerListed: isListed })
    .where(and(eq(products.sellerId, sellerId), ne(products.sellerListed, isListed)))
    .returning({ id: products.id });
  return rows.length;
}
