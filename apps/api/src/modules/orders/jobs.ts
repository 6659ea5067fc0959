import { contextFor, type ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { sweepIdempotencyKeys } from '../../platform/idempotency.js';
import type { Platform } from '../../platform/platform.js';
import { orderConfirmationMail } from './mails.js';
import * as q from './queries.js';
import { transitionOrder } from './service/transition.js';
import { orderOf } from './service/views.js';

export const ORDER_CONFIRMATION_JOB = 'orders.confirmation-mail';
export const ORDER_PAYMENT_TIMEOUT_JOB = 'orders.payment-timeout';
/** Queues orders send to inside the placement transaction (declared at start). */
export const orderQueues = [ORDER_CONFIRMATION_JOB, ORDER_PAYMENT_TIMEOUT_JOB];

interface OrderJob {
  orderId: string;
}

const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Cancels an unpaid order whose payment time ran out, giving its stock back. Already paid or
 * cancelled: nothing to do (the transition table refuses, and that is the answer).
 */
export async function expireUnpaidOrder(ctx: ServiceContext, orderId: string): Promise<boolean> {
  const order = await q.findOrder(ctx.db, orderId);
  if (!order || order.status !== 'pending_payment') return false;
  const minutes = ctx.config.orderPaymentTimeoutMinutes;
  if (order.createdAt.getTime() + minutes * 60_000 > ctx.now.getTime()) return false;
  try {
    await transitionOrder(ctx, orderId, 'cancelled', {
      by: 'system',
      note: `not paid within ${minutes} minutes`,
    });
    return true;
  } catch (err) {
    if (err instanceof AppError && err.code === 'illegal_transition') return false;
    throw err;
  }
}

/**
 * The hourly sweep: deletes idempotency keys older than 24 h, and cancels unpaid orders whose
 * timeout job was lost (a backstop; the delayed job queued at placement is the normal path).
 */
export async function sweepOrders(ctx: ServiceContext): Promise<{ keys: number; expired: number }> {
  const keys = await sweepIdempotencyKeys(ctx);
  const before = new Date(ctx.now.getTime() - ctx.config.orderPaymentTimeoutMinutes * 60_000);
  let expired = 0;
  for (const id of await q.findExpiredUnpaid(ctx.db, before, 500)) {
    if (await expireUnpaidOrder(ctx, id)) expired += 1;
  }
  return { keys, expired };
}

/** The orders module's job handlers and its hourly sweep (run by the worker). */
export function registerOrderJobs(platform: Platform): void {
  platform.jobs.handle<OrderJob>(ORDER_CONFIRMATION_JOB, async ({ orderId }) => {
    const ctx = contextFor(platform);
    const row = await q.findOrder(ctx.db, orderId);
    if (!row) return;
    const order = await orderOf(ctx, row);
    await platform.mailer.send(
      orderConfirmationMail(row.customerEmail, row.customerName, order, platform.config.publicWebUrl),
    );
  });
  platform.jobs.handle<OrderJob>(ORDER_PAYMENT_TIMEOUT_JOB, async ({ orderId }) => {
    await expireUnpaidOrder(contextFor(platform), orderId);
  });
  const sweep = () =>
    sweepOrders(contextFor(platform)).catch((err: unknown) =>
      platform.log.error({ err }, 'orders sweep failed'),
    );
  setInterval(sweep, SWEEP_INTERVAL_MS).unref();
}
