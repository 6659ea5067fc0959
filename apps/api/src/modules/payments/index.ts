import { registerOrderPaymentHooks } from '../orders/index.js';
import type { Module } from '../registry.js';
import { cancelCashPayment, cashPaymentOf } from './cod.js';
import { paymentQueues, registerPaymentJobs } from './reconcile.js';
import { deletePaymentsOfOrders } from './refund-queries.js';
import { refundCancelledOrder } from './refunds.js';
import { paymentsRoutes } from './routes.js';
import { orderPaymentSummaries } from './views.js';

// Inside the orders module's transactions: cash on delivery's pending payment at placement; at
// cancellation, cash not collected is cancelled and money taken is refunded in full.
registerOrderPaymentHooks({
  placing: cashPaymentOf,
  async cancelled(tx, before) {
    await cancelCashPayment(tx, before.id);
    await refundCancelledOrder(tx, before.id);
  },
  deleting: (ctx, orderIds) => deletePaymentsOfOrders(ctx.db, orderIds),
  summaries: orderPaymentSummaries,
});

/** Payment methods and their providers (M-Pesa through Daraja, Stripe, cash on delivery). */
export const paymentsModule: Module = {
  name: 'payments',
  routes: paymentsRoutes,
  jobs: registerPaymentJobs,
  queues: paymentQueues,
  errorCodes: [
    'validation_failed',
    'idempotency_key_required',
    'idempotency_key_reused',
    'idempotency_in_progress',
    'not_authenticated',
    'forbidden',
    'not_found',
    'illegal_transition',
    'payment_method_unavailable',
    'refund_exceeds_payment',
    'service_unavailable',
  ],
};
