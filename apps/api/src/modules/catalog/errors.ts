import { AppError } from '../../platform/errors.js';

export const slugTaken = (slug: string) =>
  new AppError('slug_taken', { detail: `The slug "${slug}" is already used`, meta: { slug } });

export const skuTaken = (sku?: string) =>
  new AppError('sku_taken', {
    detail: sku ? `You already use the SKU "${sku}"` : 'You already use one of these SKUs',
    ...(sku ? { meta: { sku } } : {}),
  });

export const categoryNotEmpty = (products: number, children: number) =>
  new AppError('category_not_empty', {
    detail: 'Move or delete its products and sub-categories first',
    meta: { products, children },
  });

export const unknownCategory = (path = 'categoryId') =>
  new AppError('validation_failed', {
    detail: 'The request is not valid',
    fields: [{ path, message: 'no such category' }],
  });

export const categoryCycle = () =>
  new AppError('validation_failed', {
    detail: 'A category cannot move under itself or one of its sub-categories',
    fields: [{ path: 'parentId', message: 'would make a cycle' }],
  });

export const unsupportedImage = () =>
  new AppError('unsupported_media_type', { detail: 'Send a JPEG, PNG or WebP image' });
