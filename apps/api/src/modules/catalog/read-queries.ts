// Catalogue reads: listing, facets and counts, detail, related products, search words, suggestions.
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../platform/db.js';
import { rowsOf } from '../../platform/statements.js';
import { isUuid, list, uuidList } from './queries.js';
import { visibleToShoppers } from './rules.js';

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
               min(s.price_amount) as min, max(s.price_amount) as max
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
               min(m.price_amount) as min, max(m.price_amount) as max,
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
  seller_listed: boolean;
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
    sql`select ${summaryColumns}, p.description, p.status, p.seller_listed, p.seo_title, p.seo_description,
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

/**
 * Catalogue words of `min` to `max` letters: the ones a typed word can be within edit distance of
 * (see `typos.ts`). `catalog_words` is small (about 1,300 words on 1M demo products).
 */
export async function selectWordsOfLength(db: DbOrTx, min: number, max: number) {
  const rows = await rowsOf<{ word: string }>(
    db,
    sql`select word from catalog_words where length(word) between ${min} and ${max}`,
  );
  return rows.map((r) => r.word);
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
 * inside one, to the caller's; `suggest` opens one for it with `withTx`).
 */
export async function selectRareSuggestions(tx: Tx, tsQuery: string, limit: number) {
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
}
