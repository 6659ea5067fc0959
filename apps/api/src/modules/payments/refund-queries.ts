import { and, asc, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import {
  paymentEvents,
  payments,
  refunds,
  type PaymentRow,
  type RefundRow,
} from '../../db/schema/payments.js';
import { type DbOrTx } from '../../platform/db.js';
import { selectPage } from '../../platform/statements.js';
import type { PaymentStatus } from './settle-rules.js';

/** How long a claimed send may stay unanswered before another sender may try it again. */
export const SEND_CLAIM_MINUTES = 5;

export async function insertRefund(db: DbOrTx, values: typeof refunds.$inferInsert) {
  const [row] = await db.insert(refunds).values(values).returning();
  return row!;
}

export async function findRefund(db: DbOrTx, id: string) {
  const [row] = await db.select().from(refunds).where(eq(refunds.id, id));
  return row ?? null;
}

export async function findRefundByReference(db: DbOrTx, providerReference: string) {
  const [row] = await db.select().from(refunds).where(eq(refunds.providerReference, providerReference));
  return row ?? null;
}

/** The payment's pending refunds, oldest first (read under the payment's lock). */
export async function pendingRefundsOf(db: DbOrTx, paymentId: string) {
  return db
    .select()
    .from(refunds)
    .where(and(eq(refunds.paymentId, paymentId), eq(refunds.status, 'pending')))
    .orderBy(asc(refunds.createdAt), asc(refunds.id));
}

/** Whether an earlier refund of the order already returned its stock. */
export async function orderRestocked(db: DbOrTx, orderId: string) {
  const [row] = await db
    .select({ id: refunds.id })
    .from(refunds)
    .where(and(eq(refunds.orderId, orderId), eq(refunds.restock, true)))
    .limit(1);
  return Boolean(row);
}

/**
 * Claims a pending, unsent refund for one sender (conditional update: of two concurrent senders
 * one wins). A claim older than {@link SEND_CLAIM_MINUTES} counts as abandoned.
 */
export async function claimRefundSend(db: DbOrTx, id: string, at: Date): Promise<RefundRow | null> {
  const stale = new Date(at.getTime() - SEND_CLAIM_MINUTES * 60_000);
  const [row] = await db
    .update(refunds)
    .set({ sentAt: at })
    .where(
      and(
        eq(refunds.id, id),
        eq(refunds.status, 'pending'),
        sql`${refunds.providerReference} is null`,
        or(sql`${refunds.sentAt} is null`, lt(refunds.sentAt, stale)),
      ),
    )
    .returning();
  return row ?? null;
}

/** The provider was down: the refund may be sent again at once. */
export async function releaseRefundSend(db: DbOrTx, id: string) {
  await db.update(refunds).set({ sentAt: null }).where(eq(refunds.id, id));
}

export async function setRefundReference(db: DbOrTx, id: string, providerReference: string) {
  await db.update(refunds).set({ providerReference }).where(eq(refunds.id, id));
}

/** Moves a refund out of `pending` (conditional: returns null when it already left it). */
export async function finishRefundRow(
  db: DbOrTx,
  id: string,
  values: { status: 'succeeded' | 'failed'; resultDesc: string | null; at: Date },
): Promise<RefundRow | null> {
  const [row] = await db
    .update(refunds)
    .set({ status: values.status, resultDesc: values.resultDesc, completedAt: values.at })
    .where(and(eq(refunds.id, id), eq(refunds.status, 'pending')))
    .returning();
  return row ?? null;
}

/** Adds a succeeded refund to its payment and sets the payment's status. */
export async function addRefunded(
  db: DbOrTx,
  paymentId: string,
  amount: number,
  status: PaymentStatus,
  at: Date,
): Promise<PaymentRow> {
  const [row] = await db
    .update(payments)
    .set({ refundedAmount: sql`${payments.refundedAmount} + ${amount}`, status, updatedAt: at })
    .where(eq(payments.id, paymentId))
    .returning();
  return row!;
}

/** Pending refunds never sent (the provider was down) created before `cutoff`, oldest first. */
export async function unsentRefundsBefore(db: DbOrTx, cutoff: Date, limit: number) {
  return db
    .select()
    .from(refunds)
    .where(
      and(
        eq(refunds.status, 'pending'),
        lt(refunds.createdAt, cutoff),
        sql`${refunds.providerReference} is null`,
      ),
    )
    .orderBy(asc(refunds.createdAt))
    .limit(limit);
}

/** The order's payments in these statuses (an order has at most one settled payment). */
export async function paymentsOfOrder(db: DbOrTx, orderId: string, statuses: PaymentRow['status'][]) {
  return db
    .select()
    .from(payments)
    .where(and(eq(payments.orderId, orderId), inArray(payments.status, statuses)))
    .orderBy(asc(payments.createdAt));
}

export interface RefundFilter {
  paymentId?: string;
  orderId?: string;
  status?: RefundRow['status'];
}

/** Refunds newest first, with the total count for the page. */
export async function listRefunds(db: DbOrTx, filter: RefundFilter, limit: number, offset: number) {
  const where = and(
    filter.paymentId ? eq(refunds.paymentId, filter.paymentId) : undefined,
    filter.orderId ? eq(refunds.orderId, filter.orderId) : undefined,
    filter.status ? eq(refunds.status, filter.status) : undefined,
  );
  return selectPage(db, refunds, where, [desc(refunds.createdAt), desc(refunds.id)], limit, offset);
}

/** Deletes the payment rows of these orders (events, refunds, payments), for the demo seed's reset. */
export async function deletePaymentsOfOrders(db: DbOrTx, orderIds: string[]) {
  const ids = db.select({ id: payments.id }).from(payments).where(inArray(payments.orderId, orderIds));
  await db.delete(paymentEvents).where(inArray(paymentEvents.paymentId, ids));
  await db.delete(refunds).where(inArray(refunds.orderId, orderIds));
  await db.delete(payments).where(inArray(payments.orderId, orderIds));
}
