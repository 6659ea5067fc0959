import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { paymentEvents, paymentMethods, payments, type PaymentRow } from '../../db/schema/payments.js';
import { type DbOrTx } from '../../platform/db.js';
import { selectPage } from '../../platform/statements.js';
import type { SettledStatus } from './settle-rules.js';

type Method = PaymentRow['method'];

/** A payment's insert, not sent: the orders module writes it with the order (cash on delivery). */
export const paymentInsert = (db: DbOrTx, row: typeof payments.$inferInsert) =>
  db.insert(payments).values(row);

export async function insertPayment(db: DbOrTx, values: typeof payments.$inferInsert) {
  const [row] = await paymentInsert(db, values).returning();
  return row!;
}

export async function findPayment(db: DbOrTx, id: string) {
  const [row] = await db.select().from(payments).where(eq(payments.id, id));
  return row ?? null;
}

/** The payment row, locked for the rest of the transaction (settles of one payment run one by one). */
export async function lockPayment(db: DbOrTx, id: string) {
  const [row] = await db.select().from(payments).where(eq(payments.id, id)).for('update');
  return row ?? null;
}

/** The order's pending attempt with this method that never reached its provider (a retry reuses it). */
export async function findUnsentAttempt(db: DbOrTx, orderId: string, method: Method) {
  const [row] = await db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.orderId, orderId),
        eq(payments.method, method),
        eq(payments.status, 'pending'),
        sql`${payments.providerReference} is null`,
      ),
    )
    .limit(1);
  return row ?? null;
}

export async function findPaymentByReference(db: DbOrTx, method: Method, providerReference: string) {
  const [row] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.method, method), eq(payments.providerReference, providerReference)));
  return row ?? null;
}

export async function setProviderReference(
  db: DbOrTx,
  id: string,
  providerReference: string,
  message: string,
) {
  await db
    .update(payments)
    .set({ providerReference, message, updatedAt: sql`now()` })
    .where(eq(payments.id, id));
}

/**
 * Appends a provider message once. Returns false when `(provider, providerReference, eventType)` is
 * already there: a duplicate delivery, which must change nothing.
 */
export async function appendPaymentEvent(
  db: DbOrTx,
  values: typeof paymentEvents.$inferInsert,
): Promise<boolean> {
  const rows = await db
    .insert(paymentEvents)
    .values(values)
    .onConflictDoNothing({
      target: [paymentEvents.provider, paymentEvents.providerReference, paymentEvents.eventType],
    })
    .returning({ id: paymentEvents.id });
  return rows.length === 1;
}

/** {@link appendPaymentEvent} for a provider message about a known payment. */
export const appendProviderEvent = (
  db: DbOrTx,
  paymentId: string,
  e: { provider: Method; eventId: string; eventType: string; payload: unknown },
) =>
  appendPaymentEvent(db, {
    provider: e.provider,
    providerReference: e.eventId,
    eventType: e.eventType,
    paymentId,
    payload: e.payload ?? {},
  });

export interface SettleValues {
  to: SettledStatus;
  resultCode: string | null;
  resultDesc: string | null;
  message: string;
  receipt?: string | null;
  at: Date;
}

/**
 * Moves a payment from `pending` to a final status in one conditional statement. Returns the row
 * when this call made the move and null when the payment was no longer pending (someone else
 * settled it first): the row count is the answer, so concurrent settles cannot both win.
 */
export async function settlePaymentRow(
  db: DbOrTx,
  id: string,
  values: SettleValues,
): Promise<PaymentRow | null> {
  const [row] = await db
    .update(payments)
    .set({
      status: values.to,
      resultCode: values.resultCode,
      resultDesc: values.resultDesc,
      message: values.message,
      ...(values.receipt ? { receipt: values.receipt } : {}),
      ...(values.to === 'paid' ? { paidAt: values.at } : {}),
      updatedAt: values.at,
    })
    .where(and(eq(payments.id, id), eq(payments.status, 'pending')))
    .returning();
  return row ?? null;
}

/** Pending online payments created before `cutoff`, oldest first (the reconcile job's work list). */
export async function pendingPaymentsBefore(db: DbOrTx, cutoff: Date, limit: number) {
  return db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.status, 'pending'),
        lt(payments.createdAt, cutoff),
        sql`${payments.method} <> 'cod' and ${payments.providerReference} is not null`,
      ),
    )
    .orderBy(asc(payments.createdAt))
    .limit(limit);
}

/** In the enum's order: M-Pesa, Stripe, cash on delivery. */
export async function listPaymentMethods(db: DbOrTx, onlyEnabled: boolean) {
  return db
    .select()
    .from(paymentMethods)
    .where(onlyEnabled ? eq(paymentMethods.enabled, true) : undefined)
    .orderBy(asc(paymentMethods.code));
}

/** Changes the fields sent; the row always exists (seeded by the migration). */
export async function updatePaymentMethod(
  db: DbOrTx,
  code: Method,
  values: { enabled?: boolean; name?: string },
) {
  const [row] = await db
    .update(paymentMethods)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(paymentMethods.code, code))
    .returning();
  return row!;
}

/** The row always exists (seeded by the migration). */
export async function findPaymentMethod(db: DbOrTx, code: Method) {
  const [row] = await db.select().from(paymentMethods).where(eq(paymentMethods.code, code));
  return row!;
}

export interface PaymentFilter {
  userId?: string;
  orderId?: string;
  status?: PaymentRow['status'];
}

/** Payments newest first, with the total count for the page. */
export async function listPayments(db: DbOrTx, filter: PaymentFilter, limit: number, offset: number) {
  const where = and(
    filter.userId ? eq(payments.userId, filter.userId) : undefined,
    filter.orderId ? eq(payments.orderId, filter.orderId) : undefined,
    filter.status ? eq(payments.status, filter.status) : undefined,
  );
  return selectPage(db, payments, where, [desc(payments.createdAt), desc(payments.id)], limit, offset);
}

/** The order's cash-on-delivery payments still waiting for their cash. */
export async function pendingCashPaymentsOf(db: DbOrTx, orderId: string) {
  return db
    .select()
    .from(payments)
    .where(and(eq(payments.orderId, orderId), eq(payments.method, 'cod'), eq(payments.status, 'pending')))
    .orderBy(asc(payments.createdAt));
}

/** The payment attempts of these orders, oldest first (the order views show them). */
export async function paymentsOfOrders(db: DbOrTx, orderIds: string[]) {
  return db
    .select()
    .from(payments)
    .where(inArray(payments.orderId, orderIds))
    .orderBy(asc(payments.createdAt), asc(payments.id));
}
