import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth.js';
import { contextFor } from '../../platform/context.js';
import type { Platform } from '../../platform/platform.js';
import { problems } from '../../platform/schema.js';
import { AddCartLineBody, Cart, CartTokenHeaders, MergeCartBody, UpdateCartLineBody } from './schema.js';
import {
  addCartLine,
  clearCart,
  getCart,
  mergeGuestCart,
  removeCartLine,
  updateCartLine,
} from './service.js';

const tags = ['cart'];
const LineParams = z.object({ id: z.uuid() }).strict();
const tokenNote =
  'Signed in: the account cart. Otherwise the guest cart of the `X-Cart-Token` request header; ' +
  'the first write without one creates a guest cart and answers its token in the `X-Cart-Token` ' +
  'header and the `token` field.';

/** Sends the cart, with a new guest token in `X-Cart-Token` when this write created one. */
const sendCart = (reply: FastifyReply, cart: Cart) => {
  if (cart.token) reply.header('x-cart-token', cart.token);
  return reply.send(cart);
};

export const cartRoutes: FastifyPluginAsync<{ platform: Platform }> = async (base, { platform }) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: FastifyRequest) => contextFor(platform, request);
  const token = (request: FastifyRequest) => {
    const header = request.headers['x-cart-token'];
    return { cartToken: typeof header === 'string' ? header : undefined };
  };
  const preHandler = [app.authenticateOptional];

  app.get(
    '/cart',
    {
      preHandler,
      schema: {
        tags,
        operationId: 'getCart',
        summary: 'The caller’s cart',
        description: `${tokenNote} No cart yet: 200 with no items.`,
        headers: CartTokenHeaders,
        response: { 200: Cart, ...problems(400, 401) },
      },
    },
    async (request) => getCart(ctx(request), token(request)),
  );

  app.post(
    '/cart/items',
    {
      preHandler,
      schema: {
        tags,
        operationId: 'addCartLine',
        summary: 'Add units of a variant',
        description:
          `${tokenNote} The same variant again adds to its line. More units than in stock: 409 ` +
          '`out_of_stock` with `available` (the units in stock); a variant that cannot be bought: 404.',
        headers: CartTokenHeaders,
        body: AddCartLineBody,
        response: { 200: Cart, ...problems(400, 401, 404, 409) },
      },
    },
    async (request, reply) =>
      sendCart(reply, await addCartLine(ctx(request), { ...token(request), ...request.body })),
  );

  app.patch(
    '/cart/items/:id',
    {
      preHandler,
      schema: {
        tags,
        operationId: 'updateCartLine',
        summary: 'Set a line’s quantity (0 removes it)',
        description: 'More units than in stock: 409 `out_of_stock` with `available`.',
        headers: CartTokenHeaders,
        params: LineParams,
        body: UpdateCartLineBody,
        response: { 200: Cart, ...problems(400, 401, 404, 409) },
      },
    },
    async (request) =>
      updateCartLine(ctx(request), { ...token(request), ...request.body, lineId: request.params.id }),
  );

  app.delete(
    '/cart/items/:id',
    {
      preHandler,
      schema: {
        tags,
        operationId: 'removeCartLine',
        summary: 'Remove a line',
        headers: CartTokenHeaders,
        params: LineParams,
        response: { 200: Cart, ...problems(400, 401, 404) },
      },
    },
    async (request) => removeCartLine(ctx(request), { ...token(request), lineId: request.params.id }),
  );

  app.delete(
    '/cart',
    {
      preHandler,
      schema: {
        tags,
        operationId: 'clearCart',
        summary: 'Empty the cart',
        headers: CartTokenHeaders,
        response: { 200: Cart, ...problems(400, 401) },
      },
    },
    async (request) => clearCart(ctx(request), token(request)),
  );

  app.post(
    '/cart/merge',
    {
      preHandler: [app.authenticate],
      schema: {
        tags,
        operationId: 'mergeGuestCart',
        summary: 'Move a guest cart into the caller’s cart',
        description:
          'Quantities of the same variant are summed and capped by stock; lines that can no longer be ' +
          'bought are dropped; the guest cart is deleted. Atomic: two merges at once never lose or ' +
          'double a line. An unknown or already merged token changes nothing.',
        body: MergeCartBody,
        response: { 200: Cart, ...problems(400, 401) },
      },
    },
    async (request) =>
      mergeGuestCart(ctx(request), { userId: actorOf(request.actor).id, cartToken: request.body.cartToken }),
  );
};
