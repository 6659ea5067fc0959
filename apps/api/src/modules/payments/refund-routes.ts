import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, requireRole } from '../../platform/auth.js';
import { contextFor } from '../../platform/context.js';
import type { Platform } from '../../platform/platform.js';
import { IdParams, Page, problems } from '../../platform/schema.js';
import { IdempotencyHeaders } from '../orders/index.js';
import { markCashPaid } from './cod.js';
import { paymentsInstance } from './instance.js';
import { CreateRefundBody, MarkPaidBody, Refund, RefundListQuery } from './refund-schema.js';
import { createRefund, getRefund, listRefunds } from './refunds.js';
import { Payment } from './schema.js';

const tags = ['payments'];

/** Admin money routes: cash on delivery marked paid, and refunds. */
export const refundRoutes: FastifyPluginAsync<{ platform: Platform }> = async (base, { platform }) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { providers } = paymentsInstance(platform);
  const admin = (request: FastifyRequest) => ({
    ...contextFor(platform, request),
    providers,
    actor: actorOf(request.actor),
  });
  const adminOnly = [app.authenticate, requireRole('admin')];

  app.post(
    '/payments/:id/mark-paid',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        operationId: 'markPaymentPaid',
        summary: 'Admin: record the cash of a cash-on-delivery payment as received',
        description:
          "Once: the payment becomes `paid`, the order's `paymentStatus` `paid` (the order keeps " +
          'its status), the ledger is posted, the customer gets `payment.updated` and a mail. ' +
          '`reference` (a receipt or delivery note) is kept as the receipt. A payment no longer ' +
          'pending (already marked paid, or cancelled with its order) or of another method: 409 ' +
          '`illegal_transition`.',
        params: IdParams,
        body: MarkPaidBody.nullish(),
        response: { 200: Payment, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => markCashPaid(admin(request), request.params.id, request.body?.reference),
  );

  app.post(
    '/refunds',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        operationId: 'createRefund',
        summary: 'Admin: give money back on a payment, in full or in part (Idempotency-Key required)',
        description:
          'At most what was paid less what was refunded or is being refunded: 422 ' +
          '`refund_exceeds_payment` otherwise. Stripe refunds through its Refunds API and is ' +
          'usually `succeeded` at once; an M-Pesa reversal is `pending` until Daraja sends its ' +
          'result; cash on delivery is `succeeded` at once (cash handed back). `restock` returns ' +
          "the order's stock once (shipped or delivered orders; before that, cancel the order: " +
          '409 `illegal_transition`). A payment that was never paid: 409. Provider down: 503 ' +
          '`service_unavailable`, the refund stays pending and a retry with the same key sends it.',
        headers: IdempotencyHeaders,
        body: CreateRefundBody,
        response: { 201: Refund, ...problems(400, 401, 403, 404, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const answer = await createRefund(admin(request), {
        idempotencyKey: request.headers['idempotency-key'],
        body: request.body,
      });
      return reply.status(answer.status as 201).send(answer.body);
    },
  );

  app.get(
    '/refunds',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        operationId: 'listRefunds',
        summary: 'Admin: refunds, newest first',
        querystring: RefundListQuery,
        response: { 200: Page(Refund), ...problems(400, 401, 403) },
      },
    },
    async (request) => listRefunds(admin(request), request.query),
  );

  app.get(
    '/refunds/:id',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        operationId: 'getRefund',
        summary: 'Admin: one refund',
        params: IdParams,
        response: { 200: Refund, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => getRefund(admin(request), request.params.id),
  );
};
