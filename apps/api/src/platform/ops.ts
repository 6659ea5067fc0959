import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { problemOf } from './errors.js';
import { sendProblem } from './http-errors.js';
import type { Platform } from './platform.js';

const Health = z.object({
  status: z.enum(['ok', 'starting', 'unavailable']),
  database: z.string().optional(),
});

const contentTypes: Record<string, string> = {
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
};

/** `/healthz`, `/readyz` and, for local disk storage, `/uploads/*` with long cache headers. */
export const ops = fp<{ platform: Platform }>(async (app: FastifyInstance, { platform }) => {
  app.get(
    '/healthz',
    { schema: { tags: ['ops'], summary: 'The process is up', response: { 200: Health } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['ops'],
        summary: 'Ready to serve: migrated, seeded, database reachable (503 otherwise)',
        response: { 200: Health, 503: Health },
      },
    },
    async (_request, reply) => {
      if (!platform.state.ready) {
        reply.header('retry-after', '2');
        return reply.status(503).send({ status: 'starting' as const });
      }
      if (!(await platform.database.ping())) {
        reply.header('retry-after', '5');
        return reply.status(503).send({ status: 'unavailable' as const, database: 'unreachable' });
      }
      return { status: 'ok' as const, database: platform.database.kind };
    },
  );

  const root = platform.storage.localRoot;
  if (root) {
    app.get('/uploads/*', { schema: { hide: true } }, async (request, reply) => {
      const rel = (request.params as { '*': string })['*'];
      const file = path.resolve(root, rel);
      const type = contentTypes[path.extname(file).toLowerCase()];
      if (!file.startsWith(path.resolve(root) + path.sep) || !type) {
        return sendProblem(reply, problemOf(404, 'not_found', 'No such file'));
      }
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) return sendProblem(reply, problemOf(404, 'not_found', 'No such file'));
      reply
        .header('content-type', type)
        .header('content-length', info.size)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('cross-origin-resource-policy', 'cross-origin');
      return reply.send(createReadStream(file));
    });
  }
});
