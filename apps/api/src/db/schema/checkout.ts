import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './users.js';

/**
 * Ways to ship: a flat price (free from `freeAboveAmount`), serving some countries (none listed:
 * everywhere) and, when listed, only some regions of them.
 */
export const shippingMethods = pgTable(
  'shipping_methods',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    description: text().notNull().default(''),
    priceAmount: bigint({ mode: 'number' }).notNull(),
    freeAboveAmount: bigint({ mode: 'number' }),
    currency: char({ length: 3 }).notNull(),
    /** ISO 3166-1 alpha-2 codes; empty = everywhere. */
    countries: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Region names (matched case-insensitively); empty = every region of the countries. */
    regions: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    estimatedDaysMin: integer(),
    estimatedDaysMax: integer(),
    enabled: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Deleted methods are kept (orders name them) but never offered or listed. */
    deletedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('shipping_methods_enabled_idx')
      .on(t.enabled, t.priceAmount)
      .where(sql`${t.deletedAt} is null`),
    check('shipping_methods_price_check', sql`${t.priceAmount} >= 0`),
    check(
      'shipping_methods_free_above_check',
      sql`${t.freeAboveAmount} is null or ${t.freeAboveAmount} >= 0`,
    ),
    check(
      'shipping_methods_days_check',
      sql`${t.estimatedDaysMin} is null or ${t.estimatedDaysMax} is null or ${t.estimatedDaysMin} <= ${t.estimatedDaysMax}`,
    ),
  ],
);

/** Tax rates in basis points by country, optionally narrowed to a region (which then wins). */
export const taxRates = pgTable(
  'tax_rates',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    country: char({ length: 2 }).notNull(),
    region: text(),
    rate: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('tax_rates_country_region_key').on(t.country, sql`lower(coalesce(${t.region}, ''))`),
    check('tax_rates_rate_check', sql`${t.rate} >= 0 and ${t.rate} <= 10000`),
  ],
);

export const couponType = pgEnum('coupon_type', ['percent', 'fixed', 'free_shipping']);

/** Discount codes. `usedCount` is counted by conditional updates and never passes `usageLimit`. */
export const coupons = pgTable(
  'coupons',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Stored upper-case; codes are matched case-insensitively. */
    code: text().notNull(),
    type: couponType().notNull(),
    /** Percent 1–100, or minor units for `fixed`; 0 for `free_shipping`. */
    value: bigint({ mode: 'number' }).notNull(),
    currency: char({ length: 3 }).notNull(),
    minSubtotalAmount: bigint({ mode: 'number' }),
    startsAt: timestamp({ withTimezone: true }),
    endsAt: timestamp({ withTimezone: true }),
    usageLimit: integer(),
    perCustomerLimit: integer(),
    usedCount: integer().notNull().default(0),
    enabled: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('coupons_code_key').on(t.code),
    index('coupons_created_idx').on(t.createdAt),
    check('coupons_value_check', sql`${t.value} >= 0`),
    check(
      'coupons_used_check',
      sql`${t.usedCount} >= 0 and (${t.usageLimit} is null or ${t.usedCount} <= ${t.usageLimit})`,
    ),
  ],
);

/** One use of a coupon by a customer's order; deleted when the use is released. */
export const couponRedemptions = pgTable(
  'coupon_redemptions',
  {
    id: uuid().primaryKey().defaultRandom(),
    couponId: uuid()
      .notNull()
      .references(() => coupons.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The order (owned by the orders module; no foreign key across modules' tables). */
    orderId: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('coupon_redemptions_coupon_user_idx').on(t.couponId, t.userId),
    index('coupon_redemptions_user_idx').on(t.userId),
    uniqueIndex('coupon_redemptions_order_key').on(t.orderId, t.couponId),
  ],
);

export type ShippingMethodRow = typeof shippingMethods.$inferSelect;
export type TaxRateRow = typeof taxRates.$inferSelect;
export type CouponRow = typeof coupons.$inferSelect;
