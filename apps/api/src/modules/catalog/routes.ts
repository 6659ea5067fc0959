import type { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../../platform/auth.js';
import { contextFor } from '../../platform/context.js';
import { validationFailed } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { problems } from '../../platform/schema.js';
import { createCategory, deleteCategory, getCategory, listCategories, updateCategory } from './categories.js';
import { sendAnswer } from './http.js';
import { addProductImage, deleteProductImage, MAX_IMAGE_BYTES, updateProductImage } from './images.js';
import { getProduct, listProducts, listRelatedProducts, listSellerProducts, suggest } from './listing.js';
import { createProduct, deleteProduct, updateProduct, updateVariant } from './products.js';
import {
  CategoryDetail,
  CategoryTree,
  CreateCategoryBody,
  CreateProductBody,
  CategoryIdOrSlugParams,
  CategoryIdParams,
  ImageParams,
  ImportReport,
  ImagePositionBody,
  ListProductsQuery,
  ProductDetail,
  ProductIdOrSlugParams,
  ProductIdParams,
  ProductImage,
  ProductList,
  RelatedProducts,
  SellerProductList,
  SellerProductsQuery,
  SuggestQuery,
  Suggestions,
  UpdateCategoryBody,
  UpdateProductBody,
  UpdateVariantBody,
  VariantParams,
} from './schema.js';
import { exportProductsCsv, importProductsCsv } from './csv.js';
import { CSV_COLUMNS } from './csv-format.js';
import { viewRecorderFor } from './views.js';

const tags = ['catalog'];
const Empty = z.null().describe('No content');
// The response schema documents the CSV as a string; Fastify sends a stream as it is, unserialized.
const streamed = (body: Readable) => body as unknown as string;
const CSV_DESCRIPTION = [
  `Columns (header row first, any order): ${CSV_COLUMNS.join(', ')}. One row per variant; the product's fields`,
  'repeat on each of its rows (later rows may leave them empty). Prices and stock are whole numbers, money in',
  'minor units. `options` is `size=M;colour=Red` (`%`, `;`, `=` inside a name or value as `%25`, `%3B`, `%3D`).',
  'Cells a spreadsheet would run as a formula (starting with = + - @) are exported with a leading apostrophe,',
  'which the import removes. UTF-8, RFC 4180 quoting.',
  'Import: rows are grouped by `product_slug`. An unknown slug creates a product owned by the caller (an admin',
  'imports for the shop); a known slug updates that product when the caller owns it (admins: any), matching',
  'variants by SKU; variants not in the file are kept. A product with any bad row is not written at all; each',
  'product is written on its own, so good products land. The answer counts products and lists every problem as',
  '`{ row, field, message }` with the spreadsheet row number (header = row 1). Not CSV text: 415; more than',
  '5 MB or 5,000 rows: 413; a bad header: 400.',
].join(' ');

/** Catalogue and search routes (see API.md "Catalogue"). */
export const catalogRoutes: FastifyPluginAsync<{ platform: Platform }> = async (base, { platform }) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  await app.register(multipart, { limits: { fileSize: MAX_IMAGE_BYTES, files: 1, fields: 5 } });
  const views = viewRecorderFor(platform);
  app.addHook('onClose', () => views.stop());
  const ctx = (request: Parameters<typeof contextFor>[1]) => contextFor(platform, request);
  const admin = [app.authenticate, requireRole('admin')];
  const seller = [app.authenticate, requireRole('seller', 'admin')];

  app.get(
    '/categories',
    {
      schema: {
        tags,
        summary: 'The category tree',
        operationId: 'listCategories',
        response: { 200: CategoryTree },
      },
    },
    async (request, reply) => sendAnswer(request, reply, await listCategories(ctx(request))),
  );
  app.get(
    '/categories/:id',
    {
      schema: {
        tags,
        summary: 'One category with its sub-tree and breadcrumb',
        operationId: 'getCategory',
        params: CategoryIdOrSlugParams,
        response: { 200: CategoryDetail, ...problems(404) },
      },
    },
    async (request, reply) => sendAnswer(request, reply, await getCategory(ctx(request), request.params.id)),
  );
  app.post(
    '/categories',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Create a category (admin)',
        operationId: 'createCategory',
        body: CreateCategoryBody,
        response: { 201: CategoryDetail, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await createCategory(ctx(request), request.body)),
  );
  app.patch(
    '/categories/:id',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Rename, move or reorder a category (admin)',
        operationId: 'updateCategory',
        params: CategoryIdParams,
        body: UpdateCategoryBody,
        response: { 200: CategoryDetail, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => updateCategory(ctx(request), request.params.id, request.body),
  );
  app.delete(
    '/categories/:id',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Delete an empty category (admin)',
        operationId: 'deleteCategory',
        params: CategoryIdParams,
        response: { 204: Empty, ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await deleteCategory(ctx(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/products',
    {
      schema: {
        tags,
        summary: 'Browse and search products',
        operationId: 'listProducts',
        querystring: ListProductsQuery,
        response: { 200: ProductList, ...problems(400) },
      },
    },
    async (request, reply) => sendAnswer(request, reply, await listProducts(ctx(request), request.query)),
  );
  app.get(
    '/products/:id',
    {
      preHandler: app.authenticateOptional,
      schema: {
        tags,
        summary: 'A product by id or slug',
        operationId: 'getProduct',
        params: ProductIdOrSlugParams,
        response: { 200: ProductDetail, ...problems(404) },
      },
    },
    async (request, reply) =>
      sendAnswer(request, reply, await getProduct(ctx(request), request.params.id, views)),
  );
  app.get(
    '/products/:id/related',
    {
      schema: {
        tags,
        summary: 'Products to show beside one',
        operationId: 'listRelatedProducts',
        params: ProductIdParams,
        response: { 200: RelatedProducts, ...problems(404) },
      },
    },
    async (request, reply) =>
      sendAnswer(request, reply, await listRelatedProducts(ctx(request), request.params.id)),
  );
  app.get(
    '/search/suggest',
    {
      schema: {
        tags,
        summary: 'Search-box suggestions (at most 8, typo tolerant)',
        operationId: 'suggest',
        querystring: SuggestQuery,
        response: { 200: Suggestions, ...problems(400) },
      },
    },
    async (request, reply) => sendAnswer(request, reply, await suggest(ctx(request), request.query.q)),
  );

  app.post(
    '/products',
    {
      preHandler: [app.authenticate],
      schema: {
        tags,
        summary: 'Create a product (approved seller or admin)',
        operationId: 'createProduct',
        body: CreateProductBody,
        response: { 201: ProductDetail, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await createProduct(ctx(request), request.body)),
  );
  app.patch(
    '/products/:id',
    {
      preHandler: seller,
      schema: {
        tags,
        summary: 'Edit a product (owner or admin)',
        operationId: 'updateProduct',
        params: ProductIdParams,
        body: UpdateProductBody,
        response: { 200: ProductDetail, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => updateProduct(ctx(request), request.params.id, request.body),
  );
  app.delete(
    '/products/:id',
    {
      preHandler: seller,
      schema: {
        tags,
        summary: 'Soft-delete a product (owner or admin)',
        operationId: 'deleteProduct',
        params: ProductIdParams,
        response: { 204: Empty, ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteProduct(ctx(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.patch(
    '/products/:id/variants/:variantId',
    {
      preHandler: seller,
      schema: {
        tags,
        summary: 'Change one variant (owner or admin)',
        operationId: 'updateVariant',
        params: VariantParams,
        body: UpdateVariantBody,
        response: { 200: ProductDetail, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => updateVariant(ctx(request), request.params.id, request.params.variantId, request.body),
  );
  app.post(
    '/products/:id/images',
    {
      preHandler: seller,
      schema: {
        tags,
        summary: 'Add an image (multipart field `file`: JPEG, PNG or WebP, at most 5 MB)',
        operationId: 'addProductImage',
        params: ProductIdParams,
        consumes: ['multipart/form-data'],
        response: { 201: ProductImage, ...problems(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const file = await request.file();
      if (!file || file.fieldname !== 'file')
        throw validationFailed([{ path: 'file', message: 'send the image as field "file"' }]);
      const bytes = await file.toBuffer();
      return reply.status(201).send(await addProductImage(ctx(request), request.params.id, { bytes }));
    },
  );
  app.patch(
    '/products/:id/images/:imageId',
    {
      preHandler: seller,
      schema: {
        tags,
        summary: 'Reorder an image or change its alt text',
        operationId: 'updateProductImage',
        params: ImageParams,
        body: ImagePositionBody,
        response: { 200: ProductImage, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) =>
      updateProductImage(ctx(request), request.params.id, request.params.imageId, request.body),
  );
  app.delete(
    '/products/:id/images/:imageId',
    {
      preHandler: seller,
      schema: {
        tags,
        summary: 'Remove an image',
        operationId: 'deleteProductImage',
        params: ImageParams,
        response: { 204: Empty, ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteProductImage(ctx(request), request.params.id, request.params.imageId);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/seller/products/export.csv',
    {
      preHandler: seller,
      schema: {
        tags,
        summary: 'Export products as CSV (seller: its own; admin: the whole shop)',
        description: CSV_DESCRIPTION,
        operationId: 'exportProductsCsv',
        response: {
          200: { description: 'One row per variant', content: { 'text/csv': { schema: z.string() } } },
          ...problems(401, 403),
        },
      },
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="products.csv"')
        .header('cache-control', 'private, no-store')
        .send(streamed(exportProductsCsv(ctx(request)))),
  );
  app.post(
    '/products/import',
    {
      preHandler: seller,
      schema: {
        tags,
        summary:
          'Import products from CSV (approved seller or admin; multipart field `file`, at most 5 MB and 5,000 rows)',
        description: CSV_DESCRIPTION,
        operationId: 'importProductsCsv',
        consumes: ['multipart/form-data'],
        response: { 200: ImportReport, ...problems(400, 401, 403, 413, 415) },
      },
    },
    async (request) => {
      const file = await request.file();
      if (!file || file.fieldname !== 'file')
        throw validationFailed([{ path: 'file', message: 'send the CSV as field "file"' }]);
      return importProductsCsv(ctx(request), { bytes: await file.toBuffer(), mimetype: file.mimetype });
    },
  );
  app.get(
    '/seller/products',
    {
      preHandler: seller,
      schema: {
        tags,
        summary: "The caller's own products, drafts included",
        operationId: 'listSellerProducts',
        querystring: SellerProductsQuery,
        response: { 200: SellerProductList, ...problems(400, 401, 403) },
      },
    },
    async (request) => listSellerProducts(ctx(request), request.query),
  );
};
