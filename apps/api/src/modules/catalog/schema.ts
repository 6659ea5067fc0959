import { z } from 'zod';
import {
  Count,
  MinorUnits,
  Money,
  Page,
  PageQuery,
  QueryBool,
  QueryMinorUnits,
} from '../../platform/schema.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const Slug = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters, digits and single dashes');
/*
 * OpenAPI allows one template per path, so `/products/{id}` and `/categories/{id}` name their
 * parameter `id` for every operation; the reads also take a slug there, and say so.
 */
const idOrSlug = (what: string) =>
  z
    .string()
    .min(1)
    .max(200)
    .describe(`The ${what}'s id (UUID) or its slug. Only this read takes a slug; the writes take the id.`);
const idOnly = (what: string) =>
  z
    .uuid()
    .describe(
      `The ${what}'s id (UUID). GET /${what === 'product' ? 'products' : 'categories'}/{id} also takes its slug.`,
    );
export const ProductIdOrSlugParams = z.object({ id: idOrSlug('product') }).strict();
export const CategoryIdOrSlugParams = z.object({ id: idOrSlug('category') }).strict();
export const ProductIdParams = z.object({ id: idOnly('product') }).strict();
export const CategoryIdParams = z.object({ id: idOnly('category') }).strict();
export const VariantParams = z.object({ id: idOnly('product'), variantId: z.uuid() }).strict();
export const ImageParams = z.object({ id: idOnly('product'), imageId: z.uuid() }).strict();

export const ProductStatus = z.enum(['draft', 'active', 'archived']);
export type ProductStatus = z.infer<typeof ProductStatus>;

// ---- categories

export const CreateCategoryBody = z
  .object({
    name: text(120),
    slug: Slug.optional(),
    description: z.string().max(5_000).nullable().optional(),
    parentId: z.uuid().nullable().optional(),
    position: z.number().int().min(0).max(1_000_000).optional(),
  })
  .strict();
export type CreateCategoryBody = z.infer<typeof CreateCategoryBody>;

export const UpdateCategoryBody = CreateCategoryBody.partial().strict();
export type UpdateCategoryBody = z.infer<typeof UpdateCategoryBody>;

export const CategoryRef = z
  .object({ id: z.uuid(), slug: z.string(), name: z.string() })
  .meta({ id: 'CategoryRef' });
export type CategoryRef = z.infer<typeof CategoryRef>;

export interface CategoryNode {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  parentId: string | null;
  position: number;
  productCount: number;
  children: CategoryNode[];
}
export const CategoryNode: z.ZodType<CategoryNode> = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    parentId: z.uuid().nullable(),
    position: z.number().int(),
    productCount: z.number().int().describe('Active products here and in every sub-category'),
    get children() {
      return z.array(CategoryNode);
    },
  })
  .meta({ id: 'CategoryNode' });

export const CategoryTree = z.object({ items: z.array(CategoryNode) });
export type CategoryTree = z.infer<typeof CategoryTree>;

export const CategoryDetail = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    parentId: z.uuid().nullable(),
    position: z.number().int(),
    productCount: z.number().int(),
    children: z.array(CategoryNode),
    breadcrumb: z.array(CategoryRef).describe('Root first, ending with this category'),
  })
  .meta({ id: 'CategoryDetail' });
export type CategoryDetail = z.infer<typeof CategoryDetail>;

// ---- products

const Options = z.record(z.string().trim().min(1).max(40), z.string().trim().min(1).max(80));

export const VariantInput = z
  .object({
    sku: text(64),
    title: z.string().trim().max(200).optional(),
    options: Options.optional(),
    price: MinorUnits,
    compareAtPrice: MinorUnits.nullable().optional(),
    stock: Count,
  })
  .strict();
export type VariantInput = z.infer<typeof VariantInput>;

export const CreateProductBody = z
  .object({
    title: text(200),
    description: z.string().max(20_000).default(''),
    categoryId: z.uuid(),
    status: ProductStatus.optional(),
    slug: Slug.optional(),
    seoTitle: z.string().trim().max(200).nullable().optional(),
    seoDescription: z.string().trim().max(500).nullable().optional(),
    variants: z.array(VariantInput).min(1).max(100),
  })
  .strict();
export type CreateProductBody = z.infer<typeof CreateProductBody>;

export const UpdateProductBody = z
  .object({
    title: text(200).optional(),
    description: z.string().max(20_000).optional(),
    categoryId: z.uuid().optional(),
    status: ProductStatus.optional(),
    slug: Slug.optional(),
    seoTitle: z.string().trim().max(200).nullable().optional(),
    seoDescription: z.string().trim().max(500).nullable().optional(),
  })
  .strict();
export type UpdateProductBody = z.infer<typeof UpdateProductBody>;

export const UpdateVariantBody = z
  .object({
    sku: text(64).optional(),
    title: z.string().trim().max(200).optional(),
    options: Options.optional(),
    price: MinorUnits.optional(),
    compareAtPrice: MinorUnits.nullable().optional(),
    stock: Count.optional(),
  })
  .strict();
export type UpdateVariantBody = z.infer<typeof UpdateVariantBody>;

