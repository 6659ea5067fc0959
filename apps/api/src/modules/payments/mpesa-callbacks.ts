import { timingSafeEqual } from 'node:crypto';
import type { Actor } from '../../platform/auth.js';
import { notFound, serviceUnavailable } from '../../platform/errors.js';
import { mpesaCallbackSecret } from './providers/providers.js';
import { InvalidNotification, ProviderRejected, ProviderUnavailable } from './providers/provider.js';
import * as q from './queries.js';
import { completeRefund } from './refund-complete.js';
import * as rq from './refund-queries.js';
import type { PaymentsContext } from './service.js';
import { settlePayment } from './settle.js';

export const MPESA_ACK = { ResultCode: 0 as const, ResultDesc: 'Accepted' };

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Another secret in the callback URL: 404, as if the route did not exist. */
export function checkCallbackSecret(ctx: PaymentsContext, secret: string) {
  if (!sameSecret(secret, mpesaCallbackSecret(ctx.config))) throw notFound('Route');
}

/**
 * `POST /payments/mpesa/callback/{secret}`: a Daraja STK callback. Never trusted on its own: the
 * attempt is looked up by its CheckoutRequestID and Daraja is asked (STK Push Query); only the
 * query's final answer settles, through {@link settlePayment}, and a "paid" callback whose amount
 * is below the asked amount settles nothing. Unknown, forged or unreadable callbacks are logged
 * and acknowledged; Daraja always gets `{ ResultCode: 0 }`.
 */
export async function receiveMpesaCallback(ctx: PaymentsContext, secret: string, body: Buffer) {
  checkCallbackSecret(ctx, secret);
  try {
    const note = ctx.providers.mpesa.parseNotification({ body, headers: {} });
    if (note.kind !== 'payment') {
      ctx.log.warn({ eventType: note.eventType }, 'M-Pesa callback of another kind ignored');
      return MPESA_ACK;
    }
    const payment = await q.findPaymentByReference(ctx.db, 'mpesa', note.outcome.providerReference);
    if (!payment) {
      ctx.log.warn(
        { checkoutRequestId: note.outcome.providerReference },
        'M-Pesa callback for an unknown attempt',
      );
      return MPESA_ACK;
    }
    const confirmed = await ctx.providers.mpesa.query(note.outcome.providerReference);
    if (confirmed.status !== note.outcome.status) {
      ctx.log.warn(
        { paymentId: payment.id, callback: note.outcome.status, query: confirmed.status },
        'M-Pesa callback not confirmed by the STK Push Query: ignored',
      );
      return MPESA_ACK;
    }
    await settlePayment(ctx, {
      paymentId: payment.id,
      outcome: { ...confirmed, amountPaid: note.outcome.amountPaid, receipt: note.outcome.receipt },
      providerEvent: {
        provider: 'mpesa',
        eventId: note.eventId,
        eventType: note.eventType,
        payload: JSON.parse(body.toString('utf8')),
      },
    });
  } catch (err) {
    if (!(
      err instanceof InvalidNotification ||
      err instanceof ProviderRejected ||
      err instanceof ProviderUnavailable
    )) {
      throw err;
    }
    ctx.log.warn({ err }, 'M-Pesa callback ignored');
  }
  return MPESA_ACK;
}

/**
 * `POST /payments/mpesa/reversal/{secret}`: a Daraja Reversal result (or its queue time-out).
 * Trusted only when its ConversationID is a refund of ours still pending; anything else is
 * logged and acknowledged. Result 0: the refund succeeded; any other: it failed and its amount
 * is refundable again. Each result acts once (appended by ConversationID); Daraja always gets
 * `{ ResultCode: 0 }`.
 */
export async function receiveMpesaReversal(ctx: PaymentsContext, secret: string, body: Buffer) {
  checkCallbackSecret(ctx, secret);
  let note;
  try {
    note = ctx.providers.mpesa.parseNotification({ body, headers: {} });
  } catch (err) {
    if (!(err instanceof InvalidNotification)) throw err;
    ctx.log.warn({ err }, 'M-Pesa reversal result ignored');
    return MPESA_ACK;
  }
  if (note.kind !== 'refund' || note.status === 'pending') {
    ctx.log.warn({ eventType: note.eventType }, 'M-Pesa message of another kind on the reversal URL ignored');
    return MPESA_ACK;
  }
  const refund = await rq.findRefundByReference(ctx.db, note.providerReference);
  if (!refund || refund.status !== 'pending') {
    ctx.log.warn(
      { conversationId: note.providerReference, refundStatus: refund?.status ?? null },
      'M-Pesa reversal result for no pending refund: ignored',
    );
    return MPESA_ACK;
  }
  await completeRefund(ctx, {
    refundId: refund.id,
    status: note.status,
    resultDesc: note.resultDesc,
    providerEvent: {
      provider: 'mpesa',
      eventId: note.eventId,
      eventType: note.eventType,
      payload: JSON.parse(body.toString('utf8')),
    },
  });
  return MPESA_ACK;
}

/**
 * `GET /payments/mpesa/transactions/{checkoutRequestId}/status`: the attempt as the owner (or an
 * admin) sees it; while pending, Daraja is asked and a final answer settles the payment here,
 * through the same path as the callback.
 */
export async function mpesaTransactionStatus(
  ctx: PaymentsContext & { actor: Actor },
  checkoutRequestId: string,
) {
  let payment = await q.findPaymentByReference(ctx.db, 'mpesa', checkoutRequestId);
  if (!payment || (payment.userId !== ctx.actor.id && ctx.actor.role !== 'admin'))
    throw notFound('Transaction');
  if (payment.status === 'pending') {
    try {
      const outcome = await ctx.providers.mpesa.query(checkoutRequestId);
      if (outcome.status !== 'pending') {
        await settlePayment(ctx, {
          paymentId: payment.id,
          outcome,
          providerEvent: {
            provider: 'mpesa',
            eventId: checkoutRequestId,
            eventType: 'stk_query',
            payload: outcome,
          },
        });
        payment = (await q.findPayment(ctx.db, payment.id))!;
      }
    } catch (err) {
      if (err instanceof ProviderUnavailable) throw serviceUnavailable('M-Pesa is not answering; try again');
      if (!(err instanceof ProviderRejected)) throw err;
      ctx.log.warn({ err, paymentId: payment.id }, 'STK Push Query refused');
    }
  }
  return {
    checkoutRequestId,
    paymentId: payment.id,
    orderId: payment.orderId,
    status: payment.status,
    resultCode: payment.resultCode,
    resultDesc: payment.resultDesc,
  };
}
