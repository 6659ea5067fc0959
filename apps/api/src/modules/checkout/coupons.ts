import type { CouponRow } from '../../db/schema/checkout.js';
import { withTx, type ServiceContext } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { money, pageOf } from '../../platform/schema.js';
import { couponUnavailable, fieldInvalid, isUniqueViolation } from './errors.js';
import type { CouponEffect } from './pricing.js';
import * as q from './queries.js';
import type { Coupon, CouponsQuery, CouponType, CreateCouponBody, UpdateCouponBody } from './schema.js';

const toCoupon = (c: CouponRow): Coupon => ({
  id: c.id,
  code: c.code,
  type: c.type,
  value: c.value,
  minSubtotal: c.minSubtotalAmount === null ? null : money(c.minSubtotalAmount, c.currency),
  startsAt: c.startsAt?.toISOString() ?? null,
  endsAt: c.endsAt?.toISOString() ?? null,
  usageLimit: c.usageLimit,
  perCustomerLimit: c.perCustomerLimit,
  usedCount: c.usedCount,
  enabled: c.enabled,
  createdAt: c.createdAt.toISOString(),
});

export const couponEffect = (c: CouponRow): CouponEffect =>
  c.type === 'free_shipping' ? { type: c.type } : { type: c.type, value: c.value };

/** The value a coupon of this type stores, or a validation error naming `value`. */
function checkedValue(type: CouponType, value: number | undefined): number {
  if (type === 'free_shipping') {
    if (value) throw fieldInvalid('value', 'must be 0 or left out for free_shipping');
    return 0;
  }
  if (value === undefined) throw fieldInvalid('value', 'is required');
  if (type === 'percent' && (value < 1 || value > 100))
    throw fieldInvalid('value', 'must be 1–100 for percent');
  if (type === 'fixed' && value < 1)
    throw fieldInvalid('value', 'must be at least 1 (minor units) for fixed');
  return value;
}

function checkWindow(startsAt: Date | null, endsAt: Date | null) {
  if (startsAt && endsAt && startsAt >= endsAt) throw fieldInvalid('endsAt', 'must be after startsAt');
}

async function unlessCodeTaken<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err, 'coupons_code_key')) {
      throw fieldInvalid('code', 'is already used by another coupon', 'This coupon code exists');
    }
    throw err;
  }
}

/** Admin: coupons, newest first; `q` filters by code prefix. */
export async function listCoupons(ctx: ServiceContext, query: CouponsQuery) {
  const { items, total } = await q.listCoupons(
    ctx.db,
    query.q,
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  return pageOf(items.map(toCoupon), query, total);
}

export async function getCoupon(ctx: ServiceContext, id: string): Promise<Coupon> {
  const row = await q.findCoupon(ctx.db, id);
  if (!row) throw notFound('Coupon');
  return toCoupon(row);
}

/** Admin: adds a coupon; codes are unique case-insensitively (stored upper-case). */
export async function createCoupon(ctx: ServiceContext, input: CreateCouponBody): Promise<Coupon> {
  const value = checkedValue(input.type, input.value);
  checkWindow(input.startsAt ?? null, input.endsAt ?? null);
  const row = await unlessCodeTaken(() =>
    q.insertCoupon(ctx.db, {
      code: input.code,
      type: input.type,
      value,
      currency: ctx.config.storeCurrency,
      minSubtotalAmount: input.minSubtotal ?? null,
      startsAt: input.startsAt ?? null,
      endsAt: input.endsAt ?? null,
      usageLimit: input.usageLimit ?? null,
      perCustomerLimit: input.perCustomerLimit ?? null,
      enabled: input.enabled ?? true,
    }),
  );
  return toCoupon(row);
}

/**
 * Admin: changes the fields sent, checked together with the ones kept. A usage limit below the
 * uses already counted is refused (the database's CHECK keeps `usedCount <= usageLimit`).
 */
export async function updateCoupon(
  ctx: ServiceContext,
  id: string,
  input: UpdateCouponBody,
): Promise<Coupon> {
  return withTx(ctx, async (tx) => {
    const current = await q.lockCoupon(tx.db, id);
    if (!current) throw notFound('Coupon');
    const type = input.type ?? current.type;
    const isTypeChanged = input.type !== undefined && input.type !== current.type;
    const value = checkedValue(type, input.value ?? (isTypeChanged ? undefined : current.value));
    checkWindow(
      input.startsAt === undefined ? current.startsAt : input.startsAt,
      input.endsAt === undefined ? current.endsAt : input.endsAt,
    );
    if (input.usageLimit != null && input.usageLimit < current.usedCount) {
      throw fieldInvalid('usageLimit', `must be at least the ${current.usedCount} uses already made`);
    }
    const { minSubtotal, ...rest } = input;
    const row = await unlessCodeTaken(() =>
      q.updateCoupon(tx.db, id, {
        ...rest,
        type,
        value,
        ...(minSubtotal !== undefined && { minSubtotalAmount: minSubtotal }),
      }),
    );
    return toCoupon(row!);
  });
}

export async function deleteCoupon(ctx: ServiceContext, id: string): Promise<void> {
  if (!(await q.deleteCoupon(ctx.db, id))) throw notFound('Coupon');
}

function formatMoney(ctx: ServiceContext, amount: number, currency: string) {
  const major = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    amount / 100,
  );
  return `${currency} ${major}`;
}

