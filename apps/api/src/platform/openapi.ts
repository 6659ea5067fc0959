import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/** OpenAPI 3.1 generated from the route schemas, at `/api/openapi.json`, and the docs UI at `/api/docs`. */
export const openapi = fp<{ serverUrl: string }>(async (app: FastifyInstance, { serverUrl }) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Soko API',
        version: '1.0.0',
        description:
          'REST API of the Soko multi-vendor shop. Errors are `application/problem+json` (RFC 9457) with a stable `code`. Money is `{ amount, currency }` in minor units.',
      },
      servers: [{ url: serverUrl }],
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/api/docs', { schema: { hide: true } }, docsPage);
  app.get('/api/docs/*', { schema: { hide: true } }, docsPage);
});

/**
 * The docs UI (Scalar) holds its 8 MiB browser bundle as a string in its module, about 16 MiB of
 * heap once imported: it is loaded by the first visit to `/api/docs`, into a small Fastify
 * instance of its own that the docs routes forward to.
 */
let docsApp: Promise<FastifyInstance> | undefined;
function loadDocsApp() {
  docsApp ??= (async () => {
    const { default: scalar } = await import('@scalar/fastify-api-reference');
    const docs = Fastify();
    await docs.register(scalar, {
      routePrefix: '/api/docs',
      configuration: { url: '/api/openapi.json', title: 'Soko API' },
    });
    await docs.ready();
    return docs;
  })();
  return docsApp;
}

async function docsPage(request: FastifyRequest, reply: FastifyReply) {
  const res = await (
    await loadDocsApp()
  ).inject({ method: 'GET', url: request.url, headers: request.headers });
  return reply.status(res.statusCode).headers(res.headers).send(res.rawPayload);
}
