import { sql, type SQL } from 'drizzle-orm';
import { actorOf } from '../../platform/auth.js';
import { withTx, type ServiceContext } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { pageOf } from '../../platform/schema.js';
import { answer, cachedAnswer, productCacheTag, type JsonAnswer } from './cached.js';
import { canManageProduct, isVisibleToShoppers, visibleToShoppers } from './rules.js';
import type { ViewRecorder } from './views.js';
import { toDetail, toSellerSummary, toSummary } from './dto.js';
import {
  categoryAndDescendants,
  countBounded,
  estimateCount,
  isProductVisible,
  selectBoundedFacets,
  selectDetail,
  selectSameCategory,
  selectSellerSummaries,
  selectRankedFacets,
  selectRareSuggestions,
  selectSuggestionWords,
  selectSuggestions,
  selectSummaries,
  selectSummariesByIds,
  selectSummariesByPrice,
  selectWordsOfLength,
  type FacetRow,
  type SummaryRow,
} from './read-queries.js';
import type {
  ListProductsQuery,
  ProductList,
  RelatedProducts,
  SellerProductList,
  SellerProductsQuery,
  Suggestions,
} from './schema.js';
import { lengthWindow, tolerantQuery } from './typos.js';
import { readTogether } from '../../platform/statements.js';

/** Counts are exact up to this many matches; past it they are planner estimates. */
export const EXACT_COUNT_CAP = 10_000;
const SUGGESTION_LIMIT = 8;

/**
 * What a search matches and how it ranks: the shopper's words as typed (`websearch_to_tsquery`:
 * quotes, `or`, `-word`), or their typo-tolerant rewrite (a `to_tsquery` text of each word OR its
 * candidates, ranked so that products matching every word's closest candidate come first).
 */
export interface TextSearch {
  match: SQL;
  rank: SQL;
}

export function typedSearch(q: string): TextSearch {
  const match = sql`websearch_to_tsquery('english', ${q})`;
  return { match, rank: sql`ts_rank(p.search, ${match})` };
}

export function tolerantSearch(anyCandidate: string, closest: string): TextSearch {
  const match = sql`to_tsquery('english', ${anyCandidate})`;
  return {
    match,
    rank: sql`(p.search @@ to_tsquery('english', ${closest}))::int + ts_rank(p.search, ${match})`,
  };
}

export function filtersOf(query: ListProductsQuery, text: TextSearch | undefined): SQL {
  const where: SQL[] = [visibleToShoppers];
  if (text) where.push(sql`p.search @@ ${text.match}`);
  // `= any(array(…))` runs the tree walk once, before the scan (an init plan), so the category ids
  // become an index condition instead of a join the planner can only guess the size of.
  if (query.category) where.push(sql`p.category_id = any(array${categoryAndDescendants(query.category)})`);
  if (query.minPrice !== undefined) where.push(sql`p.price_amount >= ${query.minPrice}`);
  if (query.maxPrice !== undefined) where.push(sql`p.price_amount <= ${query.maxPrice}`);
  if (query.inStock !== undefined) where.push(sql`p.in_stock = ${query.inStock}`);
  if (query.minRating !== undefined) where.push(sql`p.rating_avg >= ${query.minRating}`);
  if (query.seller) where.push(sql`p.seller_id = ${query.seller}::uuid`);
  return sql.join(where, sql` and `);
}

export function orderOf(sort: ListProductsQuery['sort'], text: TextSearch | undefined): SQL {
  switch (sort) {
    case 'price':
      return sql`p.price_amount asc, p.id`;
    case '-price':
      return sql`p.price_amount desc, p.id`;
    case 'newest':
      return sql`p.created_at desc, p.id`;
    case 'rating':
      return sql`p.rating_avg desc, p.rating_count desc, p.id`;
    case 'popular':
      return sql`p.view_count desc, p.id`;
    case 'relevance':
      return text ? sql`${text.rank} desc, p.view_count desc, p.id` : sql`p.created_at desc, p.id`;
  }
}

/** The words of a search, lower case, letters and digits only. */
const wordsOf = (q: string) => q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * The typo-tolerant search for `q` (see `typos.ts` for the rule): each word of 5 letters or more
 * that is not a catalogue word may stand for the catalogue words within one edit (two from 9
 * letters). Null when no word has such a candidate.
 */
