import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  check,
  index,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { orderPaymentMethod, orders } from './orders.js';
import { users } from './users.js';

export const paymentStatus = pgEnum('payment_status', [
  'pending',
  'paid',
  'failed',
  'cancelled',
  'partially_refunded',
  'refunded',
]);
export const refundStatus = pgEnum('refund_status', ['pending', 'succeeded', 'failed']);

/**
 * One payment attempt on an order. A failed or cancelled attempt stays; the shopper's retry is a
 * new row. At most one attempt per order ever reaches paid (partial unique index), whatever races
 * between callback, webhook, status poll and reconcile job.
 */
export const payments = pgTable(
  'payments',
  {
    id: uuid().primaryKey().defaultRandom(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'restrict' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    method: orderPaymentMethod().notNull(),
    status: paymentStatus().notNull().default('pending'),
    amount: bigint({ mode: 'number' }).notNull(),
    refundedAmount: bigint({ mode: 'number' }).notNull().default(0),
    currency: char({ length: 3 }).notNull(),
    /** M-Pesa CheckoutRequestID or Stripe PaymentIntent id; null for cash on delivery. */
    providerReference: text(),
    /** The normalised M-Pesa phone. */
    phone: text(),
    /** M-Pesa receipt number, Stripe charge id, or the admin's reference for cash. */
    receipt: text(),
    resultCode: text(),
    resultDesc: text(),
    /** What the shopper reads about this attempt. */
    message: text(),
    paidAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payments_provider_reference_key')
      .on(t.method, t.providerReference)
      .where(sql`${t.providerReference} is not null`),
    uniqueIndex('payments_order_settled_key')
      .on(t.orderId)
      .where(sql`${t.status} in ('paid', 'partially_refunded', 'refunded')`),
    index('payments_order_idx').on(t.orderId),
    index('payments_user_created_idx').on(t.userId, t.createdAt),
    index('payments_created_idx').on(t.createdAt),
    index('payments_pending_created_idx')
      .on(t.createdAt)
      .where(sql`${t.status} = 'pending'`),
    check(
      'payments_amounts_check',
      sql`${t.amount} >= 0 and ${t.refundedAmount} >= 0 and ${t.refundedAmount} <= ${t.amount}`,
    ),
  ],
);

/**
 * Every message a provider sent us (callback, webhook, reversal result) and every query answer
 * that changed something, appended once: `(provider, provider_reference, event_type)` is unique,
 * with `provider_reference` the provider's id of the message (Stripe event id, M-Pesa
 * CheckoutRequestID or ConversationID). A duplicate delivery inserts nothing and so settles
 * nothing.
 */
export const paymentEvents = pgTable(
  'payment_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    provider: orderPaymentMethod().notNull(),
    providerReference: text().notNull(),
    eventType: text().notNull(),
    /** Null for a message about an attempt we do not know (acknowledged and ignored). */
    paymentId: uuid().references(() => payments.id, { onDelete: 'restrict' }),
    payload: jsonb().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payment_events_provider_reference_type_key').on(
      t.provider,
      t.providerReference,
      t.eventType,
    ),
    index('payment_events_payment_idx').on(t.paymentId),
  ],
);

/** Money given back on a payment: full or partial; M-Pesa reversals stay pending until their result. */
export const refunds = pgTable(
  'refunds',
  {
    id: uuid().primaryKey().defaultRandom(),
    paymentId: uuid()
      .notNull()
      .references(() => payments.id, { onDelete: 'restrict' }),
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'restrict' }),
    amount: bigint({ mode: 'number' }).notNull(),
    currency: char({ length: 3 }).notNull(),
    status: refundStatus().notNull().default('pending'),
    reason: text(),
    restock: boolean().notNull().default(false),
    /** Stripe refund id or Daraja ConversationID. */
    providerReference: text(),
    /**
     * When a sender claimed the refund to call its provider (one caller at a time: a Daraja
     * reversal has no idempotency key). Cleared when the provider was down, so a retry sends it.
     */
    sentAt: timestamp({ withTimezone: true }),
    /** The provider's words on a failed refund (Daraja ResultDesc, Stripe's refusal). */
    resultDesc: text(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('refunds_payment_idx').on(t.paymentId),
    index('refunds_order_idx').on(t.orderId),
    index('refunds_created_idx').on(t.createdAt),
    index('refunds_created_by_idx').on(t.createdBy),
    index('refunds_pending_created_idx')
      .on(t.createdAt)
      .where(sql`${t.status} = 'pending'`),
    uniqueIndex('refunds_provider_reference_key')
      .on(t.providerReference)
      .where(sql`${t.providerReference} is not null`),
    check('refunds_amount_check', sql`${t.amount} > 0`),
  ],
);

/** The shop's settings per method: shown name, on or off, currencies it takes. Seeded with all three on. */
export const paymentMethods = pgTable('payment_methods', {
  code: orderPaymentMethod().primaryKey(),
  name: text().notNull(),
  enabled: boolean().notNull().default(true),
  /** ISO 4217 codes; empty = any currency. */
  currencies: text()
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export type PaymentRow = typeof payments.$inferSelect;
export type PaymentEventRow = typeof paymentEvents.$inferSelect;
export type RefundRow = typeof refunds.$inferSelect;
export type PaymentMethodRow = typeof paymentMethods.$inferSelect;
