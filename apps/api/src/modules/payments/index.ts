import type { Module } from '../registry.js';
import { paymentQueues, registerPaymentJobs } from './reconcile.js';
import { paymentsRoutes } from './routes.js';

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
    'service_unavailable',
  ],
};