async function typoSearch(ctx: ServiceContext, q: string) {
  const words = wordsOf(q).slice(0, 8);
  const window = lengthWindow(words);
  if (!window) return null;
  const rewrite = tolerantQuery(words, await selectWordsOfLength(ctx.db, window.min, window.max));
  if (!rewrite.changed) return null;
  return {
    text: tolerantSearch(rewrite.anyCandidate, rewrite.closest.join(' & ')),
    corrected: rewrite.closest.join(' '),
  };
}

async function searchPage(
  ctx: ServiceContext,
  query: ListProductsQuery,
  text: TextSearch | undefined,
  cap: number,
) {
  const where = filtersOf(query, text);
  const offset = (query.page - 1) * query.pageSize;
  let rows: SummaryRow[];
  let facetRows: FacetRow[];
  if (text && query.sort === 'relevance' && offset + query.pageSize <= cap) {
    // One bounded pass ranks and counts the matches; the page's rows are then read by id.
    const ranked = await selectRankedFacets(ctx.db, where, text.rank, cap + 1, query.pageSize, offset);
    facetRows = ranked;
    rows = await selectSummariesByIds(ctx.db, ranked[0]?.page_ids?.split(',') ?? []);
  } else {
    const byPrice = query.category && (query.sort === 'price' || query.sort === '-price');
    [rows, facetRows] = await readTogether(
      ctx.db,
      async () =>
        byPrice
          ? selectSummariesByPrice(
              ctx.db,
              where,
              sql`array${categoryAndDescendants(query.category!)}`,
              query.sort === '-price',
              query.pageSize,
              offset,
            )
          : selectSummaries(ctx.db, where, orderOf(query.sort, text), query.pageSize, offset),
      async () => selectBoundedFacets(ctx.db, where, cap + 1),
    );
  }
  let total = facetRows.reduce((sum, f) => sum + f.count, 0);
  const totalExact = total <= cap;
  if (!totalExact) total = Math.max(cap + 1, await estimateCount(ctx.db, where));
  return { rows, facetRows, total, totalExact };
}

const facetsOf = (rows: readonly FacetRow[]) => ({
  categories: rows.map((f) => ({ id: f.id, slug: f.slug, name: f.name, count: f.count })),
  price: {
    min: rows.length ? Math.min(...rows.map((f) => f.min)) : null,
    max: rows.length ? Math.max(...rows.map((f) => f.max)) : null,
  },
});

/**
 * The shopper's product list: every filter and sort of API.md, facets, a bounded count, and
 * typo tolerance (when the words as typed find nothing, each misspelt word also matches the
 * catalogue words within its allowed edits, and `correctedQuery` names the closest ones). Two queries per page, cached for anonymous reads. Counts are
 * exact up to `exactCountCap` matches (tests lower it); past it `total` is the planner's estimate.
 */
export function listProducts(
  ctx: ServiceContext,
  query: ListProductsQuery,
  { exactCountCap = EXACT_COUNT_CAP }: { exactCountCap?: number } = {},
): Promise<JsonAnswer> {
  const key = `list:${exactCountCap === EXACT_COUNT_CAP ? '' : `${exactCountCap}:`}${JSON.stringify(query)}`;
  return cachedAnswer(ctx, key, async (): Promise<ProductList> => {
    const q = query.q || undefined;
    let correctedQuery: string | null = null;
    let page = await searchPage(ctx, query, q ? typedSearch(q) : undefined, exactCountCap);
    if (q && page.total === 0) {
      const typo = await typoSearch(ctx, q);
      if (typo) {
        const retry = await searchPage(ctx, query, typo.text, exactCountCap);
        if (retry.total > 0) {
          page = retry;
          correctedQuery = typo.corrected;
        }
      }
    }
    return {
      ...pageOf(page.rows.map(toSummary), query, page.total, page.totalExact),
      facets: facetsOf(page.facetRows),
      correctedQuery,
    };
  });
}

/** The caller's own products in every status (admins: the shop's own), newest change first. */
export async function listSellerProducts(
  ctx: ServiceContext,
  query: SellerProductsQuery,
): Promise<SellerProductList> {
  const actor = actorOf(ctx.actor);
  const where: SQL[] = [sql`p.seller_id = ${actor.id}::uuid`, sql`p.deleted_at is null`];
  if (query.status) where.push(sql`p.status = ${query.status}`);
  if (query.q) where.push(sql`(p.title ilike ${`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`})`);
  const filter = sql.join(where, sql` and `);
  const [rows, total] = await readTogether(
    ctx.db,
    async () => selectSellerSummaries(ctx.db, filter, query.pageSize, (query.page - 1) * query.pageSize),
    async () => countBounded(ctx.db, filter, EXACT_COUNT_CAP + 1),
  );
  return pageOf(
    rows.map(toSellerSummary),
    query,
    Math.min(total, EXACT_COUNT_CAP + 1),
    total <= EXACT_COUNT_CAP,
  );
}

