import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  inArray,
  isNull,
  like,
  sql,
  type SQLWrapper,
} from 'drizzle-orm';
import { couponRedemptions, coupons, shippingMethods, taxRates } from '../../db/schema/checkout.js';
import { type DbOrTx } from '../../platform/db.js';
import { builtOnce, rowsOf, selectPage } from '../../platform/statements.js';

type ShippingValues = Omit<
  typeof shippingMethods.$inferInsert,
  'id' | 'createdAt' | 'updatedAt' | 'deletedAt'
>;
type TaxValues = Omit<typeof taxRates.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;
type CouponValues = Omit<typeof coupons.$inferInsert, 'id' | 'createdAt' | 'updatedAt' | 'usedCount'>;

// ---------------------------------------------------------------- shipping methods

/**
 * Live methods, cheapest first; with `country`, only those serving it (no countries listed, or it
 * is listed) and, with `region`, its region too (no regions listed, or it is listed).
 */
export function selectShippingMethods(
  db: DbOrTx,
  filter: { country?: string; region?: string; enabledOnly: boolean },
) {
  const where = [isNull(shippingMethods.deletedAt)];
  if (filter.enabledOnly) where.push(eq(shippingMethods.enabled, true));
  if (filter.country) {
    where.push(
      sql`(cardinality(${shippingMethods.countries}) = 0 or ${filter.country} = any(${shippingMethods.countries}))`,
    );
    where.push(
      sql`(cardinality(${shippingMethods.regions}) = 0 or lower(${filter.region ?? ''}) = any(
            select lower(r) from unnest(${shippingMethods.regions}) r))`,
    );
  }
  return db
    .select()
    .from(shippingMethods)
    .where(and(...where))
    .orderBy(asc(shippingMethods.priceAmount), asc(shippingMethods.name))
    .limit(200);
}

export async function findShippingMethod(db: DbOrTx, id: string) {
  const [row] = await db
    .select()
    .from(shippingMethods)
    .where(and(eq(shippingMethods.id, id), isNull(shippingMethods.deletedAt)));
  return row ?? null;
}

export async function countShippingMethodsEver(db: DbOrTx) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(shippingMethods);
  return row?.n ?? 0;
}

export async function insertShippingMethod(db: DbOrTx, values: ShippingValues) {
  const [row] = await db.insert(shippingMethods).values(values).returning();
  return row!;
}

export async function updateShippingMethod(db: DbOrTx, id: string, values: Partial<ShippingValues>) {
  const [row] = await db
    .update(shippingMethods)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(shippingMethods.id, id), isNull(shippingMethods.deletedAt)))
    .returning();
  return row ?? null;
}

export async function softDeleteShippingMethod(db: DbOrTx, id: string) {
  const rows = await db
    .update(shippingMethods)
    .set({ deletedAt: new Date(), enabled: false })
    .where(and(eq(shippingMethods.id, id), isNull(shippingMethods.deletedAt)))
    .returning({ id: shippingMethods.id });
  return rows.length === 1;
}

// ---------------------------------------------------------------- tax rates

export async function listTaxRates(db: DbOrTx, limit: number, offset: number) {
  const order = [asc(taxRates.country), asc(taxRates.region), asc(taxRates.id)];
  return selectPage(db, taxRates, undefined, order, limit, offset);
}

export async function findTaxRate(db: DbOrTx, id: string) {
  const [row] = await db.select().from(taxRates).where(eq(taxRates.id, id));
  return row ?? null;
}

/**
 * The rate for an address: its region's when there is one, else the country-wide one. `region`
 * is '' for an address without one (it then matches only the country-wide rate).
 */
const applicableTaxRate = (db: DbOrTx, country: SQLWrapper | string, region: SQLWrapper | string) =>
  db
    .select({ rate: taxRates.rate })
    .from(taxRates)
    .where(
      and(
        eq(taxRates.country, country),
        sql`(${taxRates.region} is null or lower(${taxRates.region}) = lower(${region}))`,
      ),
    )
    .orderBy(sql`${taxRates.region} is null`)
    .limit(1);

/** The applicable rate for an address, or null when none applies. */
export async function findApplicableTaxRate(db: DbOrTx, country: string, region: string | null) {
  const [row] = await applicableTaxRate(db, country, region ?? '');
  return row ?? null;
}

// Behind every order and quote: built once (see builtOnce).
const shippingMethodAndTaxRate = builtOnce((db) =>
  db
    .select({
      method: getTableColumns(shippingMethods),
      taxRate:
        sql<number>`coalesce((${applicableTaxRate(db, sql.placeholder('country'), sql.placeholder('region'))}), 0)`.mapWith(
          Number,
        ),
    })
    .from(shippingMethods)
    .where(and(eq(shippingMethods.id, sql.placeholder('methodId')), isNull(shippingMethods.deletedAt))),
);

/**
 * What a checkout prices with, in one query: the live shipping method (null when there is none)
 * and the tax rate of the address (its region's, else its country's; 0 when none applies).
 */