function formatDate(ctx: ServiceContext, at: Date) {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: ctx.config.storeTimezone }).format(
    at,
  );
}

/**
 * Why this coupon cannot be used now, in words a shopper understands, or null when it can.
 * `subtotal` (before discount) is checked against the minimum only when given.
 */
export function couponRefusal(
  ctx: ServiceContext,
  c: CouponRow,
  usage: { usedByCustomer: number; subtotal?: number },
): string | null {
  if (!c.enabled) return `The coupon ${c.code} is not active`;
  if (c.startsAt && c.startsAt > ctx.now)
    return `The coupon ${c.code} is valid from ${formatDate(ctx, c.startsAt)}`;
  if (c.endsAt && c.endsAt <= ctx.now) return `The coupon ${c.code} expired on ${formatDate(ctx, c.endsAt)}`;
  if (c.usageLimit !== null && c.usedCount >= c.usageLimit) return `The coupon ${c.code} has been used up`;
  if (c.perCustomerLimit !== null && usage.usedByCustomer >= c.perCustomerLimit) {
    return c.perCustomerLimit === 1
      ? `You have already used the coupon ${c.code}`
      : `You have already used the coupon ${c.code} ${c.perCustomerLimit} times, the most allowed`;
  }
  if (c.minSubtotalAmount !== null && usage.subtotal !== undefined && usage.subtotal < c.minSubtotalAmount) {
    const missing = formatMoney(ctx, c.minSubtotalAmount - usage.subtotal, c.currency);
    const minimum = formatMoney(ctx, c.minSubtotalAmount, c.currency);
    return `Add ${missing} more to your cart to use the coupon ${c.code} (it needs a subtotal of ${minimum})`;
  }
  return null;
}

/**
 * The coupon a shopper typed, checked for this user and subtotal; 422 `coupon_unavailable` with
 * the reason otherwise (unknown, inactive, not yet valid, expired, used up, below the minimum).
 */
export async function findUsableCoupon(
  ctx: ServiceContext,
  input: { code: string; userId: string; subtotal: number },
): Promise<CouponRow> {
  const found = await q.findCouponByCode(ctx.db, input.code, input.userId);
  if (!found) throw couponUnavailable(`There is no coupon with the code ${input.code.trim().toUpperCase()}`);
  const refusal = couponRefusal(ctx, found.coupon, {
    usedByCustomer: found.usedByCustomer,
    subtotal: input.subtotal,
  });
  if (refusal) throw couponUnavailable(refusal);
  return found.coupon;
}

/**
 * Counts one use of a coupon for an order, inside the caller's transaction: the coupon row is
 * locked (so concurrent orders count one after the other and see each other's uses), the total
 * and per-customer limits, the window and `enabled` are checked on the locked row, then the count
 * and a redemption row are written. Spent or no longer valid: 422 `coupon_unavailable` and nothing
 * is written (the caller's transaction should roll back). 50 parallel orders on a 10-use coupon
 * place exactly 10.
 */
export async function redeemCoupon(
  ctx: ServiceContext,
  input: { couponId: string; userId: string; orderId: string },
): Promise<void> {
  await withTx(ctx, async (tx) => {
    const coupon = await q.lockCoupon(tx.db, input.couponId);
    if (!coupon) throw couponUnavailable('This coupon no longer exists');
    const usedByCustomer =
      coupon.perCustomerLimit === null ? 0 : await q.countCustomerRedemptions(tx.db, coupon.id, input.userId);
    const refusal = couponRefusal(tx, coupon, { usedByCustomer });
    if (refusal) throw couponUnavailable(refusal);
    await q.recordRedemption(tx.db, input);
  });
}

/**
 * Gives back the coupon use an order counted, once: its redemption row is deleted and the count
 * lowered in one statement, so calling it again (or for an order without a coupon) does nothing.
 * For orders cancelled before payment (by the customer or the payment timeout): an abandoned
 * checkout should not burn a shopper's single-use code. A paid order that is later refunded keeps
 * its use. Answers whether a use was released.
 */
export async function releaseCoupon(ctx: ServiceContext, input: { orderId: string }): Promise<boolean> {
  return (await q.releaseRedemptions(ctx.db, input.orderId)) > 0;
}
