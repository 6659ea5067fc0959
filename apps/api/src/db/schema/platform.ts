import {
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export const idempotencyState = pgEnum('idempotency_state', ['running', 'done']);

/**
 * `Idempotency-Key`s (platform, domain-free): one row per user and key, written in its own
 * committed statement before the work starts and never deleted on failure; deleted after 24 h.
 * `lockToken` names the attempt that owns a running key, so a stale attempt that wakes up after
 * another took the key over cannot complete it.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: uuid().notNull(),
    key: text().notNull(),
    fingerprint: text().notNull(),
    state: idempotencyState().notNull().default('running'),
    lockToken: uuid().notNull(),
    lockedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    responseStatus: integer(),
    responseBody: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);

export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;
