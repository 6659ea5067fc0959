import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { categories, type productImages } from '../../db/schema/catalog.js';
import { contextFor, withTx } from '../../platform/context.js';
import { rowsOf } from '../../platform/statements.js';
import type { Platform } from '../../platform/platform.js';
import type { DemoSeed, SeedOptions } from '../registry.js';
import { CATALOG_CACHE_TAG } from './cached.js';
import {
  bulkInsertImages,
  bulkInsertProducts,
  bulkInsertVariants,
  createIndexes,
  dropSecondaryIndexes,
  insertWords,
  type BulkProduct,
  type BulkVariant,
} from './bulk-queries.js';
import { DEMO_TREE, PALETTES, type LeafSpec, type RootSpec } from './seed-data.js';
import { renderDemoImage } from './seed-images.js';
import { prng, shillings, variantPlans } from './seed-variants.js';
import { slugify } from './slug.js';

export interface SeedResult {
  categories: number;
  products: number;
  variants: number;
  ms: number;
  /** Milliseconds spent making rows in Node, inserting them, and building indexes and words. */
  phases: { generate: number; insert: number; indexes: number };
}

async function hasCatalog(platform: Platform) {
  const [row] = await rowsOf<{ has: boolean }>(
    platform.database.db,
    sql`select exists (select 1 from categories) as has`,
  );
  return row?.has === true;
}

// Later modules (cart, orders) reset their demo data first (reverse module order); `cascade`
// empties what still points at catalogue rows (a cart line someone made by hand), since a
// truncate is refused while any table references these, even an empty one.
async function resetCatalog(platform: Platform) {
  await platform.database.db.execute(
    sql`truncate product_views, product_images, product_variants, products, categories, catalog_words cascade`,
  );
}

/**
 * Loads the demo catalogue on an empty one: a category tree, products with variants, prices in
 * KES, some discounts and some sold out, a picture per product, spread over `sellerIds` (the
 * users module's demo sellers). Deterministic for a given seed. Large counts
 * (`products: 100_000`) go in multi-row batches.
 */
