import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../../platform/auth.js';
import { contextFor } from '../../platform/context.js';
import type { Platform } from '../../platform/platform.js';
import { IdParams, Page, PageQuery, problems } from '../../platform/schema.js';
import { createCoupon, deleteCoupon, getCoupon, listCoupons, updateCoupon } from './coupons.js';
import { getQuote } from './quote.js';
import {
  Coupon,
  CouponsQuery,
  CreateCouponBody,
  CreateShippingMethodBody,
  CreateTaxRateBody,
  Quote,
  QuoteBody,
  ShippingMethod,
  ShippingMethodsQuery,
  TaxRate,
  UpdateCouponBody,
  UpdateShippingMethodBody,
  UpdateTaxRateBody,
} from './schema.js';
import {
  createShippingMethod,
  deleteShippingMethod,
  listShippingMethods,
  updateShippingMethod,
} from './shipping.js';
import { createTaxRate, deleteTaxRate, getTaxRate, listTaxRates, updateTaxRate } from './tax-rates.js';

const NoContent = z.null().describe('No content');

const quoteDescription = `Prices the caller's cart on the server from current catalogue prices (a price sent by a client is never used; unknown fields are 400).

Rounding rule, in minor units:
1. line total = unit price × quantity; subtotal = the sum of the line totals.
2. discount: \`percent\` = subtotal × value / 100 rounded half up; \`fixed\` = value, at most the subtotal; \`free_shipping\` = 0.
3. the discount is spread over the lines in proportion to their totals by largest remainder: each part is rounded down, then the units left over go one each to the lines with the largest remainders (the earlier line on a tie), so the parts sum exactly to the discount.
4. tax per line, on (line total − its discount part), rounded half up per line, with the rate of the shipping address (its region's rate beats its country's; none: 0). Prices including tax (\`taxIncluded: true\`): tax = net × rate / (10000 + rate), already inside the price. Otherwise tax = net × rate / 10000, added. Shipping is not taxed.
5. shipping: 0 with a \`free_shipping\` coupon or when subtotal − discount reaches the method's \`freeAbove\`; else its price.
6. total = subtotal − discount + shipping, + tax only when \`taxIncluded\` is false.

Errors: 400 \`validation_failed\` (bad body, empty cart, both or neither of \`shippingAddress\`/\`addressId\`, a shipping method that does not deliver there); 404 \`not_found\` (\`addressId\` not the caller's); 409 \`out_of_stock\` with \`lines: [{ variantId, requested, available }]\`; 422 \`coupon_unavailable\` with the reason in \`detail\` (unknown, inactive, not yet valid, expired, used up, already used by you, or how much more the cart needs).`;

