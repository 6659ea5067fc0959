import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { ledgerEntries, ledgerTransactions, sellerCommissions } from '../../db/schema/ledger.js';
import { type DbOrTx } from '../../platform/db.js';
import { selectPage } from '../../platform/statements.js';
import type { Posting } from './ledger-rules.js';

type TxnValues = Omit<typeof ledgerTransactions.$inferInsert, 'id'>;

/**
 * Writes one balanced transaction and its entries. A second payment of the same order hits the
 * partial unique index and writes nothing: answers null.
 */
export async function insertPosting(db: DbOrTx, txn: TxnValues, entries: Posting[]): Promise<string | null> {
  const [row] = await db
    .insert(ledgerTransactions)
    .values(txn)
    .onConflictDoNothing()
    .returning({ id: ledgerTransactions.id });
  if (!row) return null;
  const lines = entries.filter((e) => e.amount !== 0);
  if (lines.length > 0) {
    await db
      .insert(ledgerEntries)
      .values(lines.map((e) => ({ ...e, transactionId: row.id, createdAt: txn.createdAt })));
  }
  return row.id;
}

/** Every entry posted for the order (its payment and refunds). */
export async function entriesOfOrder(db: DbOrTx, orderId: string): Promise<Posting[]> {
  return db
    .select({
      account: ledgerEntries.account,
      sellerId: ledgerEntries.sellerId,
      orderLineId: ledgerEntries.orderLineId,
      amount: ledgerEntries.amount,
    })
    .from(ledgerEntries)
    .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerEntries.transactionId))
    .where(eq(ledgerTransactions.orderId, orderId));
}

export async function commissionOverrides(db: DbOrTx, sellerIds: string[]): Promise<Map<string, number>> {
  if (sellerIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(sellerCommissions)
    .where(inArray(sellerCommissions.sellerId, sellerIds));
  return new Map(rows.map((r) => [r.sellerId, r.commissionBps]));
}

export async function upsertCommission(db: DbOrTx, sellerId: string, bps: number, by: string, at: Date) {
  await db
    .insert(sellerCommissions)
    .values({ sellerId, commissionBps: bps, updatedBy: by, updatedAt: at })
    .onConflictDoUpdate({
      target: sellerCommissions.sellerId,
      set: { commissionBps: bps, updatedBy: by, updatedAt: at },
    });
}

export async function deleteCommission(db: DbOrTx, sellerId: string) {
  await db.delete(sellerCommissions).where(eq(sellerCommissions.sellerId, sellerId));
}

/** Seller balances (sum of their `seller` entries); one seller, or every seller with entries. */
export async function sellerBalances(db: DbOrTx, sellerId?: string) {
  const rows = await db
    .select({
      sellerId: ledgerEntries.sellerId,
      balance: sql<string>`coalesce(sum(${ledgerEntries.amount}), 0)`,
    })
    .from(ledgerEntries)
    .where(
      and(eq(ledgerEntries.account, 'seller'), sellerId ? eq(ledgerEntries.sellerId, sellerId) : undefined),
    )
    .groupBy(ledgerEntries.sellerId)
    .orderBy(ledgerEntries.sellerId);
  return rows.map((r) => ({ sellerId: r.sellerId!, balance: Number(r.balance) }));
}

/** Serialises payouts of one seller (the balance check and the payout happen under it). */
export async function lockSellerLedger(db: DbOrTx, sellerId: string) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`ledger:${sellerId}`}, 0))`);
}

export async function listPayoutRows(
  db: DbOrTx,
  sellerId: string | undefined,
  limit: number,
  offset: number,
) {
  const where = and(
    eq(ledgerTransactions.kind, 'payout'),
    sellerId ? eq(ledgerTransactions.sellerId, sellerId) : undefined,
  );
  return selectPage(
    db,
    ledgerTransactions,
    where,
    [desc(ledgerTransactions.createdAt), desc(ledgerTransactions.id)],
    limit,
    offset,
  );
}

export async function findTransaction(db: DbOrTx, id: string) {
  const [row] = await db.select().from(ledgerTransactions).where(eq(ledgerTransactions.id, id));
  return row ?? null;
}
