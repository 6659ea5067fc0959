import type { Module } from '../registry.js';
import { orderQueues, registerOrderJobs } from './jobs.js';
import { ordersRoutes } from './routes.js';
import { ordersSeed } from './seed.js';

export { heldForOrder, recordOrderPaid, recordRefund } from './service/ledger.js';
export { registerOrderPaymentHooks } from './service/payment-hooks.js';
export type {
  OrderPaymentHooks,
  OrderPaymentSummary,
  PaymentsToWrite,
  PlacedOrder,
} from './service/payment-hooks.js';
export type { RecordRefundInput } from './service/ledger.js';
export { findOrderForPayment, setOrderPaymentStatus } from './service/payment-status.js';
export { transitionOrder } from './service/transition.js';
export { getOrder } from './service/views.js';
export { IdempotencyHeaders, Order } from './schema.js';
export type { OrderRow } from '../../db/schema/orders.js';

/** Orders, their state machine, and the marketplace ledger with seller payouts. */
export const ordersModule: Module = {
  name: 'orders',
  routes: ordersRoutes,
  jobs: registerOrderJobs,
  queues: orderQueues,
  errorCodes: [
    'not_found',
    'forbidden',
    'not_authenticated',
    'validation_failed',
    'illegal_transition',
    'out_of_stock',
    'refund_exceeds_payment',
  ],
  seed: ordersSeed,
};
