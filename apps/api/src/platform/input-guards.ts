import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, validationFailed, type FieldError } from './errors.js';

/*
 * Guards that hold for every route, so a route added tomorrow is covered without remembering
 * anything. Each class of bad input is refused in one place, before validation:
 *
 * - strings: a NUL (U+0000) or a lone UTF-16 surrogate anywhere in the path parameters, query or
 *   JSON body (object keys included) answers 400. PostgreSQL refuses NUL in text and jsonb (a 500
 *   otherwise), and a lone surrogate would be silently turned into U+FFFD on the way to UTF-8.
 *   Lengths are zod's `min`/`max`, which count code points, as PostgreSQL's char_length and JSON
 *   Schema's maxLength do (not UTF-16 units).
 * - header parameters a route declares (`X-Cart-Token`, `Idempotency-Key`): a value with a byte
 *   outside visible ASCII, space and tab (NUL and other control bytes, anything above 0x7E)
 *   answers 400. Node reads header bytes as Latin-1, so UTF-8 would arrive garbled; Node's parser
 *   refuses NUL on a real socket, but an in-process request or a proxy may still deliver one.
 *   Lengths are the route's schema's. The OpenAPI document says so (`HEADER_VALUE_PATTERN`).
 * - content types: a body whose media type the route does not take answers 415. A route takes
 *   what its schema's `consumes` lists, JSON otherwise.
 * - integers: `MAX_MINOR_UNITS` and `MAX_COUNT` in schema.ts bound every money and count field.
 * - path decoding: see `frameworkErrors` in http-errors.ts.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `s` cannot be stored as text, or undefined when it can. */
export function badStringReason(s: string): string | undefined {
  if (s.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(s)) return 'must not contain a lone surrogate (not valid Unicode)';
  return undefined;
}

/**
 * The first string in `value` (keys included) that cannot be stored as text, with its path.
 * Iterative, so a deeply nested body cannot overflow the stack.
 */
export function findBadString(value: unknown, root: string): FieldError | undefined {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const message = badStringReason(v);
      if (message) return { path, message };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}.${i}`]);
    } else if (v !== null && typeof v === 'object') {
      for (const key of Object.keys(v)) {
        const message = badStringReason(key);
        if (message) return { path, message: `has a key that ${message}` };
        stack.push([(v as Record<string, unknown>)[key], `${path}.${key}`]);
      }
    }
  }
  return undefined;
}

/** What a declared header's value may hold: visible ASCII, space and tab (RFC 9110 field-content). */
export const HEADER_VALUE_PATTERN = '^[\\t\\x20-\\x7e]*$';
const HEADER_VALUE = new RegExp(HEADER_VALUE_PATTERN);

/** The header names a route's schema declares (a zod object, or a JSON Schema's properties). */
function declaredHeaders(schema: unknown): string[] {
  const s = schema as { shape?: object; properties?: object } | undefined;
  return Object.keys(s?.shape ?? s?.properties ?? {});
}

/** The first declared header whose value is not {@link HEADER_VALUE_PATTERN}, as a field error. */
export function findBadHeader(request: FastifyRequest): FieldError | undefined {
  for (const name of declaredHeaders(request.routeOptions.schema?.headers)) {
    const value = request.headers[name.toLowerCase()];
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      if (!HEADER_VALUE.test(v)) {
        return {
          path: `headers.${name.toLowerCase()}`,
          message: 'must be visible ASCII characters (no control characters, nothing above 0x7E)',
        };
      }
    }
  }
  return undefined;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const JSON_ONLY = ['application/json'];

/** The media types a route takes: its schema's `consumes`, JSON otherwise. */
export function acceptedMediaTypes(request: FastifyRequest): string[] {
  const schema = request.routeOptions.schema as { consumes?: string[] } | undefined;
  return (schema?.consumes ?? JSON_ONLY).map((t) => t.toLowerCase());
}

const hasBody = (request: FastifyRequest) =>
  Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;

export const unsupportedMediaType = (accepted: string[]) =>
  new AppError('unsupported_media_type', {
    detail: `This endpoint takes ${accepted.join(' or ')}`,
  });

/** 415 for a body whose media type the route does not take; undefined when it may go on. */
function refusedMediaType(request: FastifyRequest): AppError | undefined {
  if (!BODY_METHODS.has(request.method) || !hasBody(request)) return undefined;
  const type = request.headers['content-type'];
  if (type === undefined) return undefined; // Fastify answers 415 for a body without a type.
  const essence = type.split(';')[0]!.trim().toLowerCase();
  const accepted = acceptedMediaTypes(request);
  return accepted.includes(essence) ? undefined : unsupportedMediaType(accepted);
}

/** Registers the guards on the root instance, so they hold for every route. */
export const inputGuards = fp(async (app: FastifyInstance) => {
  // Callback hooks, not async ones: they run on every request and finish synchronously.
  app.addHook('onRequest', (request, _reply, done) => {
    done(refusedMediaType(request));
  });

  app.addHook('preValidation', (request, _reply, done) => {
    const schema = request.routeOptions.schema;
    const bad =
      findBadHeader(request) ??
      findBadString(request.params, 'params') ??
      (schema?.querystring ? findBadString(request.query, 'querystring') : undefined) ??
      (schema?.body ? findBadString(request.body, 'body') : undefined);
    done(bad ? validationFailed([bad]) : undefined);
  });
});
