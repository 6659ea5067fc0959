import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, requireRole } from '../../platform/auth.js';
import { contextFor } from '../../platform/context.js';
import type { Platform } from '../../platform/platform.js';
import { IdParams, Page, problems } from '../../platform/schema.js';
import { IdempotencyHeaders } from '../orders/index.js';
import { paymentsInstance } from './instance.js';
import { mpesaTransactionStatus, receiveMpesaCallback, receiveMpesaReversal } from './mpesa-callbacks.js';
import { confirmTestCard, createPayment } from './pay.js';
import { refundRoutes } from './refund-routes.js';
import { receiveStripeWebhook } from './stripe-webhook.js';
import { getPayment, listPayments } from './views.js';
import {
  CreatePaymentBody,
  MpesaAck,
  MpesaCallbackParams,
  MpesaInitiateBody,
  MpesaStatusParams,
  MpesaTransactionStatus,
  Payment,
  PaymentListQuery,
  PaymentStarted,
  StripeAck,
  TestCardBody,
  TestCardOutcome,
  AdminPaymentMethod,
  AdminPaymentMethodList,
  PaymentMethodList,
  PaymentMethodParams,
  UpdatePaymentMethodBody,
} from './schema.js';
import {
  getPaymentMethod,
  listAdminPaymentMethods,
  listPaymentMethods,
  updatePaymentMethod,
  type PaymentsContext,
} from './service.js';

const tags = ['payments'];

const bodyBytes = (body: unknown) => (Buffer.isBuffer(body) ? body : Buffer.alloc(0));

