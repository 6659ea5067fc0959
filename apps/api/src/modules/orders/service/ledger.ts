import type { Actor } from '../../../platform/auth.js';
import { withTx, type ServiceContext } from '../../../platform/context.js';
import { AppError, forbidden, notFound } from '../../../platform/errors.js';
import { money, pageOf } from '../../../platform/schema.js';
import { findUserContacts } from '../../users/index.js';
import { orderNotFound, payoutExceedsBalance } from '../errors.js';
import * as lq from '../ledger-queries.js';
import { heldAfter, paymentPostings, payoutPostings, refundPostings } from '../ledger-rules.js';
import * as q from '../queries.js';
import type { CreatePayoutBody, Payout, PayoutListQuery, SetCommissionBody } from '../schema.js';
import { readTogether } from '../../../platform/statements.js';

type ActorContext = ServiceContext & { actor: Actor };

async function ratesFor(ctx: ServiceContext, sellerIds: string[]) {
  const overrides = await lq.commissionOverrides(ctx.db, sellerIds);
  return (sellerId: string) => overrides.get(sellerId) ?? ctx.config.marketplaceCommissionBps;
}

/**
 * Posts an order's payment to the ledger: each line credits its seller the line's net less the
 * commission (the seller's override, else MARKETPLACE_COMMISSION_BPS) and the shop the
 * commission; shipping and tax go to the shop's own accounts; cash is debited the total.
 * Idempotent: a second call for the same order posts nothing (unique index). Runs in the
 * caller's transaction when there is one. For the payments module (and COD mark-paid).
 */
export async function recordOrderPaid(ctx: ServiceContext, orderId: string): Promise<void> {
  await withTx(ctx, async (tx) => {
    const order = await q.findOrder(tx.db, orderId);
    if (!order) throw orderNotFound();
    const lines = await q.linesOf(tx.db, [orderId]);
    const rate = await ratesFor(tx, [...new Set(lines.map((l) => l.sellerId))]);
    const entries = paymentPostings({
      lines: lines.map((l) => ({
        lineId: l.id,
        sellerId: l.sellerId,
        net: l.lineTotal - l.discount - (order.taxIncluded ? l.tax : 0),
      })),
      shipping: order.shipping,
      tax: order.tax,
      commissionBps: rate,
    });
    const amount = -entries[0]!.amount;
    if (amount <= 0) return;
    await lq.insertPosting(
      tx.db,
      {
        kind: 'payment',
        orderId,
        amount,
        currency: order.currency,
        createdBy: ctx.actor?.id ?? null,
        createdAt: ctx.now,
      },
      entries,
    );
  });
}

export interface RecordRefundInput {
  orderId: string;
  /** Minor units given back to the customer. */
  amount: number;
  /** Only these order lines' shares (and not shipping or tax); absent: the whole order in proportion. */
  lines?: string[];
  reference?: string;
}

/**
 * Posts a refund: reversing entries spread over what the order still holds (in proportion,
 * parts summing exactly to `amount`); history is never edited, and a seller's balance may go
 * negative when it was already paid out. More than what the order holds: 422
 * `refund_exceeds_payment`. For the payments module's refunds and for cancelling a paid order.
 */
export async function recordRefund(ctx: ServiceContext, input: RecordRefundInput): Promise<void> {
  await withTx(ctx, async (tx) => {
    const order = await q.findOrder(tx.db, input.orderId);
    if (!order) throw orderNotFound();
    const all = await lq.entriesOfOrder(tx.db, input.orderId);
    const only = input.lines ? new Set(input.lines) : null;
    const held = heldAfter(all).filter((e) => !only || (e.orderLineId !== null && only.has(e.orderLineId)));
    let entries;
    try {
      entries = refundPostings(held, input.amount);
    } catch {
      throw new AppError('refund_exceeds_payment', {
        detail: 'The refund is more than what was paid for the order less what was refunded',
      });
    }
    await lq.insertPosting(
      tx.db,
      {
        kind: 'refund',
        orderId: input.orderId,
        amount: input.amount,
        currency: order.currency,
        reference: input.reference ?? null,
        createdBy: ctx.actor?.id ?? null,
        createdAt: ctx.now,
      },
      entries,
    );
  });
}

