// What the catalogue offers carts and orders: variants as a cart shows them, and stock taken or
// given back inside the caller's transaction. Carts and orders never touch catalogue tables.
import { sql, type SQL } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/context.js';
import { invalidateProductCaches } from './cached.js';
import { buyableVariant } from './rules.js';
import { rowsOf } from '../../platform/statements.js';
import { uuidList } from './queries.js';

/** A variant as a cart line or an order line needs it, with the product and seller around it. */
export interface CartVariant {
  variantId: string;
  productId: string;
  productSlug: string;
  productTitle: string;
  variantTitle: string;
  sku: string;
  options: Record<string, string>;
  /** Current unit price, minor units. */
  price: number;
  currency: string;
  stock: number;
  /** The product's first image (its list thumbnail), or null. */
  imageUrl: string | null;
  sellerId: string;
  sellerName: string;
  /**
   * Whether a shopper may buy it now: the variant and product are live, the product is active and
   * its seller may sell (an active account, approved, or the shop admin). Stock is separate.
   */
  isBuyable: boolean;
}

/** One line of a sale: this many units of this variant. */
export interface StockLine {
  variantId: string;
  quantity: number;
}

/** A line that could not be taken: what was asked and what is left. */
export interface ShortLine {
  variantId: string;
  requested: number;
  available: number;
}

export type TakeStockResult = { ok: true } | { ok: false; short: ShortLine[] };

/** A row of {@link cartVariantsSql}, as the driver answers it. */
export interface CartVariantRow {
  variant_id: string;
  product_id: string;
  product_slug: string;
  product_title: string;
  variant_title: string;
  sku: string;
  options: Record<string, string>;
  price: number;
  currency: string;
  stock: number;
  image_url: string | null;
  seller_id: string;
  seller_name: string;
  is_buyable: boolean;
}

/**
 * The select behind {@link findVariantsForCart}, for the variants whose ids `ids` gives (a list or
 * a subquery), so another module can read them inside a statement of its own (a CTE) without
 * naming catalogue tables: its rows are {@link CartVariantRow}s, read with {@link toCartVariant}.
 */
export const cartVariantsSql = (ids: SQL): SQL =>
  sql`select v.id as variant_id, v.product_id, p.slug as product_slug, p.title as product_title,
             v.title as variant_title, v.sku, v.options, v.price_amount as price, p.currency,
             v.stock, p.image_url, p.seller_id, u.name as seller_name,
             (${buyableVariant}) as is_buyable
        from product_variants v
        join products p on p.id = v.product_id
        join users u on u.id = p.seller_id
       where v.id in (${ids})`;

export const toCartVariant = (r: CartVariantRow): CartVariant => ({
  variantId: r.variant_id,
  productId: r.product_id,
  productSlug: r.product_slug,
  productTitle: r.product_title,
  variantTitle: r.variant_title,
  sku: r.sku,
  options: r.options,
  price: Number(r.price),
  currency: r.currency,
  stock: Number(r.stock),
  imageUrl: r.image_url,
  sellerId: r.seller_id,
  sellerName: r.seller_name,
  isBuyable: r.is_buyable,
});

/**
 * The variants with these ids as carts and orders show them, in one query. Unknown ids are left
 * out; deleted variants and hidden products are answered with `isBuyable: false`, so a cart can
 * still show the line it holds.
 */
export async function findVariantsForCart(
  ctx: ServiceContext,
  variantIds: readonly string[],
): Promise<CartVariant[]> {
  const ids = [...new Set(variantIds)];
  if (ids.length === 0) return [];
  const rows = await rowsOf<CartVariantRow>(ctx.db, cartVariantsSql(uuidList(ids)));
  return rows.map(toCartVariant);
}

/** Sums the quantities of repeated variants and orders the lines by variant id (the lock order). */
function normalise(lines: readonly StockLine[]): StockLine[] {
  const byVariant = new Map<string, number>();
  for (const l of lines) byVariant.set(l.variantId, (byVariant.get(l.variantId) ?? 0) + l.quantity);
  return [...byVariant]
    .map(([variantId, quantity]) => ({ variantId, quantity }))
    .sort((a, b) => (a.variantId < b.variantId ? -1 : a.variantId > b.variantId ? 1 : 0));
}

const wantedValues = (lines: readonly StockLine[]): SQL =>
  sql.join(
    lines.map((l) => sql`(${l.variantId}::uuid, ${l.quantity}::int)`),
    sql`, `,
  );

/**
 * The products' denormalised stock (`total_stock`, `in_stock`) moved by what the variants of the
 * `moved` CTE (`product_id`, `q`) moved, times `sign`, in the same statement: the product rows are
 * locked in id order after the variants (the aggregate needs every variant row first). A delta,
 * not a re-sum: a re-sum reads the statement's snapshot and could miss a concurrent sale that
 * committed while this waited for the lock.
 */