/**
 * A product's detail by id or slug. Shoppers see active, live products (cached); the owner and
 * admins also see drafts and archived ones (never cached). Anyone else: 404. A public read counts
 * as a view in `views` (batched, written on its next flush); an owner's preview does not.
 */
export async function getProduct(
  ctx: ServiceContext,
  idOrSlug: string,
  views?: ViewRecorder,
): Promise<JsonAnswer> {
  try {
    const found = await cachedAnswer(
      ctx,
      `product:${idOrSlug}`,
      async () => {
        const row = await selectDetail(ctx.db, idOrSlug);
        if (!row || !isVisibleToShoppers(row)) throw notFound('Product');
        return toDetail(row);
      },
      (detail) => [productCacheTag(detail.id)],
    );
    views?.record(idOrSlug);
    return found;
  } catch (err) {
    const actor = ctx.actor;
    if (!actor || (actor.role !== 'admin' && actor.role !== 'seller')) throw err;
    const row = await selectDetail(ctx.db, idOrSlug);
    if (!row || !canManageProduct(actor, { sellerId: row.seller_id, isDeleted: row.deleted_at !== null }))
      throw err;
    return answer(toDetail(row), false);
  }
}

/**
 * Products to show beside one: same category, most viewed first. Written as a list of sources
 * so "bought together" (from order lines, once orders exist) can be put in front.
 */
export function listRelatedProducts(ctx: ServiceContext, productId: string, limit = 8): Promise<JsonAnswer> {
  const tagsOf = (related: RelatedProducts) =>
    [productId, ...related.items.map((p) => p.id)].map(productCacheTag);
  return cachedAnswer(
    ctx,
    `related:${productId}:${limit}`,
    async (): Promise<RelatedProducts> => {
      if (!(await isProductVisible(ctx.db, productId))) throw notFound('Product');
      const sources = [() => selectSameCategory(ctx.db, productId, limit)];
      const seen = new Set<string>();
      const items = [];
      for (const source of sources) {
        if (items.length >= limit) break;
        for (const row of await source()) {
          if (seen.has(row.id) || items.length >= limit) continue;
          seen.add(row.id);
          items.push(toSummary(row));
        }
      }
      return { items };
    },
    tagsOf,
  );
}

/**
 * Up to 8 categories and products for a search box: categories, then products whose title starts
 * with `q`, then products containing a catalogue word each typed word is the start of (or, for a
 * misspelt word, the closest catalogue word), most viewed first.
 */
export function suggest(ctx: ServiceContext, q: string): Promise<JsonAnswer> {
  return cachedAnswer(ctx, `suggest:${q.toLowerCase()}`, async (): Promise<Suggestions> => {
    // One letter would stand for hundreds of words; the title prefix still answers it.
    const words = wordsOf(q)
      .filter((w) => w.length >= 2)
      .slice(0, 8);
    const expanded = words.length > 0 ? await selectSuggestionWords(ctx.db, words) : [];
    // Words are letters and digits only, so the tsquery text needs no quoting.
    const groups = expanded.filter((w) => w.words.length > 0).map((w) => `(${w.words.join(' | ')})`);
    const tsQuery = groups.length > 0 ? groups.join(' & ') : null;
    const rows = await selectSuggestions(ctx.db, q, tsQuery, SUGGESTION_LIMIT);
    if (tsQuery && rows.filter((r) => r.type === 'product').length < SUGGESTION_LIMIT) {
      rows.push(...(await withTx(ctx, (tx) => selectRareSuggestions(tx.db, tsQuery, SUGGESTION_LIMIT))));
    }
    const seen = new Set<string>();
    const items: Suggestions['items'] = [];
    for (const r of rows) {
      const key = `${r.type}:${r.slug}`;
      if (seen.has(key)) continue;
      seen.add(key);
      items.push({ type: r.type, title: r.title, slug: r.slug });
      if (items.length === SUGGESTION_LIMIT) break;
    }
    return { items };
  });
}
