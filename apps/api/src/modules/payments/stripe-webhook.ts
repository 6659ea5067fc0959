import { validationFailed } from '../../platform/errors.js';
import { InvalidNotification, type RawNotification } from './providers/provider.js';
import * as q from './queries.js';
import type { PaymentsContext } from './service.js';
import { settlePayment } from './settle.js';

const RECEIVED = { received: true as const };

/**
 * `POST /payments/webhook/stripe`: verifies the `Stripe-Signature` over the raw body (400
 * otherwise), then settles the PaymentIntent's payment through {@link settlePayment}, keyed by the
 * event id so each event acts once. A late `payment_intent.payment_failed` after `succeeded`
 * changes nothing (the payment is no longer pending). Events about intents we do not know, and
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
    // Refunds are started by POST /refunds (not built yet); Stripe's confirmation is recorded only.
    ctx.log.info(
      { paymentId: payment.id, amountRefunded: note.amountRefunded },
      'Stripe charge.refunded recorded',
    );
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
