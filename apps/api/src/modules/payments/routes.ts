import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, requireRole } from '../../platform/auth.js';
import { contextFor } from '../../platform/context.js';
import type { Platform } from '../../platform/platform.js';
import { problems } from '../../platform/schema.js';
import { createPaymentProviders } from './providers/providers.js';
import {
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

export const paymentsRoutes: FastifyPluginAsync<{ platform: Platform }> = async (base, { platform }) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const providers = createPaymentProviders(platform.config, {
    onSandboxError: (err) => platform.log.warn({ err }, 'payment sandbox could not deliver a callback'),
  });
  const pctx = (request: FastifyRequest): PaymentsContext => ({
    ...contextFor(platform, request),
    providers,
  });
  const admin = (request: FastifyRequest) => ({ ...pctx(request), actor: actorOf(request.actor) });
  const adminOnly = [app.authenticate, requireRole('admin')];

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
