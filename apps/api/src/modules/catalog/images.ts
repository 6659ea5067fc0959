import { randomUUID } from 'node:crypto';
import { actorOf } from '../../platform/auth.js';
import type { ServiceContext } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import type { ImageThumbnail } from '../../db/schema/catalog.js';
import { catalogWrite, webTags } from './cached.js';
import { unsupportedImage } from './errors.js';
import { getOwnedProduct } from './products.js';
import {
  deleteImageRow,
  findImage,
  insertImage,
  nextImagePosition,
  refreshProducts,
  updateImageRow,
} from './queries.js';
import type { ImagePositionBody, ProductImage } from './schema.js';

export const THUMBNAIL_WIDTHS = [200, 480, 960] as const;
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const ACCEPTED = new Set(['jpeg', 'png', 'webp']);

const toDto = (row: {
  id: string;
  url: string;
  alt: string;
  position: number;
  width: number;
  height: number;
  thumbnails: ImageThumbnail[];
}): ProductImage => ({
  id: row.id,
  url: row.url,
  alt: row.alt,
  position: row.position,
  width: row.width,
  height: row.height,
  thumbnails: row.thumbnails.map((t) => ({ width: t.width, url: t.url })),
});

/**
 * Renders an image and its webp thumbnails; the type comes from the bytes, never the name. sharp
 * (libvips, about 10 MiB resident) is loaded by the first upload, not at start.
 */
export async function renderImage(bytes: Buffer) {
  const { default: sharp } = await import('sharp');
  const meta = await sharp(bytes)
    .metadata()
    .catch(() => null);
  if (!meta?.format || !ACCEPTED.has(meta.format) || !meta.width || !meta.height) throw unsupportedImage();
  // Re-encoding drops EXIF (camera GPS) and applies its rotation.
  const main = await sharp(bytes).rotate().webp({ quality: 82 }).toBuffer({ resolveWithObject: true });
  const thumbs = await Promise.all(
    THUMBNAIL_WIDTHS.map(async (width) => ({
      width,
      body: await sharp(bytes)
        .rotate()
        .resize({ width, withoutEnlargement: true })
        .webp({ quality: 78 })
        .toBuffer(),
    })),
  );
  return { main: main.data, width: main.info.width, height: main.info.height, thumbs };
}

/**
 * Adds an image to a product (owner or admin): checked from its bytes (JPEG, PNG or WebP, else
 * 415), stored re-encoded as webp with thumbnails 200, 480 and 960 px wide.
 */
export async function addProductImage(
  ctx: ServiceContext,
  productId: string,
  file: { bytes: Buffer; alt?: string },
): Promise<ProductImage> {
  const actor = actorOf(ctx.actor);
  await getOwnedProduct(ctx.db, actor, productId);
  const rendered = await renderImage(file.bytes);
  const id = randomUUID();
  const key = `products/${productId}/${id}.webp`;
  await ctx.storage.put(key, rendered.main, 'image/webp');
  const thumbnails: ImageThumbnail[] = [];
  for (const t of rendered.thumbs) {
    const thumbKey = `products/${productId}/${id}-${t.width}.webp`;
    await ctx.storage.put(thumbKey, t.body, 'image/webp');
    thumbnails.push({ width: t.width, url: ctx.storage.url(thumbKey), key: thumbKey });
  }
  const row = await catalogWrite(
    ctx,
    async (tx) => {
      const product = await getOwnedProduct(tx.db, actor, productId);
      const image = await insertImage(tx.db, {
        id,
        productId,
        key,
        url: ctx.storage.url(key),
        alt: file.alt ?? '',
        position: await nextImagePosition(tx.db, productId),
        width: rendered.width,
        height: rendered.height,
        thumbnails,
      });
      await refreshProducts(tx.db, { ids: [productId] });
      return { image, slug: product.slug };
    },
    (r) => webTags.product(r.slug),
  );
  return toDto(row.image);
}

/** Moves an image (position 0 is the primary one) or changes its alt text. */
export async function updateProductImage(
  ctx: ServiceContext,
  productId: string,
  imageId: string,
  input: ImagePositionBody,
): Promise<ProductImage> {
  const actor = actorOf(ctx.actor);
  const { image } = await catalogWrite(
    ctx,
    async (tx) => {
      const product = await getOwnedProduct(tx.db, actor, productId);
      if (!(await findImage(tx.db, productId, imageId))) throw notFound('Image');
      const updated = await updateImageRow(tx.db, imageId, {
        position: input.position,
        ...(input.alt !== undefined && { alt: input.alt }),
      });
      await refreshProducts(tx.db, { ids: [productId] });
      return { image: updated, slug: product.slug };
    },
    (r) => webTags.product(r.slug),
  );
  return toDto(image);
}

/** Removes an image and its files (owner or admin). */
export async function deleteProductImage(
  ctx: ServiceContext,
  productId: string,
  imageId: string,
): Promise<void> {
  const actor = actorOf(ctx.actor);
  const { image } = await catalogWrite(
    ctx,
    async (tx) => {
      const product = await getOwnedProduct(tx.db, actor, productId);
      const found = await findImage(tx.db, productId, imageId);
      if (!found) throw notFound('Image');
      await deleteImageRow(tx.db, imageId);
      await refreshProducts(tx.db, { ids: [productId] });
      return { image: found, slug: product.slug };
    },
    (r) => webTags.product(r.slug),
  );
  for (const key of [image.key, ...image.thumbnails.map((t) => t.key)]) {
    await ctx.storage.delete(key).catch((err) => ctx.log.warn({ err, key }, 'image file not removed'));
  }
}
