import { createHash } from 'node:crypto';
import { REVALIDATE_JOB, type RevalidateJob } from '../../platform/platform-jobs.js';
import type { ServiceContext } from '../../platform/context.js';
import { withTx, type Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { skuTaken, slugTaken, violatedConstraint } from './errors.js';

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

/**
 * A public catalogue read through the platform cache: the serialized JSON and its ETag are
 * stored together, so a hit costs one cache lookup and no serialization.
 */
export async function cachedAnswer(
  ctx: ServiceContext,
  key: string,
  load: () => Promise<unknown>,
): Promise<JsonAnswer> {
  const hit = await ctx.cache.get(`catalog:${key}`);
  if (hit !== undefined) {
    const sep = hit.indexOf('\n');
    return { etag: hit.slice(0, sep), json: hit.slice(sep + 1), isPublic: true };
  }
  const fresh = answer(await load(), true);
  await ctx.cache.set(`catalog:${key}`, `${fresh.etag}\n${fresh.json}`, {
    ttlSeconds: TTL_SECONDS,
    tags: [CATALOG_CACHE_TAG],
  });
  return fresh;
}

/** Web cache tags (sent with {@link REVALIDATE_JOB}) for a product and for the category tree. */
export const webTags = {
  product: (slug: string) => ['products', `product:${slug}`],
  categories: () => ['categories', 'products'],
};

/**
 * Runs a catalogue write in one transaction that also enqueues the web revalidation job (so it
 * exists only if the write commits), then drops the API's cached catalogue reads. Unique
 * violations become `slug_taken` / `sku_taken`.
 */
export async function catalogWrite<T>(
  ctx: ServiceContext,
  work: (tx: Tx) => Promise<T>,
  tags: (result: T) => string[],
  conflict: { slug?: string } = {},
): Promise<T> {
  let result: T;
  try {
    result = await withTx(ctx.db, async (tx) => {
      const r = await work(tx);
      await ctx.jobs.send<RevalidateJob>(REVALIDATE_JOB, { tags: [...new Set(tags(r))] }, { tx });
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
  await ctx.cache.invalidateTags([CATALOG_CACHE_TAG]);
  return result;
}
