import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../../platform/auth.js';
import { contextFor } from '../../platform/context.js';
import type { Platform } from '../../platform/platform.js';
import { IdParams, Page, problems } from '../../platform/schema.js';
import { User } from '../auth/index.js';
import { ListUsersQuery, UpdateUserBody } from './schema.js';
import { deleteUser, getUser, listUsers, updateUser } from './service.js';

const tags = ['users'];

export const usersRoutes: FastifyPluginAsync<{ platform: Platform }> = async (base, { platform }) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const actx = (request: FastifyRequest) => ({
    ...contextFor(platform, request),
    actor: actorOf(request.actor),
  });
  const preHandler = [app.authenticate, requireRole('admin')];

  app.get(
    '/users',
    {
      preHandler,
      schema: {
        tags,
        operationId: 'listUsers',
        summary: 'Admin: list users',
        querystring: ListUsersQuery,
        response: { 200: Page(User), ...problems(400, 401, 403) },
      },
    },
    async (request) => listUsers(actx(request), request.query),
  );

  app.get(
    '/users/:id',
    {
      preHandler,
      schema: {
        tags,
        operationId: 'getUser',
        summary: 'Admin: one user',
        params: IdParams,
        response: { 200: z.object({ user: User }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => getUser(actx(request), request.params.id),
  );

  app.patch(
    '/users/:id',
    {
      preHandler,
      schema: {
        tags,
        operationId: 'updateUser',
        summary: 'Admin: change role, status or seller approval',
        description:
          'A disabled user’s tokens stop working at once. `sellerStatus` applies to sellers only (400 otherwise). An admin cannot change their own role or status (403).',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: z.object({ user: User }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => updateUser(actx(request), request.params.id, request.body),
  );

  app.delete(
    '/users/:id',
    {
      preHandler,
      schema: {
        tags,
        operationId: 'deleteUser',
        summary: 'Admin: disable a user and scrub personal data (orders are kept)',
        params: IdParams,
        response: { 204: z.null().describe('No content'), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteUser(actx(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