/** What the order still holds in the ledger (paid less refunded); 0 when never paid. */
export async function heldForOrder(ctx: ServiceContext, orderId: string): Promise<number> {
  const held = heldAfter(await lq.entriesOfOrder(ctx.db, orderId));
  return held.reduce((sum, e) => sum + e.amount, 0);
}

const toPayout = (row: Awaited<ReturnType<typeof lq.findTransaction>> & object): Payout => ({
  id: row.id,
  sellerId: row.sellerId!,
  amount: money(row.amount, row.currency),
  reference: row.reference,
  createdAt: row.createdAt.toISOString(),
});

/**
 * Admin: records money paid out to a seller (bank transfer, M-Pesa B2C done outside): the
 * seller's balance goes down by `amount`. Refused (400) above the seller's current balance,
 * checked under a per-seller lock so two payouts at once cannot overdraw.
 */
export async function createPayout(ctx: ActorContext, input: CreatePayoutBody): Promise<Payout> {
  if (ctx.actor.role !== 'admin') throw forbidden();
  return withTx(ctx, async (tx) => {
    const [seller] = await findUserContacts(tx, [input.sellerId]);
    if (!seller || seller.role !== 'seller') throw notFound('Seller');
    await lq.lockSellerLedger(tx.db, input.sellerId);
    const [balance] = await lq.sellerBalances(tx.db, input.sellerId);
    if (input.amount > (balance?.balance ?? 0)) throw payoutExceedsBalance(balance?.balance ?? 0);
    const id = await lq.insertPosting(
      tx.db,
      {
        kind: 'payout',
        sellerId: input.sellerId,
        amount: input.amount,
        currency: ctx.config.storeCurrency,
        reference: input.reference,
        createdBy: ctx.actor.id,
        createdAt: ctx.now,
      },
      payoutPostings(input.sellerId, input.amount),
    );
    return toPayout((await lq.findTransaction(tx.db, id!))!);
  });
}

/**
 * Payouts and balances. A seller sees its own balance and payouts; an admin every seller's (or
 * one's, with `sellerId`); a customer is refused.
 */
export async function listPayouts(ctx: ActorContext, query: PayoutListQuery) {
  if (ctx.actor.role === 'customer') throw forbidden();
  const sellerId = ctx.actor.role === 'seller' ? ctx.actor.id : query.sellerId;
  const [{ items, total }, balances] = await readTogether(
    ctx.db,
    async () => lq.listPayoutRows(ctx.db, sellerId, query.pageSize, (query.page - 1) * query.pageSize),
    async () => lq.sellerBalances(ctx.db, sellerId),
  );
  if (sellerId && balances.length === 0) balances.push({ sellerId, balance: 0 });
  const rate = await ratesFor(
    ctx,
    balances.map((b) => b.sellerId),
  );
  return {
    ...pageOf(items.map(toPayout), query, total),
    balances: balances.map((b) => ({
      sellerId: b.sellerId,
      balance: money(b.balance, ctx.config.storeCurrency),
      commissionBps: rate(b.sellerId),
    })),
  };
}

/**
 * Admin: sets a seller's commission override (basis points), or removes it with null so the
 * shop default applies. Applies to payments posted from now on; posted entries never change.
 */
export async function setSellerCommission(ctx: ActorContext, sellerId: string, input: SetCommissionBody) {
  if (ctx.actor.role !== 'admin') throw forbidden();
  const [seller] = await findUserContacts(ctx, [sellerId]);
  if (!seller || seller.role !== 'seller') throw notFound('Seller');
  if (input.commissionBps === null) await lq.deleteCommission(ctx.db, sellerId);
  else await lq.upsertCommission(ctx.db, sellerId, input.commissionBps, ctx.actor.id, ctx.now);
  const [balance] = await lq.sellerBalances(ctx.db, sellerId);
  return {
    sellerId,
    balance: money(balance?.balance ?? 0, ctx.config.storeCurrency),
    commissionBps: input.commissionBps ?? ctx.config.marketplaceCommissionBps,
  };
}