export async function findShippingMethodAndTaxRate(
  db: DbOrTx,
  methodId: string,
  address: { country: string; region: string | null },
) {
  const [row] = await shippingMethodAndTaxRate(db, {
    methodId,
    country: address.country,
    region: address.region ?? '',
  });
  return row ?? null;
}

export async function insertTaxRate(db: DbOrTx, values: TaxValues) {
  const [row] = await db.insert(taxRates).values(values).returning();
  return row!;
}

export async function updateTaxRate(db: DbOrTx, id: string, values: Partial<TaxValues>) {
  const [row] = await db
    .update(taxRates)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(taxRates.id, id))
    .returning();
  return row ?? null;
}

export async function deleteTaxRate(db: DbOrTx, id: string) {
  const rows = await db.delete(taxRates).where(eq(taxRates.id, id)).returning({ id: taxRates.id });
  return rows.length === 1;
}

// ---------------------------------------------------------------- coupons

export async function listCoupons(db: DbOrTx, prefix: string | undefined, limit: number, offset: number) {
  const where = prefix
    ? like(coupons.code, `${prefix.toUpperCase().replace(/[%_\\]/g, '\\$&')}%`)
    : undefined;
  return selectPage(db, coupons, where, [desc(coupons.createdAt), desc(coupons.id)], limit, offset);
}

export async function findCoupon(db: DbOrTx, id: string) {
  const [row] = await db.select().from(coupons).where(eq(coupons.id, id));
  return row ?? null;
}

/** The coupon with this code (any case) and how often `userId` has used it, in one query. */
export async function findCouponByCode(db: DbOrTx, code: string, userId: string) {
  const [row] = await db
    .select({
      coupon: coupons,
      // Spelled out: inside a select list Drizzle renders a column without its table name.
      usedByCustomer: sql<number>`(select count(*)::int from coupon_redemptions r
                                    where r.coupon_id = coupons.id and r.user_id = ${userId}::uuid)`,
    })
    .from(coupons)
    .where(eq(coupons.code, code.trim().toUpperCase()));
  return row ?? null;
}

export async function insertCoupon(db: DbOrTx, values: CouponValues) {
  const [row] = await db.insert(coupons).values(values).returning();
  return row!;
}

export async function insertCouponUnlessCodeExists(db: DbOrTx, values: CouponValues) {
  await db.insert(coupons).values(values).onConflictDoNothing();
}

/** Removes the demo shop's checkout rows (the orders that used them are reset before). */
export async function deleteDemoCheckout(db: DbOrTx, names: { methods: string[]; coupons: string[] }) {
  await db.delete(shippingMethods).where(inArray(shippingMethods.name, names.methods));
  await db.delete(coupons).where(inArray(coupons.code, names.coupons));
  await db
    .delete(taxRates)
    .where(and(eq(taxRates.country, 'KE'), isNull(taxRates.region), eq(taxRates.rate, 1600)));
}

export async function updateCoupon(db: DbOrTx, id: string, values: Partial<CouponValues>) {
  const [row] = await db
    .update(coupons)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(coupons.id, id))
    .returning();
  return row ?? null;
}

export async function deleteCoupon(db: DbOrTx, id: string) {
  const rows = await db.delete(coupons).where(eq(coupons.id, id)).returning({ id: coupons.id });
  return rows.length === 1;
}

/** The coupon row locked until the transaction ends (its latest committed version). */
export async function lockCoupon(db: DbOrTx, id: string) {
  const [row] = await db.select().from(coupons).where(eq(coupons.id, id)).for('update');
  return row ?? null;
}

/** Read after the coupon lock: sees every redemption committed by those who held it before. */
export async function countCustomerRedemptions(db: DbOrTx, couponId: string, userId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(couponRedemptions)
    .where(and(eq(couponRedemptions.couponId, couponId), eq(couponRedemptions.userId, userId)));
  return row?.n ?? 0;
}

/** Counts one use and records who used it for which order, in one statement. */
export async function recordRedemption(db: DbOrTx, r: { couponId: string; userId: string; orderId: string }) {
  await db.execute(sql`
    with counted as (
      update coupons set used_count = used_count + 1, updated_at = now() where id = ${r.couponId}::uuid returning id)
    insert into coupon_redemptions (coupon_id, user_id, order_id)
    select id, ${r.userId}::uuid, ${r.orderId}::uuid from counted`);
}

/** Deletes the order's redemptions and gives their uses back; answers how many were released. */
export async function releaseRedemptions(db: DbOrTx, orderId: string): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(
    db,
    sql`
    with released as (
      delete from coupon_redemptions where order_id = ${orderId}::uuid returning coupon_id),
    per_coupon as (select coupon_id, count(*)::int as n from released group by coupon_id),
    given_back as (
      update coupons c set used_count = greatest(c.used_count - p.n, 0), updated_at = now()
        from per_coupon p where c.id = p.coupon_id returning c.id)
    select count(*)::int as n from released`,
  );
  return row?.n ?? 0;
}
