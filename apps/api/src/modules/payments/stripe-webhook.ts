import { withTx } from '../../platform/context.js';
import { validationFailed } from '../../platform/errors.js';
import { InvalidNotification, type RawNotification } from './providers/provider.js';
import * as q from './queries.js';
import { completeRefund } from './refund-complete.js';
import * as rq from './refund-queries.js';
import { matchChargeRefunded } from './refund-rules.js';
import type { PaymentsContext } from './service.js';
import { settlePayment, type ProviderEvent } from './settle.js';

const RECEIVED = { received: true as const };

/**
 * `POST /payments/webhook/stripe`: verifies the `Stripe-Signature` over the raw body (400
 * otherwise), then settles the PaymentIntent's payment through {@link settlePayment}, keyed by the
 * event id so each event acts once. A late `payment_intent.payment_failed` after `succeeded`
 * changes nothing (the payment is no longer pending); `charge.refunded` completes the refunds it
 * covers (each event once). Events about intents we do not know, and
 * event types we do not handle, are recorded and acknowledged.
 */
export async function receiveStripeWebhook(ctx: PaymentsContext, raw: RawNotification) {
  let note;
  try {
    note = ctx.providers.stripe.parseNotification(raw);
  } catch (err) {
    if (!(err instanceof InvalidNotification)) throw err;
    ctx.log.warn({ err }, 'Stripe webhook refused');
    throw validationFailed([{ path: 'headers.stripe-signature', message: 'does not match' }], err.message);
  }
  const payload = JSON.parse(raw.body.toString('utf8')) as unknown;
  const reference =
    note.kind === 'payment'
      ? note.outcome.providerReference
      : note.kind === 'refund'
        ? note.providerReference
        : null;
  const payment = reference ? await q.findPaymentByReference(ctx.db, 'stripe', reference) : null;
  if (note.kind === 'payment' && payment) {
    await settlePayment(ctx, {
      paymentId: payment.id,
      outcome: note.outcome,
      providerEvent: { provider: 'stripe', eventId: note.eventId, eventType: note.eventType, payload },
    });
    return RECEIVED;
  }
  if (note.kind === 'refund' && payment) {
    await chargeRefunded(ctx, payment.id, note.amountRefunded ?? 0, {
      provider: 'stripe',
      eventId: note.eventId,
      eventType: note.eventType,
      payload,
    });
    return RECEIVED;
  }
  await q.appendPaymentEvent(ctx.db, {
    provider: 'stripe',
    providerReference: note.eventId,
    eventType: note.eventType,
    paymentId: payment?.id ?? null,
    payload,
  });
  return RECEIVED;
}

/**
 * `charge.refunded`: Stripe's total refunded on the charge. Under the payment's lock, with the
 * event appended once: the pending refunds it covers (oldest first, beyond what is already
 * recorded) complete as succeeded through {@link completeRefund}. A refund already recorded (the
 * Refunds API answered `succeeded` first) leaves nothing to cover: harmless. A total that no
 * refund of ours explains (refunded in Stripe's dashboard) is logged for the admin, not guessed.
 */
async function chargeRefunded(
  ctx: PaymentsContext,
  paymentId: string,
  totalRefunded: number,
  event: ProviderEvent,
) {
  await withTx(ctx, async (tx) => {
    const payment = await q.lockPayment(tx.db, paymentId);
    if (!payment) return;
    if (!(await q.appendProviderEvent(tx.db, paymentId, event))) return;
    const pending = await rq.pendingRefundsOf(tx.db, paymentId);
    const { complete, unexplained } = matchChargeRefunded(payment.refundedAmount, totalRefunded, pending);
    for (const refundId of complete) {
      await completeRefund(tx, { refundId, status: 'succeeded', resultDesc: null });
    }
    if (unexplained > 0) {
      tx.log.warn({ paymentId, unexplained }, 'Stripe reports a refund Soko did not make');
    }
  });
}