export async function seedCatalog(
  platform: Platform,
  options: SeedOptions,
  sellerIds: readonly string[],
): Promise<SeedResult> {
  const started = Date.now();
  const { db } = platform.database;
  const total = options.products ?? 240;
  const rng = prng(options.seed ?? 20_251_101);

  const leaves: { root: RootSpec; leaf: LeafSpec; id: string; rootIndex: number }[] = [];
  let categoryCount = 0;
  for (const [r, root] of DEMO_TREE.entries()) {
    const [rootRow] = await db
      .insert(categories)
      .values({
        name: root.name,
        slug: slugify(root.name),
        position: r,
        description: `Shop ${root.name.toLowerCase()}`,
      })
      .returning({ id: categories.id });
    const leafRows = await db
      .insert(categories)
      .values(
        root.leaves.map((leaf, k) => ({
          name: leaf.name,
          slug: slugify(leaf.name),
          parentId: rootRow!.id,
          position: k,
        })),
      )
      .returning({ id: categories.id });
    root.leaves.forEach((leaf, k) => leaves.push({ root, leaf, id: leafRows[k]!.id, rootIndex: r }));
    categoryCount += 1 + root.leaves.length;
  }

  const shareImages = total > 1_000;
  const sharedImage = new Map<string, { key: string; url: string }>();
  const storage = platform.storage;
  const putImage = async (
    key: string,
    title: string,
    shape: RootSpec['shape'],
    palette: [string, string],
  ) => {
    await storage.put(key, await renderDemoImage(title, shape, palette), 'image/webp');
    return { key, url: storage.url(key) };
  };
  if (shareImages) {
    for (const { leaf, root, id, rootIndex } of leaves) {
      sharedImage.set(
        id,
        await putImage(
          `demo/category-${slugify(leaf.name)}.webp`,
          leaf.name,
          root.shape,
          PALETTES[rootIndex % PALETTES.length]!,
        ),
      );
    }
  }

  const slugs = new Set<string>();
  const words = new Set<string>();
  const addWords = (text: string) => {
    for (const w of text.toLowerCase().split(/[^\p{L}\p{N}]+/u))
      if (w.length >= 3 && w.length <= 40) words.add(w);
  };
  for (const { root, leaf } of leaves) addWords(`${root.name} ${leaf.name}`);
  const now = Date.now();
  let variantCount = 0;
  const BATCH = 5_000;
  const loadTime = { generate: 0, insert: 0, indexes: 0 };
  await withTx(contextFor(platform), async ({ db: tx }) => {
    // One build per index after the load instead of an index update per row: on PostgreSQL the
    // GIN (search, trigram) indexes are most of a bulk load's cost.
    await tx.execute(sql`set local maintenance_work_mem = '256MB'`);
    const indexes =
      total > BATCH ? await dropSecondaryIndexes(tx, ['products', 'product_variants', 'product_images']) : [];
    for (let start = 0; start < total; start += BATCH) {
      const t0 = Date.now();
      const productRows: BulkProduct[] = [];
      const variantRows: BulkVariant[] = [];
      const imageJobs: {
        productId: string;
        title: string;
        slug: string;
        shape: RootSpec['shape'];
        palette: [string, string];
        categoryId: string;
      }[] = [];
      for (let i = start; i < Math.min(total, start + BATCH); i++) {
        const { root, leaf, id: categoryId } = leaves[i % leaves.length]!;
        const [noun, min, max] = rng.pick(leaf.items);
        const brand = rng.pick(leaf.brands);
        const adjective = rng.pick(leaf.adjectives);
        // "True Wireless" + "Wireless Headphones" would say a word twice.
        const name = adjective.split(' ').some((w) => noun.includes(w)) ? noun : `${adjective} ${noun}`;
        const title = total > 2_000 ? `${brand} ${name} ${100 + (i % 900)}` : `${brand} ${name}`;
        let slug = slugify(title);
        if (slugs.has(slug)) slug = `${slug}-${i}`;
        slugs.add(slug);
        const productId = randomUUID();
        const sellerId = sellerIds[i % sellerIds.length]!;
        const base = shillings(rng, min, max);
        const soldOut = rng.chance(0.08);
        const discounted = rng.chance(0.25);
        const plans = variantPlans(rng, root, leaf);
        const variants = plans.map((plan, k): BulkVariant => {
          const price = Math.round((base * plan.factor) / 50) * 50 - 1;
          const amount = Math.max(49, price) * 100;
          return {
            productId,
            sellerId,
            sku: `${slugify(brand).slice(0, 4).toUpperCase()}-${String(i).padStart(6, '0')}-${k + 1}`,
            title: plan.title,
            options: plan.options,
            price: amount,
            compareAt: discounted
              ? Math.round((amount * (1.15 + rng.next() * 0.3)) / 10_000) * 10_000 - 100
              : null,
            stock: soldOut ? 0 : rng.chance(0.15) ? 0 : rng.int(1, 60),
            position: k,
          };
        });
        variantRows.push(...variants);
        variantCount += plans.length;
        // The list columns refreshProducts would compute: the lowest price (first by position on a
        // tie) with its compare-at price, and the stock summed over variants.
        const lowest = variants.reduce((a, b) => (b.price < a.price ? b : a));
        const createdAt = new Date(now - Math.floor(rng.next() * 120 * 86_400_000));
        const shared = sharedImage.get(categoryId);
        productRows.push({
          id: productId,
          sellerId,
          categoryId,
          categoryName: leaf.name,
          title,
          slug,
          description: `${title}. ${leaf.blurb} Sold by a verified Soko seller with delivery across Kenya.`,
          status: rng.chance(0.04) ? 'draft' : 'active',
          seoTitle: `${title} | Buy online in Kenya`,
          seoDescription: leaf.blurb,
          currency: platform.config.storeCurrency,
          price: lowest.price,
          compareAt: lowest.compareAt,
          totalStock: variants.reduce((sum, v) => sum + v.stock, 0),
          imageUrl: shared ? shared.url : storage.url(`demo/${slug}.webp`),
          createdAt: createdAt.toISOString(),
        });
        addWords(title);
        imageJobs.push({
          productId,
          title,
          slug,
          shape: root.shape,
          palette: rng.pick(PALETTES),
          categoryId,
        });
      }

      const images: (typeof productImages.$inferInsert)[] = [];
      for (let k = 0; k < imageJobs.length; k += 8) {
        const chunk = imageJobs.slice(k, k + 8);
        const stored = await Promise.all(
          chunk.map((j) =>
            shareImages
              ? sharedImage.get(j.categoryId)!
              : putImage(`demo/${j.slug}.webp`, j.title, j.shape, j.palette),
          ),
        );
        chunk.forEach((j, n) =>
          images.push({
            productId: j.productId,
            key: stored[n]!.key,
            url: stored[n]!.url,
            alt: j.title,
            position: 0,
            width: 480,
            height: 480,
            thumbnails: [{ width: 480, url: stored[n]!.url, key: stored[n]!.key }],
          }),
        );
      }
      const t1 = Date.now();
      await bulkInsertProducts(tx, productRows);
      await bulkInsertVariants(tx, variantRows);
      await bulkInsertImages(tx, images);
      loadTime.generate += t1 - t0;
      loadTime.insert += Date.now() - t1;
      options.onProgress?.(Math.min(total, start + BATCH), total);
    }
    const t2 = Date.now();
    await insertWords(tx, [...words]);
    await createIndexes(tx, indexes);
    loadTime.indexes = Date.now() - t2;
  });
  // Vacuum too: it sets the visibility map, without which the facet query's index-only scan
  // reads the table anyway until autovacuum comes by.
  await db.execute(sql`vacuum analyze products`);
  await db.execute(sql`analyze product_variants`);
  await db.execute(sql`analyze categories`);
  await platform.cache.invalidateTags([CATALOG_CACHE_TAG]);
  return {
    categories: categoryCount,
    products: total,
    variants: variantCount,
    ms: Date.now() - started,
    phases: loadTime,
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The demo catalogue, loaded after the users module's demo sellers. */
export const catalogSeed: DemoSeed = {
  hasData: hasCatalog,
  reset: resetCatalog,
  async load(platform, options, demo) {
    if (demo.sellers.length === 0) throw new Error('The demo catalogue needs the demo sellers first');
    const r = await seedCatalog(
      platform,
      options,
      demo.sellers.map((s) => s.id),
    );
    return [
      `Seeded ${r.products} products (${r.variants} variants) in ${r.categories} categories in ${seconds(r.ms)}` +
        ` (rows made ${seconds(r.phases.generate)}, inserted ${seconds(r.phases.insert)}, indexes built ${seconds(r.phases.indexes)}).`,
    ];
  },
};