export const checkoutRoutes: FastifyPluginAsync<{ platform: Platform }> = async (base, { platform }) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: FastifyRequest) => contextFor(platform, request);
  const admin = [app.authenticate, requireRole('admin')];

  app.get(
    '/shipping-methods',
    {
      preHandler: [app.authenticateOptional],
      schema: {
        tags: ['shipping'],
        operationId: 'listShippingMethods',
        summary: 'Shipping methods, cheapest first',
        description:
          'With `country` (and `region`), only the methods that deliver there. Shoppers see enabled ' +
          'methods; an admin sees disabled ones too.',
        querystring: ShippingMethodsQuery,
        response: { 200: z.object({ items: z.array(ShippingMethod) }), ...problems(400, 401) },
      },
    },
    async (request) => listShippingMethods(ctx(request), request.query),
  );

  app.post(
    '/shipping-methods',
    {
      preHandler: admin,
      schema: {
        tags: ['shipping'],
        operationId: 'createShippingMethod',
        summary: 'Admin: add a shipping method',
        body: CreateShippingMethodBody,
        response: { 201: ShippingMethod, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await createShippingMethod(ctx(request), request.body)),
  );

  app.patch(
    '/shipping-methods/:id',
    {
      preHandler: admin,
      schema: {
        tags: ['shipping'],
        operationId: 'updateShippingMethod',
        summary: 'Admin: change a shipping method',
        params: IdParams,
        body: UpdateShippingMethodBody,
        response: { 200: ShippingMethod, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => updateShippingMethod(ctx(request), request.params.id, request.body),
  );

  app.delete(
    '/shipping-methods/:id',
    {
      preHandler: admin,
      schema: {
        tags: ['shipping'],
        operationId: 'deleteShippingMethod',
        summary: 'Admin: delete a shipping method (orders keep its name)',
        params: IdParams,
        response: { 204: NoContent, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteShippingMethod(ctx(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/tax-rates',
    {
      preHandler: admin,
      schema: {
        tags: ['tax'],
        operationId: 'listTaxRates',
        summary: 'Admin: tax rates',
        querystring: PageQuery,
        response: { 200: Page(TaxRate), ...problems(400, 401, 403) },
      },
    },
    async (request) => listTaxRates(ctx(request), request.query),
  );

  app.get(
    '/tax-rates/:id',
    {
      preHandler: admin,
      schema: {
        tags: ['tax'],
        operationId: 'getTaxRate',
        summary: 'Admin: one tax rate',
        params: IdParams,
        response: { 200: TaxRate, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => getTaxRate(ctx(request), request.params.id),
  );

  app.post(
    '/tax-rates',
    {
      preHandler: admin,
      schema: {
        tags: ['tax'],
        operationId: 'createTaxRate',
        summary: 'Admin: add a tax rate',
        description: 'One rate per country and region; a second is 400 on `region`.',
        body: CreateTaxRateBody,
        response: { 201: TaxRate, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await createTaxRate(ctx(request), request.body)),
  );

  app.patch(
    '/tax-rates/:id',
    {
      preHandler: admin,
      schema: {
        tags: ['tax'],
        operationId: 'updateTaxRate',
        summary: 'Admin: change a tax rate',
        params: IdParams,
        body: UpdateTaxRateBody,
        response: { 200: TaxRate, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => updateTaxRate(ctx(request), request.params.id, request.body),
  );

  app.delete(
    '/tax-rates/:id',
    {
      preHandler: admin,
      schema: {
        tags: ['tax'],
        operationId: 'deleteTaxRate',
        summary: 'Admin: delete a tax rate',
        params: IdParams,
        response: { 204: NoContent, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteTaxRate(ctx(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/coupons',
    {
      preHandler: admin,
      schema: {
        tags: ['coupons'],
        operationId: 'listCoupons',
        summary: 'Admin: coupons, newest first',
        querystring: CouponsQuery,
        response: { 200: Page(Coupon), ...problems(400, 401, 403) },
      },
    },
    async (request) => listCoupons(ctx(request), request.query),
  );

  app.get(
    '/coupons/:id',
    {
      preHandler: admin,
      schema: {
        tags: ['coupons'],
        operationId: 'getCoupon',
        summary: 'Admin: one coupon',
        params: IdParams,
        response: { 200: Coupon, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => getCoupon(ctx(request), request.params.id),
  );

  app.post(
    '/coupons',
    {
      preHandler: admin,
      schema: {
        tags: ['coupons'],
        operationId: 'createCoupon',
        summary: 'Admin: add a coupon',
        description:
          'Codes are unique whatever their case (stored upper-case); a taken code is 400 on `code`.',
        body: CreateCouponBody,
        response: { 201: Coupon, ...problems(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await createCoupon(ctx(request), request.body)),
  );

  app.patch(
    '/coupons/:id',
    {
      preHandler: admin,
      schema: {
        tags: ['coupons'],
        operationId: 'updateCoupon',
        summary: 'Admin: change a coupon',
        params: IdParams,
        body: UpdateCouponBody,
        response: { 200: Coupon, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => updateCoupon(ctx(request), request.params.id, request.body),
  );

  app.delete(
    '/coupons/:id',
    {
      preHandler: admin,
      schema: {
        tags: ['coupons'],
        operationId: 'deleteCoupon',
        summary: 'Admin: delete a coupon',
        params: IdParams,
        response: { 204: NoContent, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteCoupon(ctx(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/checkout/quote',
    {
      preHandler: [app.authenticate],
      schema: {
        tags: ['checkout'],
        operationId: 'getQuote',
        summary: 'Price the caller’s cart for an address, shipping method and coupon',
        description: quoteDescription,
        body: QuoteBody,
        response: { 200: Quote, ...problems(400, 401, 404, 409, 422) },
      },
    },
    async (request) => getQuote(ctx(request), request.body),
  );
};
