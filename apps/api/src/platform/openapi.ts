import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { statusTitle } from './errors.js';
import { HEADER_VALUE_PATTERN } from './input-guards.js';

type Parameter = { in?: string; schema?: { pattern?: string } };
type Operation = { parameters?: Parameter[]; responses?: Record<string, unknown> };
type Document = { paths?: Record<string, Record<string, Operation>> };

const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete']);
const METHODS = new Set([...BODY_METHODS, 'get', 'head', 'options']);
const platformReasons: Record<number, string> = {
  400:
    'a parameter, a header or the body is not valid (including a string with NUL or a lone surrogate, ' +
    'or a header value with a byte outside visible ASCII, space and tab)',
  413: 'the body is larger than this endpoint accepts',
  415: 'the body is of a media type this endpoint does not take',
  429: 'too many requests from this address; see Retry-After',
  503: 'the database or another dependency is unavailable for now; see Retry-After',
};

const MULTIPART_FILE = {
  type: 'object',
  properties: {
    file: { type: 'string', format: 'binary', description: 'The file, in the part named `file`' },
  },
  required: ['file'],
};

/**
 * A multipart route reads its file in the handler (field `file`, the API's one convention), so it
 * declares `consumes` and no body schema; the document still says what it takes.
 */
function withMultipartBody<T extends { schema: unknown }>(
  route: { consumes?: readonly string[] },
  out: T,
): T {
  const schema = out.schema as { body?: unknown } | undefined;
  if (!route?.consumes?.includes('multipart/form-data') || schema?.body) return out;
  return { ...out, schema: { ...schema, body: MULTIPART_FILE } };
}

/**
 * Adds the answers the platform can give on any route of the API (they come from its guards,
 * not from the route): 429 everywhere (the per-IP limit), 503 everywhere (the database is out of
 * reach: pool exhausted, connection refused), 400 where there is a parameter or a
 * body, and 413 and 415 where a body can be sent. The document then lists every status an
 * operation can answer, which the fuzz tests hold it to. A header parameter without a pattern of
 * its own gets the one the platform's header guard enforces (`HEADER_VALUE_PATTERN`).
 */
export function withPlatformResponses<T>(document: T): T {
  for (const [path, item] of Object.entries((document as Document).paths ?? {})) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      for (const p of operation.parameters ?? []) {
        if (p.in === 'header' && p.schema) p.schema.pattern ??= HEADER_VALUE_PATTERN;
      }
      const statuses = [429, 503];
      if (operation.parameters?.length || BODY_METHODS.has(method)) statuses.push(400);
      if (BODY_METHODS.has(method)) statuses.push(413, 415);
      const responses = (operation.responses ??= {});
      for (const status of statuses) {
        responses[status] ??= {
          description: `${statusTitle(status)}: ${platformReasons[status]}`,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } },
        };
      }
    }
  }
  return document;
}

/** OpenAPI 3.1 generated from the route schemas, at `/api/openapi.json`, and the docs UI at `/api/docs`. */
export const openapi = fp<{ serverUrl: string; documentHeaders: Record<string, string> }>(
  async (app: FastifyInstance, { serverUrl, documentHeaders }) => {
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
      transform: (input) => withMultipartBody(input.schema, jsonSchemaTransform(input)),
      transformObject: (input) => withPlatformResponses(jsonSchemaTransformObject(input)),
    });
    app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    // The docs UI is an HTML document: it also gets the security headers only documents use.
    const docs = (request: FastifyRequest, reply: FastifyReply) => docsPage(request, reply, documentHeaders);
    app.get('/api/docs', { schema: { hide: true } }, docs);
    app.get('/api/docs/*', { schema: { hide: true } }, docs);
  },
);

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

async function docsPage(request: FastifyRequest, reply: FastifyReply, extra: Record<string, string>) {
  const res = await (
    await loadDocsApp()
  ).inject({ method: 'GET', url: request.url, headers: request.headers });
  return reply.status(res.statusCode).headers(res.headers).headers(extra).send(res.rawPayload);
}
