import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { actorOf } from '../../platform/auth.js';
import { withTx, type ServiceContext, type TxContext } from '../../platform/context.js';
import { AppError, violatedConstraint } from '../../platform/errors.js';
import { assertCanSell } from '../users/index.js';
import { catalogWrite } from './cached.js';
import { canManageProduct } from './rules.js';
import {
  assertCsvBytes,
  csvHeader,
  csvLines,
  groupRows,
  parseCsv,
  type ImportError,
  type ImportProduct,
} from './csv-format.js';
import {
  insertProduct,
  insertVariants,
  refreshProducts,
  selectCategoryIds,
  selectExportPage,
  selectProductsBySlug,
  selectVariantsBySellerSku,
  updateProductRow,
  updateVariantsBulk,
  upsertWords,
} from './queries.js';
import type { ImportReport } from './schema.js';
import { readTogether } from '../../platform/statements.js';

const EXPORT_PAGE = 500;

/**
 * The caller's products as CSV (see `csv-format.ts`), streamed a page of 500 products per
 * statement so a large catalogue never sits in memory. A seller gets its own live products in
 * every status; an admin gets the whole shop. Deleted products and variants are left out.
 */
export function exportProductsCsv(ctx: ServiceContext): Readable {
  const actor = actorOf(ctx.actor);
  const sellerId = actor.role === 'admin' ? null : actor.id;
  async function* lines() {
    yield csvHeader();
    let after: { createdAt: string; id: string } | null = null;
    for (;;) {
      const rows = await selectExportPage(ctx.db, sellerId, after, EXPORT_PAGE);
      if (rows.length === 0) return;
      yield csvLines(rows);
      if (new Set(rows.map((r) => r.id)).size < EXPORT_PAGE) return;
      const last = rows[rows.length - 1]!;
      after = { createdAt: last.created_at, id: last.id };
    }
  }
  return Readable.from(lines());
}

interface Plan {
  product: ImportProduct;
  /** The existing product to update, or null to create one. */
  existing: { id: string; sellerId: string } | null;
  ownerId: string;
  categoryId: string | undefined;
  /** SKU → the existing variant of this product it updates. */
  variantIds: Map<string, string>;
}

/**
 * Imports products from CSV (approved seller or admin). Rows are grouped by product slug: an
 * unknown slug creates a product (owned by the caller), a known one updates it when the caller
 * owns it (admins: any). Variants are matched by SKU within the product; a new SKU adds a
 * variant; variants missing from the file are left as they are (import never deletes).
 *
 * A product with any bad row is not written at all, and each product is written in its own
 * savepoint, so the good products land and a late database error costs only its product. The
 * answer lists every problem with its spreadsheet row number (header = row 1).
 */
