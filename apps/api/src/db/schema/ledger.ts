import { sql } from 'drizzle-orm';
import {
  bigint,
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
import { orders } from './orders.js';
import { users } from './users.js';

export const ledgerAccount = pgEnum('ledger_account', ['cash', 'seller', 'commission', 'shipping', 'tax']);
export const ledgerTxnKind = pgEnum('ledger_txn_kind', ['payment', 'refund', 'payout']);

/**
 * One balanced posting: a payment of an order, a refund, or a payout. Its entries sum to zero.
 * Rows are only ever inserted: a refund is a new transaction with reversing entries.
 */
export const ledgerTransactions = pgTable(
  'ledger_transactions',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: ledgerTxnKind().notNull(),
    orderId: uuid().references(() => orders.id, { onDelete: 'restrict' }),
    sellerId: uuid().references(() => users.id, { onDelete: 'restrict' }),
    amount: bigint({ mode: 'number' }).notNull(),
    currency: char({ length: 3 }).notNull(),
    reference: text(),
    createdBy: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ledger_transactions_order_payment_key')
      .on(t.orderId)
      .where(sql`${t.kind} = 'payment'`),
    index('ledger_transactions_order_idx').on(t.orderId),
    index('ledger_transactions_seller_idx').on(t.sellerId, t.createdAt),
    index('ledger_transactions_kind_created_idx').on(t.kind, t.createdAt),
    check('ledger_transactions_amount_check', sql`${t.amount} > 0`),
  ],
);

/**
 * Double-entry lines. Sign convention: a positive amount credits the account (money the shop
 * holds for it: a seller's share, the shop's commission), a negative one debits it; `cash` is
 * debited when money comes in. Every transaction's entries sum to zero.
 */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: uuid().primaryKey().defaultRandom(),
    transactionId: uuid()
      .notNull()
      .references(() => ledgerTransactions.id, { onDelete: 'restrict' }),
    account: ledgerAccount().notNull(),
    sellerId: uuid(),
    orderLineId: uuid(),
    amount: bigint({ mode: 'number' }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('ledger_entries_transaction_idx').on(t.transactionId),
    index('ledger_entries_account_seller_idx').on(t.account, t.sellerId),
    check('ledger_entries_seller_check', sql`(${t.account} = 'seller') = (${t.sellerId} is not null)`),
  ],
);

/** A seller's commission override in basis points (absent: the shop default). */
export const sellerCommissions = pgTable(
  'seller_commissions',
  {
    sellerId: uuid()
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    commissionBps: integer().notNull(),
    updatedBy: uuid(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('seller_commissions_bps_check', sql`${t.commissionBps} between 0 and 10000`)],
);

export type LedgerTransactionRow = typeof ledgerTransactions.$inferSelect;
export type LedgerEntryRow = typeof ledgerEntries.$inferSelect;
