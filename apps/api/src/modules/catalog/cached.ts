import { createHash } from 'node:crypto';
import { REVALIDATE_JOB, type RevalidateJob } from '../../platform/platform-jobs.js';
import { afterCommit, withTx, type ServiceContext, type TxContext } from '../../platform/context.js';
import { AppError, violatedConstraint } from '../../platform/errors.js';
import { skuTaken, slugTaken } from './errors.js';

/** The API cache tag every catalogue read is stored under; any catalogue write drops it. */
export const CATALOG_CACHE_TAG = 'catalog';
const TTL_SECONDS = 300;

/** A serialized answer plus what HTTP caching needs. */
export interface JsonAnswer {
  json: string;
  etag: string;
  /** Same for every caller: shared caches may keep it. */
  isPublic: boolean;
}

const etagOf = (json: string) => `W/"${createHash('sha1').update(json).digest('base64url').slice(0, 27)}"`;

export const answer = (value: unknown, isPublic: boolean): JsonAnswer => {
  const json = JSON.stringify(value);
  return { json, etag: etagOf(json), isPublic };
};

/** The API cache tag of one product: its detail and every related list that shows it. */
export const productCacheTag = (productId: string) => `product:${productId}`;

/**
 * A public catalogue read through the platform cache: the serialized JSON and its ETag are
 * stored together, so a hit costs one cache lookup and no serialization. Every entry carries
 * {@link CATALOG_CACHE_TAG}; `tagsOf` adds finer tags from the answer (see
 * {@link productCacheTag}). Inside a transaction the cache is bypassed: what the transaction
 * reads may never commit, and what it writes is not yet visible to anyone else.
 */
export async function cachedAnswer<T>(
  ctx: ServiceContext,
  key: string,
  load: () => Promise<T>,
  tagsOf: (value: T) => string[] = () => [],
): Promise<JsonAnswer> {
  if (ctx.tx) return answer(await load(), true);
  const hit = await ctx.cache.get(`catalog:${key}`);
  if (hit !== undefined) {
    const sep = hit.indexOf('\n');
    return { etag: hit.slice(0, sep), json: hit.slice(sep + 1), isPublic: true };
  }
  const value = await load();
  const fresh = answer(value, true);
  await ctx.cache.set(`catalog:${key}`, `${fresh.etag}\n${fresh.json}`, {
    ttlSeconds: TTL_SECONDS,
    tags: [CATALOG_CACHE_TAG, ...tagsOf(value)],
  });
  return fresh;
}

/** Web cache tags (sent with {@link REVALIDATE_JOB}) for a product and for the category tree. */
export const webTags = {
  product: (slug: string) => ['products', `product:${slug}`],
  categories: () => ['categories', 'products'],
};

/**
 * Runs a catalogue write in a transaction (a savepoint inside the caller's) that also enqueues
 * the web revalidation job, so the job exists only if the write commits. The API's cached
 * catalogue reads are dropped after the outermost commit ({@link afterCommit}): dropped any
 * earlier, a read between the drop and the commit would put the old answer back for the TTL.
 * Unique violations become `slug_taken` / `sku_taken`.
 */
export async function catalogWrite<T>(
  ctx: ServiceContext,
  work: (tx: TxContext) => Promise<T>,
  tags: (result: T) => string[],
  conflict: { slug?: string } = {},
): Promise<T> {
  try {
    return await withTx(ctx, async (tx) => {
      const r = await work(tx);
      await tx.jobs.send<RevalidateJob>(REVALIDATE_JOB, { tags: [...new Set(tags(r))] }, { tx: tx.db });
      await afterCommit(tx, () => tx.cache.invalidateTags([CATALOG_CACHE_TAG]));
      return r;
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    const constraint = violatedConstraint(err);
    if (constraint === 'products_slug_key' || constraint === 'categories_slug_key') {
      throw slugTaken(conflict.slug ?? '');
    }
    if (constraint === 'product_variants_seller_sku_key') throw skuTaken();
    throw err;
  }
}

/**
 * Drops the cached answers that show these products (their detail, and related lists they
 * appear in) once the caller's transaction commits; for writes that change a product's stock or
 * availability without touching the rest of the catalogue (a sale, a cancelled order). Lists,
 * search and suggestions are left to their TTL: a sale changes at most `inStock` there, and the
 * cart and checkout read stock from the database, never from the cache.
 */
export async function invalidateProductCaches(ctx: ServiceContext, productIds: readonly string[]) {
  if (productIds.length === 0) return;
  const tags = [...new Set(productIds)].map(productCacheTag);
  await afterCommit(ctx, () => ctx.cache.invalidateTags(tags));
}
