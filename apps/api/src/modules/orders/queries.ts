import { randomUUID } from 'node:crypto';
import {
  and,
  asc,
  desc,
  eq,
  getTableName,
  gte,
  inArray,
  like,
  lt,
  or,
  sql,
  type SQL,
  type SQLWrapper,
} from 'drizzle-orm';
import {
  orderEvents,
  orderLines,
  orders,
  type OrderEventRow,
  type OrderLineRow,
  type OrderRow,
} from '../../db/schema/orders.js';
import { ledgerEntries, ledgerTransactions } from '../../db/schema/ledger.js';
import { type DbOrTx } from '../../platform/db.js';
import { selectPage, ShapedStatements, type Row, type RowsToInsert } from '../../platform/statements.js';
import { orderNumberSql } from './number.js';
import type { LineStatus, OrderStatus, PaymentStatus } from './transitions.js';

export type EventValues = Omit<typeof orderEvents.$inferInsert, 'id' | 'seq'>;

export type NewOrder = Omit<OrderRow, 'number' | 'createdAt' | 'updatedAt'>;
export type NewLine = Omit<OrderLineRow, 'id' | 'orderId' | 'createdAt' | 'status'>;
export type NewEvent = Pick<OrderEventRow, 'fromStatus' | 'toStatus' | 'actorId' | 'actorRole' | 'note'>;
/** An event as the order's history shows it (no id or sequence). */
export type EventOf = NewEvent & Pick<OrderEventRow, 'at'>;

/** The order's insert, built once per shape (number of lines, rows alongside). */
const orderInserts = new ShapedStatements();

/**
 * Inserts the order (its number drawn from `order_number_seq`), its lines, its first event and
 * `alongside` (other modules' rows that belong to the new order, e.g. its payment) in one
 * statement; answers them as written. Line ids are made here, so nothing is read back but the
 * number. The statement's text is built once per shape ({@link ShapedStatements}).
 */
export async function insertOrder(
  db: DbOrTx,
  order: NewOrder,
  lines: NewLine[],
  event: NewEvent,
  at: Date,
  alongside: readonly RowsToInsert[] = [],
): Promise<{ order: OrderRow; lines: OrderLineRow[]; events: EventOf[] }> {
  const lineRows: OrderLineRow[] = lines.map((l) => ({
    ...l,
    id: randomUUID(),
    orderId: order.id,
    status: 'pending',
    createdAt: at,
  }));
  const groups: Record<string, readonly Row[]> = {
    order: [{ ...order, createdAt: at, updatedAt: at }],
    lines: lineRows,
    event: [{ ...event, orderId: order.id, at }],
  };
  const others = alongside.map((a, i) => ({ group: `a${i}:${getTableName(a.table)}`, table: a.table }));
  alongside.forEach((a, i) => (groups[others[i]!.group] = a.rows));
  const [row] = await orderInserts.rows<{ number: string }>(db, groups, (p) => {
    const insertOrderRow = db
      .insert(orders)
      .values({ ...(p.order![0] as unknown as NewOrder), number: orderNumberSql })
      .returning({ number: orders.number });
    const insertLines = db.insert(orderLines).values(p.lines as unknown as OrderLineRow[]);
    const insertEvent = db.insert(orderEvents).values(p.event![0] as unknown as EventValues);
    return sql`with o as (${wrap(insertOrderRow)}), l as (${wrap(insertLines)}), e as (${wrap(insertEvent)})${sql.join(
      others.map(
        ({ group, table }, i) =>
          sql`, ${sql.raw(`a${i}`)} as (${wrap(db.insert(table).values(p[group] as unknown as Row[]))})`,
      ),
    )}
        select number from o`;
  });
  const number = row!.number;
  return {
    order: { ...order, number, createdAt: at, updatedAt: at },
    lines: lineRows.sort((a, b) => a.position - b.position),
    events: [{ ...event, at }],
  };
}

/** A Drizzle statement as a chunk of a larger one, unparenthesised (a CTE's body). */
const wrap = (query: SQLWrapper | { toSQL(): unknown }) => (query as SQLWrapper).getSQL();

/** The order, locked for update (the transition's row lock). */
export async function lockOrder(db: DbOrTx, id: string): Promise<OrderRow | null> {
  const [row] = await db.select().from(orders).where(eq(orders.id, id)).for('update');
  return row ?? null;
}

export async function findOrder(db: DbOrTx, id: string): Promise<OrderRow | null> {
  const [row] = await db.select().from(orders).where(eq(orders.id, id));
  return row ?? null;
}

/**
 * Moves the order from `from` to `to` only if it is still at `from`: the row count is the
 * answer, so two concurrent cancellations cannot both win.
 */
export async function moveOrder(
  db: DbOrTx,
  id: string,
  from: OrderStatus,
  to: OrderStatus,
  paymentStatus: PaymentStatus,
  at: Date,
): Promise<boolean> {
  const rows = await db
    .update(orders)
    .set({ status: to, paymentStatus, updatedAt: at })
    .where(and(eq(orders.id, id), eq(orders.status, from)))
    .returning({ id: orders.id });
  return rows.length === 1;
}