export const ProductSummary = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    title: z.string(),
    price: Money.describe('Lowest variant price'),
    compareAtPrice: Money.nullable().describe('Compare-at price of the lowest-priced variant'),
    image: z.string().nullable().describe('URL of the primary image (480 px webp)'),
    rating: z.object({ average: z.number(), count: z.number().int() }),
    inStock: z.boolean(),
    seller: z.object({ id: z.uuid(), name: z.string() }),
    category: CategoryRef,
  })
  .meta({ id: 'ProductSummary' });
export type ProductSummary = z.infer<typeof ProductSummary>;

export const ProductImage = z
  .object({
    id: z.uuid(),
    url: z.string(),
    alt: z.string(),
    position: z.number().int(),
    width: z.number().int(),
    height: z.number().int(),
    thumbnails: z.array(z.object({ width: z.number().int(), url: z.string() })),
  })
  .meta({ id: 'ProductImage' });
export type ProductImage = z.infer<typeof ProductImage>;

export const ProductVariant = z
  .object({
    id: z.uuid(),
    sku: z.string(),
    title: z.string(),
    options: z.record(z.string(), z.string()),
    price: Money,
    compareAtPrice: Money.nullable(),
    stock: z.number().int(),
    inStock: z.boolean(),
  })
  .meta({ id: 'ProductVariant' });
export type ProductVariant = z.infer<typeof ProductVariant>;

export const ProductDetail = ProductSummary.extend({
  description: z.string(),
  status: ProductStatus,
  seoTitle: z.string().nullable(),
  seoDescription: z.string().nullable(),
  images: z.array(ProductImage),
  variants: z.array(ProductVariant),
  breadcrumb: z.array(CategoryRef),
  createdAt: z.string(),
  updatedAt: z.string(),
}).meta({ id: 'ProductDetail' });
export type ProductDetail = z.infer<typeof ProductDetail>;

export const ProductSort = z.enum(['relevance', 'price', '-price', 'newest', 'rating', 'popular']);
export type ProductSort = z.infer<typeof ProductSort>;

export const MAX_QUERY_LENGTH = 200;

export const ListProductsQuery = PageQuery.extend({
  q: z.string().trim().max(MAX_QUERY_LENGTH).optional(),
  category: z.string().min(1).max(200).optional().describe('Category id or slug; includes sub-categories'),
  minPrice: QueryMinorUnits.optional(),
  maxPrice: QueryMinorUnits.optional(),
  inStock: QueryBool.optional(),
  minRating: z.coerce.number().min(0).max(5).optional(),
  seller: z.uuid().optional(),
  sort: ProductSort.default('relevance').describe(
    'relevance: full-text rank when `q` is given, else newest. Past 10,000 matches (`totalExact` false), the pages within the first 10,000 rank the first 10,001 matches found, not all of them',
  ),
}).strict();
export type ListProductsQuery = z.infer<typeof ListProductsQuery>;

export const Facets = z
  .object({
    categories: z.array(CategoryRef.extend({ count: z.number().int() })),
    price: z.object({ min: z.number().int().nullable(), max: z.number().int().nullable() }),
  })
  .describe(
    'Counts per category and the price range of the matches, computed over at most the first 10,001 matches found: exact when `totalExact` is true, a bounded sample otherwise',
  );
export type Facets = z.infer<typeof Facets>;

export const ProductList = Page(ProductSummary).extend({
  facets: Facets,
  correctedQuery: z.string().nullable().describe('The query actually searched when `q` looked misspelt'),
});
export type ProductList = z.infer<typeof ProductList>;

export const SellerProductsQuery = PageQuery.extend({
  status: ProductStatus.optional(),
  q: z.string().trim().max(MAX_QUERY_LENGTH).optional(),
}).strict();
export type SellerProductsQuery = z.infer<typeof SellerProductsQuery>;

export const SellerProductSummary = ProductSummary.extend({
  status: ProductStatus,
  stock: z.number().int(),
  updatedAt: z.string(),
}).meta({ id: 'SellerProductSummary' });
export type SellerProductSummary = z.infer<typeof SellerProductSummary>;
export const SellerProductList = Page(SellerProductSummary);
export type SellerProductList = z.infer<typeof SellerProductList>;

export const RelatedProducts = z.object({ items: z.array(ProductSummary) });
export type RelatedProducts = z.infer<typeof RelatedProducts>;

export const SuggestQuery = z.object({ q: z.string().trim().min(1).max(MAX_QUERY_LENGTH) }).strict();
export const Suggestions = z.object({
  items: z.array(z.object({ type: z.enum(['product', 'category']), title: z.string(), slug: z.string() })),
});
export type Suggestions = z.infer<typeof Suggestions>;

export const ImagePositionBody = z
  .object({ position: z.number().int().min(0).max(1000), alt: z.string().max(300).optional() })
  .strict();
export type ImagePositionBody = z.infer<typeof ImagePositionBody>;

export const ImportReport = z
  .object({
    created: z.number().int().describe('Products created'),
    updated: z.number().int().describe('Existing products updated'),
    failed: z.number().int().describe('Products not written because at least one of their rows is bad'),
    errors: z.array(
      z.object({
        row: z.number().int().describe('Row number as a spreadsheet shows it: the header is row 1'),
        field: z.string().describe('CSV column, or `file`'),
        message: z.string(),
      }),
    ),
  })
  .meta({ id: 'ImportReport' });
export type ImportReport = z.infer<typeof ImportReport>;
