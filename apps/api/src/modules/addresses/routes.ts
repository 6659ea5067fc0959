import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth.js';
import { contextFor } from '../../platform/context.js';
import type { Platform } from '../../platform/platform.js';
import { IdParams, Page, PageQuery, problems } from '../../platform/schema.js';
import { Address, CreateAddressBody, UpdateAddressBody } from './schema.js';
import { createAddress, deleteAddress, getAddress, listAddresses, updateAddress } from './service.js';

const tags = ['addresses'];

export const addressesRoutes: FastifyPluginAsync<{ platform: Platform }> = async (base, { platform }) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const actx = (request: FastifyRequest) => ({
    ...contextFor(platform, request),
    actor: actorOf(request.actor),
  });
  const preHandler = [app.authenticate];

  app.get(
    '/addresses',
    {
      preHandler,
      schema: {
        tags,
        operationId: 'listAddresses',
        summary: "The caller's address book",
        querystring: PageQuery,
        response: { 200: Page(Address), ...problems(400, 401) },
      },
    },
    async (request) => listAddresses(actx(request), request.query),
  );

  app.post(
    '/addresses',
    {
      preHandler,
      schema: {
        tags,
        operationId: 'createAddress',
        summary: 'Add an address',
        body: CreateAddressBody,
        response: { 201: Address, ...problems(400, 401) },
      },
    },
    async (request, reply) => {
      const address = await createAddress(actx(request), request.body);
      return reply.status(201).send(address);
    },
  );

  app.get(
    '/addresses/:id',
    {
      preHandler,
      schema: {
        tags,
        operationId: 'getAddress',
        summary: 'One of the caller’s addresses',
        params: IdParams,
        response: { 200: Address, ...problems(400, 401, 404) },
      },
    },
    async (request) => getAddress(actx(request), request.params.id),
  );

  app.patch(
    '/addresses/:id',
    {
      preHandler,
      schema: {
        tags,
        operationId: 'updateAddress',
        summary: 'Change an address',
        params: IdParams,
        body: UpdateAddressBody,
        response: { 200: Address, ...problems(400, 401, 404) },
      },
    },
    async (request) => updateAddress(actx(request), request.params.id, request.body),
  );

  app.delete(
    '/addresses/:id',
    {
      preHandler,
      schema: {
        tags,
        operationId: 'deleteAddress',
        summary: 'Delete an address',
        params: IdParams,
        response: { 204: z.null().describe('No content'), ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await deleteAddress(actx(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