export async function importProductsCsv(
  ctx: ServiceContext,
  file: { bytes: Buffer; mimetype: string },
): Promise<ImportReport> {
  const actor = actorOf(ctx.actor);
  assertCanSell(actor);
  const { products, errors } = groupRows(parseCsv(assertCsvBytes(file.bytes, file.mimetype)));
  const report = { created: 0, updated: 0, failed: 0, errors: [] as ImportError[] };
  const written: string[] = [];
  const slugs: string[] = [];

  await catalogWrite(
    ctx,
    async (tx) => {
      const [categories, existing] = await readTogether(
        tx.db,
        async () => selectCategoryIds(tx.db),
        async () =>
          selectProductsBySlug(
            tx.db,
            products.filter((p) => p.slug).map((p) => p.slug),
          ),
      );
      const categoryBySlug = new Map(categories.map((c) => [c.slug, c.id]));
      const existingBySlug = new Map(existing.map((p) => [p.slug, p]));

      const plans: Plan[] = [];
      for (const product of products) {
        const fail = (row: number, field: string, message: string) => {
          errors.push({ row, field, message });
          product.isBad = true;
        };
        const found = existingBySlug.get(product.slug);
        let plan: Plan | null = null;
        if (
          found &&
          !canManageProduct(actor, { sellerId: found.seller_id, isDeleted: found.deleted_at !== null })
        ) {
          fail(product.firstRow, 'product_slug', 'is already used by another product');
        } else {
          plan = {
            product,
            existing: found ? { id: found.id, sellerId: found.seller_id } : null,
            ownerId: found ? found.seller_id : actor.id,
            categoryId: undefined,
            variantIds: new Map(),
          };
          if (product.categorySlug !== undefined) {
            plan.categoryId = categoryBySlug.get(product.categorySlug);
            if (!plan.categoryId) fail(product.firstRow, 'category_slug', 'no such category');
          } else if (!found) fail(product.firstRow, 'category_slug', 'is required for a new product');
          if (!found && product.title === undefined)
            fail(product.firstRow, 'title', 'is required for a new product');
        }
        if (plan) plans.push(plan);
      }

      // The same SKU twice for one owner: the later row is the error.
      const seen = new Map<string, number>();
      for (const plan of plans) {
        for (const v of plan.product.variants) {
          const key = `${plan.ownerId}\n${v.sku}`;
          const first = seen.get(key);
          if (first !== undefined) {
            errors.push({ row: v.row, field: 'sku', message: `is also on row ${first}` });
            plan.product.isBad = true;
          } else seen.set(key, v.row);
        }
      }

      const taken = await selectVariantsBySellerSku(
        tx.db,
        plans.flatMap((p) =>
          p.product.isBad ? [] : p.product.variants.map((v) => ({ sellerId: p.ownerId, sku: v.sku })),
        ),
      );
      const takenBy = new Map(taken.map((v) => [`${v.seller_id}\n${v.sku}`, v]));
      for (const plan of plans) {
        for (const v of plan.product.variants) {
          const hit = takenBy.get(`${plan.ownerId}\n${v.sku}`);
          if (!hit) continue;
          if (plan.existing && hit.product_id === plan.existing.id) plan.variantIds.set(v.sku, hit.id);
          else {
            errors.push({
              row: v.row,
              field: 'sku',
              message: `is already used by the product "${hit.product_slug}"`,
            });
            plan.product.isBad = true;
          }
        }
      }

      for (const plan of plans) {
        if (plan.product.isBad) continue;
        try {
          const id = await withTx(tx, (sp) => writeProduct(sp, plan));
          written.push(id);
          slugs.push(plan.product.slug);
          if (plan.existing) report.updated += 1;
          else report.created += 1;
        } catch (err) {
          if (err instanceof AppError) throw err;
          const constraint = violatedConstraint(err);
          if (!constraint) throw err;
          plan.product.isBad = true;
          errors.push({
            row: plan.product.firstRow,
            field: constraint.includes('sku') ? 'sku' : constraint.includes('slug') ? 'product_slug' : 'file',
            message: `was refused by the database (${constraint})`,
          });
        }
      }
      if (written.length) {
        await refreshProducts(tx.db, { ids: written });
        await upsertWords(tx.db, { ids: written });
      }
    },
    () => ['products', ...slugs.map((s) => `product:${s}`)],
  );

  report.failed = products.filter((p) => p.isBad).length;
  report.errors = errors.sort((a, b) => a.row - b.row);
  return report;
}

async function writeProduct(ctx: TxContext, plan: Plan): Promise<string> {
  const db = ctx.db;
  const { product } = plan;
  let productId: string;
  if (plan.existing) {
    productId = plan.existing.id;
    await updateProductRow(db, productId, {
      ...(product.title !== undefined && { title: product.title }),
      ...(product.description !== undefined && { description: product.description }),
      ...(plan.categoryId !== undefined && { categoryId: plan.categoryId }),
      ...(product.status !== undefined && { status: product.status }),
      updatedAt: ctx.now,
    });
  } else {
    productId = randomUUID();
    await insertProduct(db, {
      id: productId,
      sellerId: plan.ownerId,
      categoryId: plan.categoryId!,
      title: product.title!,
      slug: product.slug,
      description: product.description ?? '',
      status: product.status ?? 'active',
      currency: ctx.config.storeCurrency,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
  }
  const fresh = product.variants.filter((v) => !plan.variantIds.has(v.sku));
  await updateVariantsBulk(
    db,
    product.variants
      .map((v, position) => ({ v, position }))
      .filter(({ v }) => plan.variantIds.has(v.sku))
      .map(({ v, position }) => ({
        id: plan.variantIds.get(v.sku)!,
        title: v.title,
        options: v.options,
        price: v.price,
        compareAt: v.compareAtPrice,
        stock: v.stock,
        position,
      })),
    ctx.now,
  );
  await insertVariants(
    db,
    fresh.map((v) => ({
      productId,
      sellerId: plan.ownerId,
      sku: v.sku,
      title: v.title,
      options: v.options,
      priceAmount: v.price,
      compareAtAmount: v.compareAtPrice,
      stock: v.stock,
      position: product.variants.indexOf(v),
    })),
  );
  return productId;
}
