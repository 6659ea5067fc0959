import { contextFor } from '../../platform/context.js';
import type { Platform } from '../../platform/platform.js';
import { paymentsInstance } from './instance.js';
import { ProviderRejected, ProviderUnavailable } from './providers/provider.js';
import * as q from './queries.js';
import { unsentRefundsBefore } from './refund-queries.js';
import { REFUND_SEND_JOB, sendRefund } from './refunds.js';
import type { PaymentsContext } from './service.js';
import { settlePayment } from './settle.js';

export const PAYMENT_RECONCILE_JOB = 'payments.reconcile';
export const paymentQueues = [PAYMENT_RECONCILE_JOB, REFUND_SEND_JOB];

/** A payment still pending this long after it started is asked about (its callback may be lost). */
export const RECONCILE_AFTER_MINUTES = 3;
/** At most this many provider queries per run, one after another (Daraja rate-limits queries). */
export const RECONCILE_BATCH = 20;
const RECONCILE_EVERY_MS = 60_000;
const PAUSE_BETWEEN_QUERIES_MS = 250;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Asks the provider about online payments pending past {@link RECONCILE_AFTER_MINUTES}, oldest
 * first, at most {@link RECONCILE_BATCH} a run with a pause between queries, and settles final
 * answers through {@link settlePayment} (the same path as callbacks and webhooks). A provider that
 * is down or refuses the query leaves the payment for the next run. Returns how many it settled.
 */
export async function reconcilePayments(
  ctx: PaymentsContext,
  options: { pauseMs?: number } = {},
): Promise<number> {
  const cutoff = new Date(ctx.now.getTime() - RECONCILE_AFTER_MINUTES * 60_000);
  const pending = await q.pendingPaymentsBefore(ctx.db, cutoff, RECONCILE_BATCH);
  let settled = 0;
  for (const [i, payment] of pending.entries()) {
    if (i > 0) await sleep(options.pauseMs ?? PAUSE_BETWEEN_QUERIES_MS);
    if (payment.method === 'cod' || !payment.providerReference) continue;
    try {
      const outcome = await ctx.providers[payment.method].query(payment.providerReference);
      if (outcome.status === 'pending') continue;
      const done = await settlePayment(ctx, {
        paymentId: payment.id,
        outcome,
        providerEvent: {
          provider: payment.method,
          eventId: payment.providerReference,
          eventType: 'reconcile_query',
          payload: outcome,
        },
      });
      if (done) settled += 1;
    } catch (err) {
      if (!(err instanceof ProviderUnavailable || err instanceof ProviderRejected)) throw err;
      ctx.log.warn({ err, paymentId: payment.id }, 'reconcile could not query the provider');
    }
  }
  return settled;
}

/**
 * Sends refunds left unsent past {@link RECONCILE_AFTER_MINUTES} (the provider was down when the
 * admin or the cancellation asked), at most {@link RECONCILE_BATCH} a run. Returns how many it tried.
 */
export async function sendUnsentRefunds(ctx: PaymentsContext): Promise<number> {
  const cutoff = new Date(ctx.now.getTime() - RECONCILE_AFTER_MINUTES * 60_000);
  const unsent = await unsentRefundsBefore(ctx.db, cutoff, RECONCILE_BATCH);
  for (const refund of unsent) await sendRefund(ctx, refund.id);
  return unsent.length;
}

/**
 * The reconcile job's handler (payments, then unsent refunds), the refund sender's, and a timer
 * queueing the reconcile every minute (run by the worker).
 */
export function registerPaymentJobs(platform: Platform): void {
  const pctx = (): PaymentsContext => ({
    ...contextFor(platform),
    providers: paymentsInstance(platform).providers,
  });
  platform.jobs.handle<Record<string, never>>(PAYMENT_RECONCILE_JOB, async () => {
    await reconcilePayments(pctx());
    await sendUnsentRefunds(pctx());
  });
  platform.jobs.handle<{ refundId: string }>(REFUND_SEND_JOB, async ({ refundId }) => {
    await sendRefund(pctx(), refundId);
  });
  setInterval(() => {
    platform.jobs
      .send(PAYMENT_RECONCILE_JOB, {})
      .catch((err: unknown) => platform.log.error({ err }, 'could not queue the payment reconcile'));
  }, RECONCILE_EVERY_MS).unref();
}