export async function setPaymentStatus(db: DbOrTx, id: string, paymentStatus: PaymentStatus, at: Date) {
  await db.update(orders).set({ paymentStatus, updatedAt: at }).where(eq(orders.id, id));
}

export async function setLineStatuses(db: DbOrTx, lineIds: string[], status: LineStatus) {
  if (lineIds.length === 0) return;
  await db.update(orderLines).set({ status }).where(inArray(orderLines.id, lineIds));
}

export async function insertEvents(db: DbOrTx, events: EventValues[]) {
  if (events.length > 0) await db.insert(orderEvents).values(events);
}

export async function linesOf(db: DbOrTx, orderIds: string[], sellerId?: string): Promise<OrderLineRow[]> {
  if (orderIds.length === 0) return [];
  const where = sellerId
    ? and(inArray(orderLines.orderId, orderIds), eq(orderLines.sellerId, sellerId))
    : inArray(orderLines.orderId, orderIds);
  return db.select().from(orderLines).where(where).orderBy(asc(orderLines.orderId), asc(orderLines.position));
}

/** The order-level events (not the per-line ones) of these orders, oldest first. */
export async function eventsOf(db: DbOrTx, orderIds: string[]) {
  if (orderIds.length === 0) return [];
  return db
    .select()
    .from(orderEvents)
    .where(and(inArray(orderEvents.orderId, orderIds), sql`${orderEvents.lineId} is null`))
    .orderBy(asc(orderEvents.seq));
}

export interface OrderFilter {
  userId?: string;
  status?: OrderStatus;
  paymentStatus?: PaymentStatus;
  from?: Date;
  to?: Date;
  /** A customer's user id, or the start of their email. */
  customer?: string;
  /** The start of an order number or of the customer's email. */
  q?: string;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

function whereOf(f: OrderFilter): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  if (f.userId) parts.push(eq(orders.userId, f.userId));
  if (f.status) parts.push(eq(orders.status, f.status));
  if (f.paymentStatus) parts.push(eq(orders.paymentStatus, f.paymentStatus));
  if (f.from) parts.push(gte(orders.createdAt, f.from));
  if (f.to) parts.push(lt(orders.createdAt, f.to));
  if (f.customer) {
    parts.push(
      isUuid(f.customer)
        ? eq(orders.userId, f.customer)
        : like(sql`lower(${orders.customerEmail})`, `${escapeLike(f.customer.toLowerCase())}%`),
    );
  }
  if (f.q) {
    parts.push(
      or(
        like(orders.number, `${escapeLike(f.q.toUpperCase())}%`),
        like(sql`lower(${orders.customerEmail})`, `${escapeLike(f.q.toLowerCase())}%`),
      ),
    );
  }
  return parts.length > 0 ? and(...parts) : undefined;
}

/** A page of the orders matching `where`, newest first, with the exact total. */
async function pageOfOrders(db: DbOrTx, where: SQL | undefined, limit: number, offset: number) {
  return selectPage(db, orders, where, [desc(orders.createdAt), desc(orders.id)], limit, offset);
}

export const listOrders = (db: DbOrTx, filter: OrderFilter, limit: number, offset: number) =>
  pageOfOrders(db, whereOf(filter), limit, offset);

/** A page of the orders holding `sellerId`'s lines, newest first. */
export function listSellerOrders(
  db: DbOrTx,
  sellerId: string,
  status: OrderStatus | undefined,
  limit: number,
  offset: number,
) {
  const held = db
    .selectDistinct({ orderId: orderLines.orderId })
    .from(orderLines)
    .where(eq(orderLines.sellerId, sellerId));
  return pageOfOrders(
    db,
    and(inArray(orders.id, held), status ? eq(orders.status, status) : undefined),
    limit,
    offset,
  );
}

/** Ids of `pending_payment` orders placed before `before` (the payment-timeout sweep). */
export async function findExpiredUnpaid(db: DbOrTx, before: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.status, 'pending_payment'), lt(orders.createdAt, before)))
    .orderBy(asc(orders.createdAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * Deletes the orders placed with these customer emails (the demo customers', before a reseed),
 * with their lines, events and ledger transactions.
 */
export async function orderIdsOfEmails(db: DbOrTx, emails: string[]) {
  const rows = await db.select({ id: orders.id }).from(orders).where(inArray(orders.customerEmail, emails));
  return rows.map((r) => r.id);
}

export async function deleteOrdersOfEmails(db: DbOrTx, emails: string[]) {
  const ids = db.select({ id: orders.id }).from(orders).where(inArray(orders.customerEmail, emails));
  const txns = db
    .select({ id: ledgerTransactions.id })
    .from(ledgerTransactions)
    .where(inArray(ledgerTransactions.orderId, ids));
  await db.delete(ledgerEntries).where(inArray(ledgerEntries.transactionId, txns));
  await db.delete(ledgerTransactions).where(inArray(ledgerTransactions.orderId, ids));
  await db.delete(orders).where(inArray(orders.customerEmail, emails));
}
