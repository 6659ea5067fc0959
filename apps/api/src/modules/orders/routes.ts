import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, requireRole } from '../../platform/auth.js';
import { contextFor } from '../../platform/context.js';
import type { Platform } from '../../platform/platform.js';
import { IdParams, Page, problems } from '../../platform/schema.js';
import {
  AdminOrderListQuery,
  CancelOrderBody,
  CreatePayoutBody,
  Order,
  OrderListQuery,
  Payout,
  PayoutList,
  PayoutListQuery,
  SellerBalance,
  SetCommissionBody,
  SetOrderStatusBody,
} from './schema.js';
import { createPayout, listPayouts, setSellerCommission } from './service/ledger.js';
import { cancelOrder, setOrderStatus } from './service/transition.js';
import { getOrder, listAdminOrders, listOrders, listSellerOrders } from './service/views.js';

const tags = ['orders'];
const payoutTags = ['payouts'];

export const ordersRoutes: FastifyPluginAsync<{ platform: Platform }> = async (base, { platform }) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const actx = (request: FastifyRequest) => ({
    ...contextFor(platform, request),
    actor: actorOf(request.actor),
  });
  const preHandler = [app.authenticate];
  const admin = [app.authenticate, requireRole('admin')];

  app.get(
    '/orders',
    {
      preHandler,
      schema: {
        tags,
        operationId: 'listOrders',
        summary: "The caller's orders, newest first",
        querystring: OrderListQuery,
        response: { 200: Page(Order), ...problems(400, 401) },
      },
    },
    async (request) => listOrders(actx(request), request.query),
  );

  app.get(
    '/orders/admin',
    {
      preHandler: admin,
      schema: {
        tags,
        operationId: 'listAdminOrders',
        summary: 'Admin: every order, with filters',
        querystring: AdminOrderListQuery,
        response: { 200: Page(Order), ...problems(400, 401, 403) },
      },
    },
    async (request) => listAdminOrders(actx(request), request.query),
  );

  app.get(
    '/orders/:id',
    {
      preHandler,
      schema: {
        tags,
        operationId: 'getOrder',
        summary: "One of the caller's orders (an admin: any)",
        params: IdParams,
        response: { 200: Order, ...problems(400, 401, 404) },
      },
    },
    async (request) => getOrder(actx(request), request.params.id),
  );

  app.post(
    '/orders/:id/cancel',
    {
      preHandler,
      schema: {
        tags,
        operationId: 'cancelOrder',
        summary:
          'Cancel one of your orders before it ships; its stock goes back once, a paid order is refunded',
        params: IdParams,
        body: CancelOrderBody,
        response: { 200: Order, ...problems(400, 401, 404, 409) },
      },
    },
    async (request) => cancelOrder(actx(request), request.params.id, request.body?.note),
  );

  app.patch(
    '/orders/:id/status',
    {
      preHandler: [app.authenticate, requireRole('admin', 'seller')],
      schema: {
        tags,
        operationId: 'setOrderStatus',
        summary: 'Admin: any legal transition. Seller: move its own lines (processing, shipped)',
        params: IdParams,
        body: SetOrderStatusBody,
        response: { 200: Order, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => setOrderStatus(actx(request), request.params.id, request.body),
  );

  app.get(
    '/seller/orders',
    {
      preHandler: [app.authenticate, requireRole('seller', 'admin')],
      schema: {
        tags,
        operationId: 'listSellerOrders',
        summary: "Orders holding the caller's lines, each with only those lines",
        querystring: OrderListQuery,
        response: { 200: Page(Order), ...problems(400, 401, 403) },
      },
    },
    async (request) => listSellerOrders(actx(request), request.query),
  );

  app.get(
    '/payouts',
    {
      preHandler: [app.authenticate, requireRole('seller', 'admin')],
      schema: {
        tags: payoutTags,
        operationId: 'listPayouts',
        summary: 'Seller: its balance and payouts. Admin: every seller’s (or one’s, with sellerId)',
        querystring: PayoutListQuery,
        response: { 200: PayoutList, ...problems(400, 401, 403) },
      },
    },
    async (request) => listPayouts(actx(request), request.query),
  );

  app.post(
    '/payouts',
    {
      preHandler: admin,
      schema: {
        tags: payoutTags,
        operationId: 'createPayout',
        summary: 'Admin: record money paid out to a seller (at most its balance)',
        body: CreatePayoutBody,
        response: { 201: Payout, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await createPayout(actx(request), request.body)),
  );

  app.patch(
    '/payouts/sellers/:id',
    {
      preHandler: admin,
      schema: {
        tags: payoutTags,
        operationId: 'setSellerCommission',
        summary: "Admin: a seller's commission override (null: the shop default)",
        params: IdParams,
        body: SetCommissionBody,
        response: { 200: SellerBalance, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => setSellerCommission(actx(request), request.params.id, request.body),
  );
};
