import type { PaymentRow, RefundRow } from '../../db/schema/payments.js';
import type { Actor } from '../../platform/auth.js';
import type { TxContext } from '../../platform/context.js';
import { AppError, notFound, serviceUnavailable } from '../../platform/errors.js';
import { runIdempotent } from '../../platform/idempotency.js';
import { money, pageOf } from '../../platform/schema.js';
import { returnStock } from '../catalog/index.js';
import { findOrderForPayment, getOrder } from '../orders/index.js';
import { amountText } from './notify.js';
import { ProviderRejected, ProviderUnavailable } from './providers/provider.js';
import * as q from './queries.js';
import { completeRefund } from './refund-complete.js';
import * as rq from './refund-queries.js';
import { REFUNDABLE_STATUSES, refundableAmount } from './refund-rules.js';
import { toRefund, type CreateRefundBody, type Refund, type RefundListQuery } from './refund-schema.js';
import type { PaymentsContext } from './service.js';

type AdminContext = PaymentsContext & { actor: Actor };

/** The queue a refund started inside another transaction (an order cancelled) is sent from. */
export const REFUND_SEND_JOB = 'payments.send-refund';

/** Order statuses whose goods may come back with a refund (before shipping, cancel the order). */
const RESTOCKABLE = new Set(['shipped', 'delivered']);

const pendingTotal = (rows: RefundRow[]) => rows.reduce((sum, r) => sum + r.amount, 0);

/**
 * Writes a pending refund of `amount` on a locked payment, never more than what was paid less
 * what was refunded and less what pending refunds will give back (422 `refund_exceeds_payment`;
 * the lock makes two concurrent refunds see each other). Cash is handed back at once, so a cash
 * refund completes in the same transaction; others wait for {@link sendRefund}.
 */
async function writeRefund(
  tx: TxContext,
  payment: PaymentRow,
  input: { amount: number; reason: string | null; restock: boolean },
): Promise<RefundRow> {
  const refundable = refundableAmount(payment, pendingTotal(await rq.pendingRefundsOf(tx.db, payment.id)));
  if (input.amount > refundable) {
    throw new AppError('refund_exceeds_payment', {
      detail: `At most ${amountText(refundable, payment.currency)} of this payment can still be refunded`,
      meta: { refundable: money(refundable, payment.currency) },
    });
  }
  const refund = await rq.insertRefund(tx.db, {
    paymentId: payment.id,
    orderId: payment.orderId,
    amount: input.amount,
    currency: payment.currency,
    reason: input.reason,
    restock: input.restock,
    createdBy: tx.actor?.id ?? null,
  });
  if (payment.method !== 'cod') return refund;
  await completeRefund(tx, { refundId: refund.id, status: 'succeeded', resultDesc: 'Cash handed back' });
  return (await rq.findRefund(tx.db, refund.id))!;
}

/** Returns the order's stock for a refund with `restock` (once per order; shipped or delivered only). */
async function restockOrder(tx: TxContext & { actor: Actor }, orderId: string): Promise<boolean> {
  const order = (await findOrderForPayment(tx, orderId))!;
  if (!RESTOCKABLE.has(order.status)) {
    throw new AppError('illegal_transition', {
      detail:
        order.status === 'cancelled'
          ? `Order ${order.number} is cancelled: its stock is already back`
          : `Order ${order.number} is ${order.status}: cancel it to return its stock`,
    });
  }
  if (await rq.orderRestocked(tx.db, orderId)) return false;
  const { items } = await getOrder(tx, orderId);
  await returnStock(
    tx,
    items
      .filter((l) => l.status !== 'cancelled')
      .map((l) => ({ variantId: l.variantId, quantity: l.quantity })),
  );
  return true;
}

/**
 * `POST /refunds` (admin), at most once per `Idempotency-Key`: in the idempotent transaction the
 * payment is locked, the amount checked and the pending refund committed with the key (stock
 * returned first when asked); only then is the provider called ({@link sendRefund}), with the
 * refund id as Stripe's idempotency key. Provider down: 503 `service_unavailable`, the refund
 * stays pending (its amount held) and a retry with the same key sends it again (the reconcile
 * job also sends it after a few minutes).
 */
