import type { ServiceContext } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { cachedAnswer, catalogWrite, webTags, type JsonAnswer } from './cached.js';
import { categoryCycle, categoryNotEmpty, slugTaken, unknownCategory } from './errors.js';
import {
  countCategoryUsage,
  deleteCategoryRow,
  findCategory,
  insertCategory,
  selectCategoriesWithCounts,
  selectSlugsLike,
  updateCategoryRow,
  upsertCategoryWords,
  type CategoryCountRow,
} from './queries.js';
import type {
  CategoryDetail,
  CategoryNode,
  CategoryTree,
  CreateCategoryBody,
  UpdateCategoryBody,
} from './schema.js';
import { firstFreeSlug, slugify } from './slug.js';
import type { DbOrTx } from '../../platform/db.js';

interface Tree {
  roots: CategoryNode[];
  byId: Map<string, CategoryNode>;
}

/** Builds the tree from flat rows; `productCount` includes every descendant's products. */
export function buildTree(rows: readonly CategoryCountRow[]): Tree {
  const byId = new Map<string, CategoryNode>();
  for (const r of rows) {
    byId.set(r.id, {
      id: r.id,
      slug: r.slug,
      name: r.name,
      description: r.description,
      parentId: r.parent_id,
      position: r.position,
      productCount: r.direct_count,
      children: [],
    });
  }
  const roots: CategoryNode[] = [];
  for (const r of rows) {
    const node = byId.get(r.id)!;
    const parent = r.parent_id ? byId.get(r.parent_id) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const total = (n: CategoryNode): number => {
    n.productCount += n.children.reduce((sum, c) => sum + total(c), 0);
    return n.productCount;
  };
  roots.forEach(total);
  return { roots, byId };
}

async function loadTree(db: DbOrTx) {
  return buildTree(await selectCategoriesWithCounts(db));
}

/** The whole category tree, siblings by position then name (one query, cached). */
export function listCategories(ctx: ServiceContext): Promise<JsonAnswer> {
  return cachedAnswer(ctx, 'categories', async (): Promise<CategoryTree> => ({
    items: (await loadTree(ctx.db)).roots,
  }));
}

/** One category with its sub-tree and its breadcrumb (root first); 404 when unknown. */
export function getCategory(ctx: ServiceContext, idOrSlug: string): Promise<JsonAnswer> {
  return cachedAnswer(ctx, `category:${idOrSlug}`, async (): Promise<CategoryDetail> => {
    const { byId } = await loadTree(ctx.db);
    const node = [...byId.values()].find((n) => n.id === idOrSlug || n.slug === idOrSlug);
    if (!node) throw notFound('Category');
    const breadcrumb = [];
    for (let at: CategoryNode | undefined = node; at; at = at.parentId ? byId.get(at.parentId) : undefined) {
      breadcrumb.unshift({ id: at.id, slug: at.slug, name: at.name });
    }
    return { ...node, breadcrumb };
  });
}

async function slugFor(db: DbOrTx, sent: string | undefined, name: string) {
  if (sent) {
    const taken = await findCategory(db, sent);
    if (taken) throw slugTaken(sent);
    return sent;
  }
  const base = slugify(name);
  return firstFreeSlug(base, await selectSlugsLike(db, 'categories', base));
}

async function assertParent(db: DbOrTx, parentId: string | null | undefined) {
  if (parentId && !(await findCategory(db, parentId))) throw unknownCategory('parentId');
}

/**
 * Creates a category (admin). A sent slug that is used answers `slug_taken`; one made from the
 * name gets a `-2`, `-3`... suffix instead.
 */
export async function createCategory(
  ctx: ServiceContext,
  input: CreateCategoryBody,
): Promise<CategoryDetail> {
  const row = await catalogWrite(
    ctx,
    async (tx) => {
      await assertParent(tx.db, input.parentId);
      const slug = await slugFor(tx.db, input.slug, input.name);
      await upsertCategoryWords(tx.db, input.name);
      return insertCategory(tx.db, {
        name: input.name,
        slug,
        description: input.description ?? null,
        parentId: input.parentId ?? null,
        position: input.position ?? 0,
      });
    },
    webTags.categories,
    { slug: input.slug },
  );
  return JSON.parse((await getCategory(ctx, row.id)).json) as CategoryDetail;
}

/**
 * Renames, moves (`parentId`, refusing cycles) or reorders (`position`) a category (admin).
 * The cycle check reads the tree inside the write's transaction.
 */
export async function updateCategory(
  ctx: ServiceContext,
  id: string,
  input: UpdateCategoryBody,
): Promise<CategoryDetail> {
  await catalogWrite(
    ctx,
    async (tx) => {
      const current = await findCategory(tx.db, id);
      if (!current) throw notFound('Category');
      if (input.parentId) {
        const { byId } = await loadTree(tx.db);
        if (!byId.has(input.parentId)) throw unknownCategory('parentId');
        for (let at = byId.get(input.parentId); at; at = at.parentId ? byId.get(at.parentId) : undefined) {
          if (at.id === id) throw categoryCycle();
        }
      }
      let slug: string | undefined;
      if (input.slug && input.slug !== current.slug) slug = await slugFor(tx.db, input.slug, current.name);
      if (input.name) await upsertCategoryWords(tx.db, input.name);
      return updateCategoryRow(tx.db, id, {
        ...(input.name !== undefined && { name: input.name }),
        ...(slug !== undefined && { slug }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.parentId !== undefined && { parentId: input.parentId }),
        ...(input.position !== undefined && { position: input.position }),
        updatedAt: ctx.now,
      });
    },
    webTags.categories,
    { slug: input.slug },
  );
  return JSON.parse((await getCategory(ctx, id)).json) as CategoryDetail;
}

/** Deletes an empty category (admin); with products or sub-categories: 409 `category_not_empty`. */
export async function deleteCategory(ctx: ServiceContext, id: string): Promise<void> {
  await catalogWrite(
    ctx,
    async (tx) => {
      if (!(await findCategory(tx.db, id))) throw notFound('Category');
      const usage = await countCategoryUsage(tx.db, id);
      if (usage.products > 0 || usage.children > 0) throw categoryNotEmpty(usage.products, usage.children);
      await deleteCategoryRow(tx.db, id);
    },
    webTags.categories,
  );
}
