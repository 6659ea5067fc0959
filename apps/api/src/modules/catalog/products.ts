import type { Actor } from '../../platform/auth.js';
import { actorOf } from '../../platform/auth.js';
import type { ServiceContext } from '../../platform/context.js';
import type { DbOrTx } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { assertCanSell } from '../users/index.js';
import { catalogWrite, webTags } from './cached.js';
import { slugTaken, unknownCategory } from './errors.js';
import {
  findCategory,
  findProductForWrite,
  insertProduct,
  insertVariants,
  refreshProducts,
  selectSlugsLike,
  softDeleteProductRow,
  updateProductRow,
  updateVariantRow,
  upsertWords,
} from './queries.js';
import { selectDetail } from './read-queries.js';
import { toDetail } from './dto.js';
import type {
  CreateProductBody,
  ProductDetail,
  UpdateProductBody,
  UpdateVariantBody,
  VariantInput,
} from './schema.js';
import { firstFreeSlug, slugify } from './slug.js';

/** Loads a live product the actor may change: its seller or an admin. Anyone else gets 404. */
export async function getOwnedProduct(db: DbOrTx, actor: Actor, id: string) {
  const product = await findProductForWrite(db, id);
  if (!product || (actor.role !== 'admin' && product.sellerId !== actor.id)) throw notFound('Product');
  return product;
}

async function productSlug(db: DbOrTx, sent: string | undefined, title: string) {
  if (sent) {
    if ((await selectSlugsLike(db, 'products', sent)).has(sent)) throw slugTaken(sent);
    return sent;
  }
  const base = slugify(title);
  return firstFreeSlug(base, await selectSlugsLike(db, 'products', base));
}

export const variantValues = (productId: string, sellerId: string, variants: readonly VariantInput[]) =>
  variants.map((v, position) => ({
    productId,
    sellerId,
    sku: v.sku,
    title: v.title ?? '',
    options: v.options ?? {},
    priceAmount: v.price,
    compareAtAmount: v.compareAtPrice ?? null,
    stock: v.stock,
    position,
  }));

/** A product as its owner or an admin sees it (any status); 404 otherwise. */
export async function getProductForOwner(ctx: ServiceContext, id: string): Promise<ProductDetail> {
  const actor = actorOf(ctx.actor);
  const row = await selectDetail(ctx.db, id);
  if (!row || row.deleted_at || (actor.role !== 'admin' && row.seller_id !== actor.id))
    throw notFound('Product');
  return toDetail(row);
}

/**
 * Creates a product with its variants (approved seller or admin, `assertCanSell`). Slugs and SKUs are unique by
 * constraint (`slug_taken`, `sku_taken` per seller); the list columns are recomputed in the
 * same transaction, and the web is told to revalidate.
 */
export async function createProduct(ctx: ServiceContext, input: CreateProductBody): Promise<ProductDetail> {
  const actor = actorOf(ctx.actor);
  assertCanSell(actor);
  const created = await catalogWrite(
    ctx,
    async (tx) => {
      if (!(await findCategory(tx.db, input.categoryId))) throw unknownCategory();
      const slug = await productSlug(tx.db, input.slug, input.title);
      const product = await insertProduct(tx.db, {
        sellerId: actor.id,
        categoryId: input.categoryId,
        title: input.title,
        slug,
        description: input.description,
        status: input.status ?? 'active',
        seoTitle: input.seoTitle ?? null,
        seoDescription: input.seoDescription ?? null,
        currency: ctx.config.storeCurrency,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      });
      await insertVariants(tx.db, variantValues(product.id, actor.id, input.variants));
      await refreshProducts(tx.db, { ids: [product.id] });
      await upsertWords(tx.db, { ids: [product.id] });
      return product;
    },
    (p) => webTags.product(p.slug),
    { slug: input.slug },
  );
  return getProductForOwner(ctx, created.id);
}

/** Edits a product's fields (owner or admin). Changing the slug revalidates both pages. */
export async function updateProduct(
  ctx: ServiceContext,
  id: string,
  input: UpdateProductBody,
): Promise<ProductDetail> {
  const actor = actorOf(ctx.actor);
  let oldSlug = '';
  await catalogWrite(
    ctx,
    async (tx) => {
      const product = await getOwnedProduct(tx.db, actor, id);
      oldSlug = product.slug;
      if (input.categoryId && !(await findCategory(tx.db, input.categoryId))) throw unknownCategory();
      const slug =
        input.slug && input.slug !== product.slug ? await productSlug(tx.db, input.slug, '') : undefined;
      const row = await updateProductRow(tx.db, id, {
        ...(input.title !== undefined && { title: input.title }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.categoryId !== undefined && { categoryId: input.categoryId }),
        ...(input.status !== undefined && { status: input.status }),
        ...(slug !== undefined && { slug }),
        ...(input.seoTitle !== undefined && { seoTitle: input.seoTitle }),
        ...(input.seoDescription !== undefined && { seoDescription: input.seoDescription }),
        updatedAt: ctx.now,
      });
      await refreshProducts(tx.db, { ids: [id] });
      await upsertWords(tx.db, { ids: [id] });
      return row!;
    },
    (p) => [...webTags.product(p.slug), `product:${oldSlug}`],
    { slug: input.slug },
  );
  return getProductForOwner(ctx, id);
}

/**
 * Changes one variant (price, stock, options, SKU). Only that row and its product's list
 * columns are written, however many variants the product has.
 */
export async function updateVariant(
  ctx: ServiceContext,
  productId: string,
  variantId: string,
  input: UpdateVariantBody,
): Promise<ProductDetail> {
  const actor = actorOf(ctx.actor);
  await catalogWrite(
    ctx,
    async (tx) => {
      const product = await getOwnedProduct(tx.db, actor, productId);
      const row = await updateVariantRow(tx.db, productId, variantId, {
        ...(input.sku !== undefined && { sku: input.sku }),
        ...(input.title !== undefined && { title: input.title }),
        ...(input.options !== undefined && { options: input.options }),
        ...(input.price !== undefined && { priceAmount: input.price }),
        ...(input.compareAtPrice !== undefined && { compareAtAmount: input.compareAtPrice }),
        ...(input.stock !== undefined && { stock: input.stock }),
        updatedAt: ctx.now,
      });
      if (!row) throw notFound('Variant');
      await refreshProducts(tx.db, { ids: [productId] });
      return product;
    },
    (p) => webTags.product(p.slug),
  );
  return getProductForOwner(ctx, productId);
}

/** Soft-deletes a product (owner or admin): hidden everywhere, its SKUs free for reuse. */
export async function deleteProduct(ctx: ServiceContext, id: string): Promise<void> {
  const actor = actorOf(ctx.actor);
  await catalogWrite(
    ctx,
    async (tx) => {
      const product = await getOwnedProduct(tx.db, actor, id);
      await softDeleteProductRow(tx.db, id, ctx.now);
      return product;
    },
    (p) => webTags.product(p.slug),
  );
}