export const paymentsRoutes: FastifyPluginAsync<{ platform: Platform }> = async (base, { platform }) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  // The sandboxes post their callbacks to this very app, in process (their URLs carry
  // PUBLIC_API_URL; only the path is used), so `npm start` and tests need no reachable URL.
  const instance = paymentsInstance(platform);
  instance.deliver ??= async (url, payload, headers) => {
    const answer = await base.inject({ method: 'POST', url: new URL(url).pathname, payload, headers });
    if (answer.statusCode >= 300) throw new Error(`sandbox callback answered ${answer.statusCode}`);
  };
  // A callback the sandbox still has scheduled when the app closes goes nowhere.
  base.addHook('onClose', async () => {
    instance.deliver = async () => {};
  });
  const { providers } = instance;
  const pctx = (request: FastifyRequest): PaymentsContext => ({
    ...contextFor(platform, request),
    providers,
  });
  const admin = (request: FastifyRequest) => ({ ...pctx(request), actor: actorOf(request.actor) });
  const adminOnly = [app.authenticate, requireRole('admin')];
  const signedIn = [app.authenticate];
  await app.register(refundRoutes, { platform });

  app.post(
    '/payments',
    {
      preHandler: signedIn,
      schema: {
        tags,
        operationId: 'createPayment',
        summary: "Start paying the caller's order (Idempotency-Key required)",
        description:
          "The order must be the caller's and `pending_payment` (a failed attempt may be retried). " +
          'M-Pesa sends an STK Push to `phone` and answers `checkoutRequestId`; Stripe answers the ' +
          'PaymentIntent `clientSecret`. Method off or not taking the currency: 422 ' +
          '`payment_method_unavailable`; provider down: 503 `service_unavailable` (retry).',
        headers: IdempotencyHeaders,
        body: CreatePaymentBody,
        response: { 201: PaymentStarted, ...problems(400, 401, 404, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const answer = await createPayment(admin(request), {
        idempotencyKey: request.headers['idempotency-key'],
        path: '/payments',
        body: request.body,
      });
      return reply.status(answer.status as 201).send(answer.body);
    },
  );

  app.post(
    '/payments/:id/test-card',
    {
      preHandler: signedIn,
      schema: {
        tags,
        operationId: 'confirmTestCard',
        summary: "Sandbox: pay the caller's pending card payment with a Stripe test card",
        description:
          'Only while Stripe runs on its built-in simulator (`testMode`; live keys: 422 ' +
          '`payment_method_unavailable`, the browser confirms with Stripe.js instead). 4242 4242 4242 ' +
          '4242 succeeds, 4000 0000 0000 0002 is declined, another number is 400. The payment settles ' +
          "when the simulator's signed webhook lands (then `payment.updated` on /ws). Not the caller's " +
          'card payment: 404; not pending: 409 `illegal_transition`.',
        params: IdParams,
        body: TestCardBody,
        response: { 200: TestCardOutcome, ...problems(400, 401, 404, 409, 422, 503) },
      },
    },
    async (request) => confirmTestCard(admin(request), request.params.id, request.body.cardNumber),
  );

  app.post(
    '/payments/mpesa/initiate',
    {
      preHandler: signedIn,
      schema: {
        tags,
        operationId: 'initiateMpesaPayment',
        summary: "Send an M-Pesa STK Push for the caller's order (POST /payments with mpesa)",
        headers: IdempotencyHeaders,
        body: MpesaInitiateBody,
        response: { 201: PaymentStarted, ...problems(400, 401, 404, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const answer = await createPayment(admin(request), {
        idempotencyKey: request.headers['idempotency-key'],
        path: '/payments/mpesa/initiate',
        body: { ...request.body, method: 'mpesa' },
      });
      return reply.status(answer.status as 201).send(answer.body);
    },
  );

  app.get(
    '/payments/mpesa/transactions/:checkoutRequestId/status',
    {
      preHandler: signedIn,
      schema: {
        tags,
        operationId: 'mpesaTransactionStatus',
        summary: 'Where an M-Pesa attempt stands (asks Daraja while pending)',
        params: MpesaStatusParams,
        response: { 200: MpesaTransactionStatus, ...problems(400, 401, 404, 503) },
      },
    },
    async (request) => mpesaTransactionStatus(admin(request), request.params.checkoutRequestId),
  );

  // Provider callbacks read the raw bytes (Stripe signs them; Daraja's body is checked by the
  // provider code), so this scope replaces the JSON parser with one that keeps the buffer.
  await app.register(async (raw) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    const rawApp = raw.withTypeProvider<ZodTypeProvider>();
    rawApp.post(
      '/payments/mpesa/callback/:secret',
      {
        schema: {
          tags,
          operationId: 'receiveMpesaCallback',
          summary: 'Daraja STK Push callback (trusted only once an STK Push Query confirms it)',
          params: MpesaCallbackParams,
          response: { 200: MpesaAck, ...problems(400, 404) },
        },
      },
      async (request) => receiveMpesaCallback(pctx(request), request.params.secret, bodyBytes(request.body)),
    );
    rawApp.post(
      '/payments/mpesa/reversal/:secret',
      {
        schema: {
          tags,
          operationId: 'receiveMpesaReversal',
          summary: 'Daraja Reversal result (trusted only when it matches a pending refund)',
          params: MpesaCallbackParams,
          response: { 200: MpesaAck, ...problems(400, 404) },
        },
      },
      async (request) => receiveMpesaReversal(pctx(request), request.params.secret, bodyBytes(request.body)),
    );
    rawApp.post(
      '/payments/webhook/stripe',
      {
        schema: {
          tags,
          operationId: 'receiveStripeWebhook',
          summary: 'Stripe webhook (Stripe-Signature verified over the raw body; each event once)',
          response: { 200: StripeAck, ...problems(400) },
        },
      },
      async (request) =>
        receiveStripeWebhook(pctx(request), { body: bodyBytes(request.body), headers: request.headers }),
    );
  });

  app.get(
    '/payments',
    {
      preHandler: signedIn,
      schema: {
        tags,
        operationId: 'listPayments',
        summary: "The caller's payments, newest first (admin: every payment)",
        querystring: PaymentListQuery,
        response: { 200: Page(Payment), ...problems(400, 401) },
      },
    },
    async (request) => listPayments(admin(request), request.query),
  );

  app.get(
    '/payments/:id',
    {
      preHandler: signedIn,
      schema: {
        tags,
        operationId: 'getPayment',
        summary: "One of the caller's payments (admin: any)",
        params: IdParams,
        response: { 200: Payment, ...problems(400, 401, 404) },
      },
    },
    async (request) => getPayment(admin(request), request.params.id),
  );

  app.get(
    '/payments/methods',
    {
      schema: {
        tags,
        operationId: 'listPaymentMethods',
        summary: 'The payment methods a shopper can use now',
        response: { 200: PaymentMethodList },
      },
    },
    async (request) => listPaymentMethods(pctx(request)),
  );

  app.get(
    '/payments/payment-methods',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        operationId: 'listAdminPaymentMethods',
        summary: 'Admin: every payment method, enabled or not',
        response: { 200: AdminPaymentMethodList, ...problems(401, 403) },
      },
    },
    async (request) => listAdminPaymentMethods(admin(request)),
  );

  app.get(
    '/payments/payment-methods/:code',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        operationId: 'getPaymentMethod',
        summary: 'Admin: one payment method',
        params: PaymentMethodParams,
        response: { 200: AdminPaymentMethod, ...problems(400, 401, 403) },
      },
    },
    async (request) => getPaymentMethod(admin(request), request.params.code),
  );

  app.patch(
    '/payments/payment-methods/:code',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        operationId: 'updatePaymentMethod',
        summary: 'Admin: enable, disable or rename a payment method',
        params: PaymentMethodParams,
        body: UpdatePaymentMethodBody,
        response: { 200: AdminPaymentMethod, ...problems(400, 401, 403) },
      },
    },
    async (request) => updatePaymentMethod(admin(request), request.params.code, request.body),
  );
};
