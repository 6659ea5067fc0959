import type { Actor } from '../../platform/auth.js';
import { AppError, notFound, serviceUnavailable } from '../../platform/errors.js';
import { runIdempotent } from '../../platform/idempotency.js';
import { money } from '../../platform/schema.js';
import { findOrderForPayment, setOrderPaymentStatus } from '../orders/index.js';
import { normalisePhone } from './providers/mpesa-rules.js';
import { ProviderRejected, ProviderUnavailable } from './providers/provider.js';
import * as q from './queries.js';
import {
  toAdminPaymentMethod,
  type CreatePaymentBody,
  type PaymentStarted,
  type TestCardOutcome,
} from './schema.js';
import type { PaymentsContext } from './service.js';

type ActorContext = PaymentsContext & { actor: Actor };

/** The order's payment status values from which the shopper may (re)try paying. */
const PAYABLE = new Set(['unpaid', 'pending', 'failed']);

const methodUnavailable = (detail: string) => new AppError('payment_method_unavailable', { detail });

/**
 * `POST /payments` (and `/payments/mpesa/initiate`): starts paying the caller's order, at most
 * once per `Idempotency-Key`. First, in the idempotent transaction, the checks (own order,
 * `pending_payment`, method enabled and taking the order's currency, an M-Pesa phone) and the
 * `pending` payment row commit with the key; only then is the provider called, with the payment
 * id as its idempotency key. Provider down: 503 `service_unavailable`, the order stays
 * `pending_payment` and a retry (same key or a new one) sends the same unsent attempt again.
 */
export async function createPayment(
  ctx: ActorContext,
  input: { idempotencyKey: string | undefined; path: string; body: CreatePaymentBody },
): Promise<{ status: number; body: PaymentStarted }> {
  const { body } = input;
  const started = await runIdempotent<PaymentStarted>(
    ctx,
    { userId: ctx.actor.id, key: input.idempotencyKey, method: 'POST', path: input.path, body },
    async (tx) => {
      const order = await findOrderForPayment(tx, body.orderId);
      if (!order || order.userId !== ctx.actor.id) throw notFound('Order');
      if (order.status !== 'pending_payment' || !PAYABLE.has(order.paymentStatus)) {
        throw new AppError('illegal_transition', {
          detail: `Order ${order.number} is ${order.status} (payment ${order.paymentStatus}): nothing to pay`,
        });
      }
      if (body.method === 'cod')
        throw methodUnavailable('Cash on delivery is chosen when the order is placed');
      const row = await q.findPaymentMethod(tx.db, body.method);
      const method = toAdminPaymentMethod(row, ctx.config.storeCurrency, ctx.providers[body.method].testMode);
      if (!method.enabled || !method.currencies.includes(order.currency)) {
        throw methodUnavailable(`${method.name} is not available for ${order.currency} payments`);
      }
      const phone = body.method === 'mpesa' ? normalisePhone(body.phone ?? '') : null;
      const payment =
        (await q.findUnsentAttempt(tx.db, order.id, body.method)) ??
        (await q.insertPayment(tx.db, {
          orderId: order.id,
          userId: order.userId,
          method: body.method,
          amount: order.total,
          currency: order.currency,
          phone,
        }));
      await setOrderPaymentStatus(tx, order.id, 'pending');
      return {
        status: 201,
        body: {
          paymentId: payment.id,
          status: 'pending' as const,
          method: body.method,
          amount: money(payment.amount, payment.currency),
        },
      };
    },
  );
  return { status: started.status, body: await sendToProvider(ctx, started.body, body.phone) };
}

/**
 * Calls the provider for a committed attempt, unless it already reached it: an M-Pesa prompt is
 * not sent twice (its CheckoutRequestID is answered again); Stripe answers the same
 * PaymentIntent for the same payment id, so its client secret is fetched again that way.
 */
async function sendToProvider(
  ctx: ActorContext,
  started: PaymentStarted,
  phone: string | undefined,
): Promise<PaymentStarted> {
  const payment = await q.findPayment(ctx.db, started.paymentId);
  if (!payment || payment.method === 'cod') return started;
  const view = { ...started, status: payment.status };
  if (payment.status !== 'pending') return view;
  if (payment.method === 'mpesa' && payment.providerReference) {
    return { ...view, checkoutRequestId: payment.providerReference, message: payment.message ?? undefined };
  }
  const order = await findOrderForPayment(ctx, payment.orderId);
  try {
    const initiated = await ctx.providers[payment.method].initiate({
      paymentId: payment.id,
      orderId: payment.orderId,
      orderNumber: order!.number.slice(0, 12),
      amount: payment.amount,
      currency: payment.currency,
      phone: payment.phone ?? phone,
    });
    if (!payment.providerReference) {
      await q.setProviderReference(ctx.db, payment.id, initiated.providerReference, initiated.message);
    }
    return {
      ...view,
      message: initiated.message,
      ...(payment.method === 'mpesa'
        ? { checkoutRequestId: initiated.providerReference }
        : { clientSecret: initiated.clientSecret }),
    };
  } catch (err) {
    if (err instanceof ProviderUnavailable) {
      ctx.log.warn({ err, paymentId: payment.id }, 'payment provider unavailable');
      throw serviceUnavailable(
        `${payment.method === 'mpesa' ? 'M-Pesa' : 'Stripe'} is not answering; try again`,
      );
    }
    if (err instanceof ProviderRejected) {
      ctx.log.warn({ err, paymentId: payment.id }, 'payment provider refused the attempt');
      throw methodUnavailable(`The payment provider refused this payment: ${err.message}`);
    }
    throw err;
  }
}

/**
 * Sandbox Stripe only (`POST /payments/{id}/test-card`): confirms the caller's pending card
 * payment with a documented test card, as Stripe.js confirms a PaymentIntent in the browser with
 * live keys (there the card never reaches this API). The simulator then sends its signed webhook,
 * which settles the payment through the one settle path. Live keys: 422.
 */
export async function confirmTestCard(
  ctx: ActorContext,
  paymentId: string,
  cardNumber: string,
): Promise<TestCardOutcome> {
  const payment = await q.findPayment(ctx.db, paymentId);
  if (!payment || payment.userId !== ctx.actor.id || payment.method !== 'stripe') throw notFound('Payment');
  if (!ctx.providers.stripe.testMode) {
    throw methodUnavailable(
      'Test cards work in the sandbox only; with live keys Stripe.js confirms the card',
    );
  }
  if (payment.status !== 'pending' || !payment.providerReference) {
    throw new AppError('illegal_transition', {
      detail: `This payment is ${payment.status}: start a new one`,
    });
  }
  try {
    const outcome = await ctx.providers.stripe.confirmTestPayment(payment.providerReference, cardNumber);
    return { paymentId, status: outcome.status, message: outcome.message };
  } catch (err) {
    if (err instanceof ProviderUnavailable) throw serviceUnavailable('Stripe is not answering; try again');
    if (err instanceof ProviderRejected) throw new AppError('validation_failed', { detail: err.message });
    throw err;
  }
}
