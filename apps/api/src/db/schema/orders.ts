import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './users.js';

export const orderStatus = pgEnum('order_status', [
  'pending_payment',
  'confirmed',
  'paid',
  'processing',
  'shipped',
  'delivered',
  'cancelled',
]);
export const orderPaymentStatus = pgEnum('order_payment_status', [
  'unpaid',
  'pending',
  'paid',
  'failed',
  'partially_refunded',
  'refunded',
]);
export const orderPaymentMethod = pgEnum('order_payment_method', ['mpesa', 'stripe', 'cod']);
export const orderLineStatus = pgEnum('order_line_status', [
  'pending',
  'processing',
  'shipped',
  'delivered',
  'cancelled',
]);

/** Feeds order numbers (`SK-` + Crockford base32 of the next value). */
export const orderNumberSeq = pgSequence('order_number_seq', { startWith: 1000 });

export interface OrderAddressSnapshot {
  fullName: string;
  phone: string;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string | null;
  country: string;
}

export interface OrderShippingSnapshot {
  id: string;
  name: string;
  price: number;
}

/** Orders. Totals are computed on the server at placement and never change afterwards. */
export const orders = pgTable(
  'orders',
  {
    id: uuid().primaryKey().defaultRandom(),
    number: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    customerEmail: text().notNull(),
    customerName: text().notNull(),
    status: orderStatus().notNull(),
    paymentStatus: orderPaymentStatus().notNull(),
    paymentMethod: orderPaymentMethod().notNull(),
    currency: char({ length: 3 }).notNull(),
    subtotal: bigint({ mode: 'number' }).notNull(),
    discount: bigint({ mode: 'number' }).notNull(),
    shipping: bigint({ mode: 'number' }).notNull(),
    tax: bigint({ mode: 'number' }).notNull(),
    total: bigint({ mode: 'number' }).notNull(),
    taxIncluded: boolean().notNull(),
    couponId: uuid(),
    couponCode: text(),
    shippingAddress: jsonb().$type<OrderAddressSnapshot>().notNull(),
    shippingMethod: jsonb().$type<OrderShippingSnapshot>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('orders_number_key').on(t.number),
    index('orders_user_created_idx').on(t.userId, t.createdAt),
    index('orders_status_created_idx').on(t.status, t.createdAt),
    index('orders_payment_status_created_idx').on(t.paymentStatus, t.createdAt),
    index('orders_created_idx').on(t.createdAt),
    index('orders_email_prefix_idx').using('btree', sql`lower(${t.customerEmail}) text_pattern_ops`),
    index('orders_number_prefix_idx').using('btree', sql`${t.number} text_pattern_ops`),
    check(
      'orders_totals_check',
      sql`${t.subtotal} >= 0 and ${t.discount} >= 0 and ${t.shipping} >= 0 and ${t.tax} >= 0 and ${t.total} >= 0`,
    ),
  ],
);

/** Order lines: a snapshot of what was bought (title, SKU, options, price, seller) at placement. */
export const orderLines = pgTable(
  'order_lines',
  {
    id: uuid().primaryKey().defaultRandom(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    productId: uuid().notNull(),
    variantId: uuid().notNull(),
    sellerId: uuid().notNull(),
    sellerName: text().notNull(),
    title: text().notNull(),
    variantTitle: text().notNull(),
    sku: text().notNull(),
    options: jsonb().$type<Record<string, string>>().notNull(),
    image: text(),
    unitPrice: bigint({ mode: 'number' }).notNull(),
    quantity: integer().notNull(),
    lineTotal: bigint({ mode: 'number' }).notNull(),
    discount: bigint({ mode: 'number' }).notNull(),
    tax: bigint({ mode: 'number' }).notNull(),
    status: orderLineStatus().notNull().default('pending'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('order_lines_order_idx').on(t.orderId, t.position),
    index('order_lines_seller_created_idx').on(t.sellerId, t.createdAt, t.orderId),
    index('order_lines_variant_idx').on(t.variantId),
    check('order_lines_quantity_check', sql`${t.quantity} > 0`),
  ],
);

/** Every status change of an order or of one of its lines: who, from, to, note, when. */
export const orderEvents = pgTable(
  'order_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Insertion order: events of one transaction share `at`. */
    seq: bigint({ mode: 'number' }).generatedAlwaysAsIdentity(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    lineId: uuid(),
    fromStatus: text(),
    toStatus: text().notNull(),
    actorId: uuid(),
    actorRole: text().notNull(),
    note: text(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('order_events_order_idx').on(t.orderId, t.seq)],
);

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;
export type OrderEventRow = typeof orderEvents.$inferSelect;