const moveProducts = (sign: 1 | -1): SQL => sql`
        product_delta as (
          select product_id as id, ${sign}::int * sum(q)::int as delta from moved group by product_id),
        products_locked as (
          select p.id, d.delta from products p join product_delta d on d.id = p.id
           order by p.id for update of p),
        products_moved as (
          update products p set total_stock = greatest(p.total_stock + l.delta, 0),
                                in_stock = p.total_stock + l.delta > 0
            from products_locked l where p.id = l.id)`;

/**
 * Takes stock for a sale inside the caller's transaction: all lines or none, in one statement
 * (one round trip while the variants are locked). It locks the live variants in variant-id order
 * (the fixed order every sale uses, so two sales cannot deadlock), checks every line against the
 * locked, current stock, only when all have enough decrements them, then locks and moves only the
 * affected products' stock-derived columns (not their search vector). Only their cached entries
 * are dropped, after commit.
 *
 * The locks are `for update`, not the weaker `for no key update` a plain UPDATE takes: with the
 * weaker lock, the `key share` locks of concurrent cart additions (`cart_items` references the
 * variant) join the sale's lock on the row, and 32 buyers of one variant deadlocked on it
 * (bench/RESULTS.md, issue 18). A cart addition of this variant waits for the sale's commit.
 *
 * Returns `{ ok: false, short }` naming every line that lacks stock (nothing is taken); the
 * caller decides whether to abort. Quantities must be positive integers.
 */
export async function takeStock(ctx: ServiceContext, lines: readonly StockLine[]): Promise<TakeStockResult> {
  const wanted = normalise(lines);
  if (wanted.length === 0) return { ok: true };
  const rows = await rowsOf<{
    variant_id: string;
    requested: number;
    available: number;
    product_id: string | null;
  }>(
    ctx.db,
    sql`with wanted(id, q) as (values ${wantedValues(wanted)}),
        locked as (
          select v.id, v.product_id, v.stock, w.q from product_variants v join wanted w on w.id = v.id
           where v.deleted_at is null
           order by v.id for update of v),
        enough as (
          select count(*) = (select count(*) from wanted) as ok from locked where stock >= q),
        moved as (
          update product_variants v set stock = v.stock - l.q, updated_at = now()
            from locked l, enough e
           where e.ok and v.id = l.id and v.stock >= l.q
          returning v.id, v.product_id, l.q),
        ${moveProducts(-1)}
        select w.id as variant_id, w.q as requested, coalesce(l.stock, 0) as available, m.product_id
          from wanted w left join locked l on l.id = w.id left join moved m on m.id = w.id`,
  );
  const taken = rows.filter((r) => r.product_id !== null);
  if (taken.length < wanted.length) {
    return {
      ok: false,
      short: rows
        .filter((r) => Number(r.available) < Number(r.requested))
        .map((r) => ({
          variantId: r.variant_id,
          requested: Number(r.requested),
          available: Number(r.available),
        })),
    };
  }
  await invalidateProductCaches(ctx, productIdsOf(taken));
  return { ok: true };
}

const productIdsOf = (rows: readonly { product_id: string | null }[]) => [
  ...new Set(rows.flatMap((r) => (r.product_id ? [r.product_id] : []))),
];

/**
 * Gives stock back (a cancelled or refunded sale) inside the caller's transaction: the inverse of
 * {@link takeStock}, in one statement with the same lock order and the same narrow product update.
 * Deleted variants get their units back too (they stay hidden). Unknown variant ids are ignored.
 */
export async function returnStock(ctx: ServiceContext, lines: readonly StockLine[]): Promise<void> {
  const wanted = normalise(lines);
  if (wanted.length === 0) return;
  const rows = await rowsOf<{ product_id: string }>(
    ctx.db,
    sql`with wanted(id, q) as (values ${wantedValues(wanted)}),
        locked as (
          select v.id, w.q from product_variants v join wanted w on w.id = v.id
           order by v.id for update of v),
        moved as (
          update product_variants v set stock = v.stock + l.q, updated_at = now()
            from locked l where v.id = l.id
          returning v.id, v.product_id, l.q),
        ${moveProducts(1)}
        select product_id from moved`,
  );
  if (rows.length > 0) await invalidateProductCaches(ctx, productIdsOf(rows));
}

/**
 * Up to `limit` variants shoppers can buy now with at least `minStock` units, in SKU order (the
 * same shop always answers the same list): what the demo orders are made of.
 */
export async function listBuyableVariantIds(
  ctx: ServiceContext,
  input: { limit: number; minStock: number },
): Promise<string[]> {
  const rows = await rowsOf<{ id: string }>(
    ctx.db,
    sql`select v.id from product_variants v join products p on p.id = v.product_id
         where ${buyableVariant} and v.stock >= ${input.minStock}
         order by v.sku, v.id limit ${input.limit}`,
  );
  return rows.map((r) => r.id);
}