export async function createRefund(
  ctx: AdminContext,
  input: { idempotencyKey: string | undefined; body: CreateRefundBody },
): Promise<{ status: number; body: Refund }> {
  const { body } = input;
  const started = await runIdempotent<Refund>(
    ctx,
    { userId: ctx.actor.id, key: input.idempotencyKey, method: 'POST', path: '/refunds', body },
    async (tx) => {
      const payment = await q.lockPayment(tx.db, body.paymentId);
      if (!payment) throw notFound('Payment');
      if (!REFUNDABLE_STATUSES.includes(payment.status) && payment.status !== 'refunded') {
        throw new AppError('illegal_transition', {
          detail: `This payment is ${payment.status}: nothing was paid to refund`,
        });
      }
      const restocked = body.restock
        ? await restockOrder({ ...tx, actor: ctx.actor }, payment.orderId)
        : false;
      const refund = await writeRefund(tx, payment, {
        amount: body.amount,
        reason: body.reason ?? null,
        restock: restocked,
      });
      return { status: 201, body: toRefund(refund) };
    },
  );
  const now = await sendRefund(ctx, started.body.id, { throwWhenDown: true });
  return { status: started.status, body: now ? toRefund(now) : started.body };
}

/**
 * Sends a pending refund to its provider, once: a conditional claim lets one sender through
 * (a Daraja reversal has no idempotency key), Stripe also gets the refund id as idempotency key.
 * Stripe answers at once (succeeded: completed here); a Daraja reversal stays pending until its
 * result arrives. A refusal fails the refund (its amount is refundable again); a provider that
 * is down releases the claim (503 when `throwWhenDown`, else left for the reconcile job).
 */
export async function sendRefund(
  ctx: PaymentsContext,
  refundId: string,
  options: { throwWhenDown?: boolean } = {},
): Promise<RefundRow | null> {
  const claimed = await rq.claimRefundSend(ctx.db, refundId, new Date());
  if (!claimed) return rq.findRefund(ctx.db, refundId);
  const payment = (await q.findPayment(ctx.db, claimed.paymentId))!;
  if (payment.method === 'cod' || !payment.providerReference) {
    ctx.log.error({ refundId }, 'refund of a payment no provider holds left pending');
    return claimed;
  }
  try {
    const started = await ctx.providers[payment.method].refund({
      refundId,
      paymentId: payment.id,
      providerReference: payment.providerReference,
      receipt: payment.receipt ?? undefined,
      amount: claimed.amount,
      currency: claimed.currency,
      reason: claimed.reason ?? undefined,
    });
    await rq.setRefundReference(ctx.db, refundId, started.providerReference);
    if (started.status !== 'pending') {
      await completeRefund(ctx, {
        refundId,
        status: started.status,
        resultDesc: started.status === 'failed' ? 'The provider refused the refund' : null,
      });
    }
  } catch (err) {
    if (err instanceof ProviderUnavailable) {
      await rq.releaseRefundSend(ctx.db, refundId);
      ctx.log.warn({ err, refundId }, 'refund provider unavailable');
      if (options.throwWhenDown) {
        throw serviceUnavailable(
          `${payment.method === 'mpesa' ? 'M-Pesa' : 'Stripe'} is not answering; try again`,
        );
      }
    } else if (err instanceof ProviderRejected) {
      ctx.log.warn({ err, refundId }, 'refund refused by the provider');
      await completeRefund(ctx, { refundId, status: 'failed', resultDesc: err.message });
    } else throw err;
  }
  return rq.findRefund(ctx.db, refundId);
}

/**
 * The cancellation hook, for money already taken: the order's settled payment is refunded in
 * full (what was paid less what was refunded or is being refunded), with no restock (cancelling
 * returned the stock) and no ledger reversal of its own (cancelling reversed the order). Cash
 * completes at once; a provider refund is sent from a job queued in this transaction.
 */
export async function refundCancelledOrder(tx: TxContext, orderId: string): Promise<void> {
  for (const settled of await rq.paymentsOfOrder(tx.db, orderId, ['paid', 'partially_refunded'])) {
    const payment = (await q.lockPayment(tx.db, settled.id))!;
    const amount = refundableAmount(payment, pendingTotal(await rq.pendingRefundsOf(tx.db, payment.id)));
    if (amount === 0) continue;
    const refund = await writeRefund(tx, payment, { amount, reason: 'Order cancelled', restock: false });
    if (refund.status === 'pending')
      await tx.jobs.send(REFUND_SEND_JOB, { refundId: refund.id }, { tx: tx.db });
  }
}

/** `GET /refunds` (admin): newest first, by payment, order or status. */
export async function listRefunds(ctx: AdminContext, query: RefundListQuery) {
  const { items, total } = await rq.listRefunds(
    ctx.db,
    { paymentId: query.paymentId, orderId: query.orderId, status: query.status },
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  return pageOf(items.map(toRefund), query, total);
}

/** `GET /refunds/{id}` (admin). */
export async function getRefund(ctx: AdminContext, id: string): Promise<Refund> {
  const row = await rq.findRefund(ctx.db, id);
  if (!row) throw notFound('Refund');
  return toRefund(row);
}
