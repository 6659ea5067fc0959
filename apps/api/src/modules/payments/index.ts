import type { Module } from '../registry.js';
import { paymentsRoutes } from './routes.js';

/** Payment methods and their providers (M-Pesa through Daraja, Stripe, cash on delivery). */
export const paymentsModule: Module = {
  name: 'payments',
  routes: paymentsRoutes,
  errorCodes: ['validation_failed'],
};
