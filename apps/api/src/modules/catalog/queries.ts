import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import {
  categories,
  productImages,
  products,
  productVariants,
  type CategoryRow,
  type ProductImageRow,
} from '../../db/schema/catalog.js';
import { withTx, type DbOrTx } from '../../platform/db.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID_RE.test(s);

/** Runs raw SQL and answers its rows (PGlite and node-postgres both answer `{ rows }`). */
export async function rowsOf<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

const list = (values: readonly unknown[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
const uuidList = (ids: readonly string[]) =>
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
          left join (select category_id, count(*) as count from products
                      where status = 'active' and deleted_at is null group by category_id) n
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
      as u(id uuid, title text, options jsonb, price int, "compareAt" int, stock int, position int)
    where v.id = u.id`);
}

export interface ExportRowDb {
  id: string;
  created_at: string;
  product_slug: string;
  title: string;
  description: string;
  category_slug: string;
  status: string;
  sku: string;
  variant_title: string;
  options: Record<string, string>;
  price: number;
  compare_at_price: number | null;
  stock: number;
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

// ---------------------------------------------------------------- bulk load (seed)

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
        status text, "seoTitle" text, "seoDescription" text, currency text, price int, "compareAt" int,
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
        "productId" uuid, "sellerId" uuid, sku text, title text, options jsonb, price int, "compareAt" int,
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

// ---------------------------------------------------------------- reads

export interface SummaryRow {
  id: string;
  slug: string;
  title: string;
  price_amount: number;
  compare_at_amount: number | null;
  currency: string;
  image_url: string | null;
  rating_avg: number;
  rating_count: number;
  in_stock: boolean;
  seller_id: string;
  seller_name: string;
  category_id: string;
  category_slug: string;
  category_name: string;
}

export interface SellerSummaryRow extends SummaryRow {
  status: 'draft' | 'active' | 'archived';
  total_stock: number;
  updated_at: Date | string;
}

// The seller's display name is read from users (identity's table) in the same query, so a page
// stays one statement; only `id` and `name` are touched.
const summaryColumns = sql`p.id, p.slug, p.title, p.price_amount, p.compare_at_amount, p.currency, p.image_url,
  p.rating_avg, p.rating_count, p.in_stock, p.seller_id, u.name as seller_name,
  c.id as category_id, c.slug as category_slug, c.name as category_name`;
const summaryFrom = sql`products p join categories c on c.id = p.category_id join users u on u.id = p.seller_id`;

/** Shoppers see only active, live products. */
export const visibleToShoppers = sql`p.status = 'active' and p.deleted_at is null`;

/** Ids of a category (by id or slug) and all its descendants, as a subquery. */
export function categoryAndDescendants(idOrSlug: string): SQL {
  const root = isUuid(idOrSlug) ? sql`id = ${idOrSlug}::uuid` : sql`slug = ${idOrSlug}`;
  return sql`(with recursive tree as (
      select id from categories where ${root}
      union all
      select c.id from categories c join tree on c.parent_id = tree.id
    ) select id from tree)`;
}

export function selectSummaries(db: DbOrTx, where: SQL, orderBy: SQL, limit: number, offset: number) {
  return rowsOf<SummaryRow>(
    db,
    sql`select ${summaryColumns} from ${summaryFrom} where ${where} order by ${orderBy} limit ${limit} offset ${offset}`,
  );
}

/**
 * A page sorted by price within some categories (`categoryIds`, a uuid[] expression): each
 * category's first `limit + offset` matches in price order, read from `products_category_price_idx`,
 * then merged. One scan in global price order would skip every cheaper product of other
 * categories first (on 1M products, 31k rows for a category page).
 */
export function selectSummariesByPrice(
  db: DbOrTx,
  where: SQL,
  categoryIds: SQL,
  descending: boolean,
  limit: number,
  offset: number,
) {
  const dir = descending ? sql`desc` : sql`asc`;
  return rowsOf<SummaryRow>(
    db,
    sql`select ${summaryColumns} from ${summaryFrom}
         where p.id in (
           select x.id from unnest(${categoryIds}) as cid(id)
             cross join lateral (
               select p.id, p.price_amount from products p
                where p.category_id = cid.id and ${where}
                order by p.price_amount ${dir}, p.id limit ${limit + offset}) x
            order by x.price_amount ${dir}, x.id limit ${limit} offset ${offset})
         order by p.price_amount ${dir}, p.id`,
  );
}

export function selectSellerSummaries(db: DbOrTx, where: SQL, limit: number, offset: number) {
  return rowsOf<SellerSummaryRow>(
    db,
    sql`select ${summaryColumns}, p.status, p.total_stock, p.updated_at from ${summaryFrom}
         where ${where} order by p.updated_at desc, p.id limit ${limit} offset ${offset}`,
  );
}

export interface FacetRow {
  id: string;
  slug: string;
  name: string;
  count: number;
  min: number;
  max: number;
}

/**
 * Counts per category plus price bounds over at most `cap` matching products: the count is
 * exact below the cap, so a huge catalogue never pays for a full count.
 */
export function selectBoundedFacets(db: DbOrTx, where: SQL, cap: number) {
  return rowsOf<FacetRow>(
    db,
    sql`select c.id, c.slug, c.name, count(*)::int as count,
               min(s.price_amount)::int as min, max(s.price_amount)::int as max
          from (select p.category_id, p.price_amount from products p where ${where} limit ${cap}) s
          join categories c on c.id = s.category_id
         group by c.id, c.slug, c.name
         order by count desc, c.name`,
  );
}

/**
 * A search by relevance in one pass over at most `cap` matches: the facets of
 * {@link selectBoundedFacets}, plus (in `page_ids`, comma-separated, on every row) the ids of one
 * page of those matches ranked by `rank`, then views, then id. Below the cap every match is
 * ranked, as a plain `order by rank` would; past it only the first `cap` found are, so a big
 * result costs one bounded heap pass instead of ranking every match in a second statement.
 */
export function selectRankedFacets(
  db: DbOrTx,
  where: SQL,
  rank: SQL,
  cap: number,
  limit: number,
  offset: number,
) {
  return rowsOf<FacetRow & { page_ids: string | null }>(
    db,
    sql`with m as materialized (
          select p.id, p.category_id, p.price_amount, p.view_count, ${rank} as rank
            from products p where ${where} limit ${cap})
        select c.id, c.slug, c.name, count(*)::int as count,
               min(m.price_amount)::int as min, max(m.price_amount)::int as max,
               (select string_agg(t.id::text, ',' order by t.rank desc, t.view_count desc, t.id)
                  from (select id, rank, view_count from m
                         order by rank desc, view_count desc, id limit ${limit} offset ${offset}) t) as page_ids
          from m join categories c on c.id = m.category_id
         group by c.id, c.slug, c.name
         order by count desc, c.name`,
  );
}

/** Summaries of these products, in the order of `ids` (ids not visible to shoppers are left out). */
export async function selectSummariesByIds(db: DbOrTx, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const rows = await rowsOf<SummaryRow>(
    db,
    sql`select ${summaryColumns} from ${summaryFrom} where p.id in (${uuidList(ids)}) and ${visibleToShoppers}`,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function countBounded(db: DbOrTx, where: SQL, cap: number) {
  const [row] = await rowsOf<{ n: number }>(
    db,
    sql`select count(*)::int as n from (select 1 from products p where ${where} limit ${cap}) s`,
  );
  return row!.n;
}

/** The planner's row estimate for a filter (used past the exact-count cap). */
export async function estimateCount(db: DbOrTx, where: SQL) {
  const rows = await rowsOf<Record<string, unknown>>(
    db,
    sql`explain (format json) select 1 from products p where ${where}`,
  );
  const raw = Object.values(rows[0] ?? {})[0];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: { 'Plan Rows': number } }[];
  return Math.round(plan[0]?.Plan['Plan Rows'] ?? 0);
}

export interface DetailRow extends SummaryRow {
  description: string;
  status: 'draft' | 'active' | 'archived';
  seo_title: string | null;
  seo_description: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  deleted_at: Date | string | null;
  variants: {
    id: string;
    sku: string;
    title: string;
    options: Record<string, string>;
    price: number;
    compareAt: number | null;
    stock: number;
  }[];
  images: {
    id: string;
    url: string;
    alt: string;
    position: number;
    width: number;
    height: number;
    thumbnails: { width: number; url: string }[];
  }[];
  breadcrumb: { id: string; slug: string; name: string }[];
}

/** One product with its variants, images and breadcrumb, in one statement. */
export async function selectDetail(db: DbOrTx, idOrSlug: string): Promise<DetailRow | undefined> {
  const key = isUuid(idOrSlug) ? sql`p.id = ${idOrSlug}::uuid` : sql`p.slug = ${idOrSlug}`;
  const [row] = await rowsOf<DetailRow>(
    db,
    sql`select ${summaryColumns}, p.description, p.status, p.seo_title, p.seo_description,
               p.created_at, p.updated_at, p.deleted_at,
      (select coalesce(json_agg(json_build_object('id', v.id, 'sku', v.sku, 'title', v.title, 'options', v.options,
                 'price', v.price_amount, 'compareAt', v.compare_at_amount, 'stock', v.stock)
                 order by v.position, v.created_at), '[]'::json)
         from product_variants v where v.product_id = p.id and v.deleted_at is null) as variants,
      (select coalesce(json_agg(json_build_object('id', i.id, 'url', i.url, 'alt', i.alt, 'position', i.position,
                 'width', i.width, 'height', i.height, 'thumbnails',
                 (select coalesce(json_agg(json_build_object('width', (t->>'width')::int, 'url', t->>'url')), '[]'::json)
                    from jsonb_array_elements(i.thumbnails) t))
                 order by i.position, i.created_at), '[]'::json)
         from product_images i where i.product_id = p.id) as images,
      (with recursive up as (
          select c0.id, c0.parent_id, c0.slug, c0.name, 0 as depth from categories c0 where c0.id = p.category_id
          union all
          select c1.id, c1.parent_id, c1.slug, c1.name, up.depth + 1 from categories c1 join up on c1.id = up.parent_id
        ) select json_agg(json_build_object('id', id, 'slug', slug, 'name', name) order by depth desc) from up) as breadcrumb
      from ${summaryFrom}
     where ${key}
     limit 1`,
  );
  return row;
}

/** Other active products of the same category, most viewed first. */
export function selectSameCategory(db: DbOrTx, productId: string, limit: number) {
  return rowsOf<SummaryRow>(
    db,
    sql`select ${summaryColumns} from ${summaryFrom}
         where ${visibleToShoppers}
           and p.category_id = (select category_id from products where id = ${productId}::uuid)
           and p.id <> ${productId}::uuid
         order by p.in_stock desc, p.view_count desc, p.created_at desc
         limit ${limit}`,
  );
}

export async function isProductVisible(db: DbOrTx, productId: string) {
  const rows = await rowsOf<{ id: string }>(
    db,
    sql`select p.id from products p where p.id = ${productId}::uuid and ${visibleToShoppers}`,
  );
  return rows.length > 0;
}

/** For each word, the closest vocabulary word by trigram similarity (null when none is close). */
export async function selectClosestWords(db: DbOrTx, words: readonly string[]) {
  if (words.length === 0) return [];
  return rowsOf<{ input: string; best: string | null }>(
    db,
    sql`select w.input,
               (select word from catalog_words where word % w.input
                 order by similarity(word, w.input) desc, word limit 1) as best
          from unnest(array[${list(words)}]::text[]) with ordinality as w(input, n)
         order by w.n`,
  );
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * For each typed word (letters and digits only), up to 5 catalogue words it is the start of,
 * shortest first; when none, the closest word by trigram similarity (3 letters or more).
 * `catalog_words` is small (about 1,300 words on 1M products), so this costs well under 1 ms.
 */
export function selectSuggestionWords(db: DbOrTx, words: readonly string[]) {
  return rowsOf<{ input: string; words: string[] }>(
    db,
    sql`select w.input,
               coalesce(nullif(array(select word from catalog_words where word like w.input || '%'
                                      order by length(word), word limit 5), '{}'),
                        case when length(w.input) >= 3 then
                          array(select word from catalog_words where word % w.input
                                 order by similarity(word, w.input) desc, word limit 1)
                        end, '{}') as words
          from unnest(array[${list(words)}]::text[]) with ordinality as w(input, n)
         order by w.n`,
  );
}

/** How many of the most viewed products the first suggestion lookup filters by words. */
const SUGGEST_POPULAR = 2000;
/** How many matches the rare-words lookup reads from the heap before ordering them. */
const SUGGEST_RARE_READ = 200;

/**
 * Categories, then products whose title starts with `q` (btree on `lower(title)`, read in its
 * order), then the products among the 2,000 most viewed that match `tsQuery` (catalogue words,
 * see `selectSuggestionWords`). Every branch reads a bounded number of rows, whatever `q` is.
 */
export function selectSuggestions(db: DbOrTx, q: string, tsQuery: string | null, limit: number) {
  const contains = `%${likeEscape(q)}%`;
  const prefix = `${likeEscape(q)}%`;
  const byWords = tsQuery
    ? sql`union all
        (select 'product' as type, p.title, p.slug, 2 as grp
           from (select p.title, p.slug, p.search from products p where ${visibleToShoppers}
                  order by p.view_count desc limit ${SUGGEST_POPULAR}) p
          where p.search @@ to_tsquery('english', ${tsQuery})
          limit ${limit})`
    : sql``;
  return rowsOf<{ type: 'product' | 'category'; title: string; slug: string }>(
    db,
    sql`(select 'category' as type, name as title, slug, 0 as grp from categories
          where name ilike ${contains} or ${q} <% name
          order by (name ilike ${prefix}) desc, word_similarity(${q}, name) desc, name
          limit 3)
        union all
        (select 'product' as type, p.title, p.slug, 1 as grp from products p
          where ${visibleToShoppers} and lower(p.title) like lower(${prefix})
          order by lower(p.title) using ~<~
          limit ${limit})
        ${byWords}`,
  );
}

/**
 * Products matching `tsQuery` when few popular ones do: the first 200 matches found through the
 * GIN index, most viewed first. The plan is pinned to the bitmap scan (the word statistics cannot
 * tell that a combination of words is rare, and a scan in `view_count` order, or a sequential
 * one, then reads the whole table); the settings are local to this transaction (or, called
 * inside one, to the caller's: `suggest` is not).
 */
export function selectRareSuggestions(db: DbOrTx, tsQuery: string, limit: number) {
  return withTx(db, async (tx) => {
    await tx.execute(
      sql`select set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)`,
    );
    return rowsOf<{ type: 'product'; title: string; slug: string }>(
      tx,
      sql`select 'product' as type, title, slug
            from (select p.title, p.slug, p.view_count from products p
                   where ${visibleToShoppers} and p.search @@ to_tsquery('english', ${tsQuery})
                   limit ${SUGGEST_RARE_READ}) p
           order by view_count desc
           limit ${limit}`,
    );
  });
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
