import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isRetryableConflict } from './db.js';
import { AppError, problemOf, serviceUnavailable, type FieldError, type Problem } from './errors.js';

/** Fastify's own client errors, by their `code`, mapped to our stable codes. */
const fastifyCodes: Record<string, { status: number; code: string; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'validation_failed',
    detail: 'The body is not valid JSON',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'validation_failed',
    detail: 'The body is empty but the content type is JSON',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'payload_too_large',
    detail: 'The body is larger than this endpoint accepts',
  },
  FST_REQ_FILE_TOO_LARGE: {
    status: 413,
    code: 'payload_too_large',
    detail: 'The file is larger than this endpoint accepts',
  },
  FST_FILES_LIMIT: { status: 413, code: 'payload_too_large', detail: 'Too many files' },
  FST_PARTS_LIMIT: { status: 413, code: 'payload_too_large', detail: 'Too many parts' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    detail: 'This content type is not accepted here',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'validation_failed',
    detail: 'Content-Length does not match the body',
  },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    detail: 'Send the file as multipart/form-data',
  },
  FST_ERR_BAD_URL: {
    status: 400,
    code: 'validation_failed',
    detail: 'The path is not valid percent-encoded UTF-8',
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 400,
    code: 'validation_failed',
    detail: 'A path segment is longer than any id or slug',
  },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'validation_failed', detail: 'Bad request' },
};

const fallbackCode: Record<number, string> = {
  400: 'validation_failed',
  401: 'not_authenticated',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'service_unavailable',
};

/**
 * PostgreSQL codes meaning "no connection now": too many clients, the server starting or shutting
 * down, a connection that could not be made or was lost.
 */
const unavailablePgCodes = new Set(['53300', '57P01', '57P03', '08000', '08001', '08003', '08004', '08006']);
/** node-postgres' pool: no client free within `connectionTimeoutMillis`, or a connect that timed out. */
const poolTimeoutMessages = [
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
];

/**
 * Whether `error` (or an error it wraps: Drizzle wraps driver errors in `cause`) says the database
 * could not be reached or had no connection free: the server is busy, not the request wrong.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (unavailablePgCodes.has(code) || code === 'ECONNREFUSED')) return true;
    if (poolTimeoutMessages.includes(current.message)) return true;
    current = current.cause;
  }
  return false;
}

function zodPath(instancePath: string, params: Record<string, unknown>, location?: string) {
  const p = instancePath.replace(/^\//, '').replace(/\//g, '.');
  const issuePath = Array.isArray(params.issue && (params.issue as { path?: unknown }).path)
    ? ((params.issue as { path: (string | number)[] }).path.join('.') as string)
    : '';
  const base = p || issuePath;
  return location ? (base ? `${location}.${base}` : location) : base;
}

export function sendProblem(reply: FastifyReply, problem: Problem, retryAfter?: number) {
  if (retryAfter !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfter))));
  return reply.status(problem.status).type('application/problem+json').send(problem);
}

/** Maps anything thrown to problem+json. Only AppError details reach the client; the rest is logged. */
export function toProblem(
  error: unknown,
  request: FastifyRequest,
): { problem: Problem; retryAfter?: number } {
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error }, 'database unavailable');
    return toProblem(serviceUnavailable('The shop is busy; try again in a moment', 1), request);
  }
  if (isRetryableConflict(error)) {
    // A deadlock or serialization failure that survived withTx's second attempt (or a statement
    // outside a transaction): nothing was written, and the same request later will normally pass.
    request.log.warn({ err: error }, 'database conflict');
    return toProblem(
      serviceUnavailable('Many shoppers are buying the same items; try again in a moment', 1),
      request,
    );
  }
  if (error instanceof AppError) {
    const extra: Partial<Problem> = { ...(error.meta ?? {}) };
    if (error.fields) extra.errors = error.fields;
    return {
      problem: problemOf(error.status, error.code, error.detail ?? error.code, extra),
      retryAfter: error.retryAfter,
    };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const location = (error as { validationContext?: string }).validationContext;
    const errors: FieldError[] = error.validation.map((v) => ({
      path: zodPath(v.instancePath, v.params as Record<string, unknown>, location),
      message: v.message ?? 'Invalid value',
    }));
    return {
      problem: problemOf(400, 'validation_failed', 'The request is not valid', { errors }),
    };
  }
  const fe = error as Partial<FastifyError>;
  if (!isResponseSerializationError(error) && fe.code && fastifyCodes[fe.code]) {
    const m = fastifyCodes[fe.code]!;
    return { problem: problemOf(m.status, m.code, m.detail) };
  }
  if (fe.validation) {
    return {
      problem: problemOf(400, 'validation_failed', 'The request is not valid', {
        errors: fe.validation.map((v) => ({
          path: v.instancePath.replace(/^\//, '').replace(/\//g, '.'),
          message: v.message ?? 'Invalid value',
        })),
      }),
    };
  }
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500 && !isResponseSerializationError(error)) {
    const code = fallbackCode[status] ?? 'validation_failed';
    const retryAfter = status === 429 ? 60 : undefined;
    return { problem: problemOf(status, code, statusDetail(status)), retryAfter };
  }
  request.log.error({ err: error }, 'unexpected error');
  return {
    problem: problemOf(500, 'internal_error', `Something went wrong on our side (request ${request.id})`),
  };
}

function statusDetail(status: number) {
  switch (status) {
    case 404:
      return 'Not found';
    case 405:
      return 'Method not allowed';
    case 413:
      return 'The body is too large';
    case 415:
      return 'This content type is not accepted here';
    case 429:
      return 'Too many requests';
    default:
      return 'The request is not valid';
  }
}

/**
 * Fastify's `frameworkErrors` option: errors raised while routing, before any handler or hook
 * (a malformed percent-encoding in the path, an over-long path parameter), answered as
 * problem+json like every other error instead of Fastify's own JSON.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const { problem, retryAfter } = toProblem(error, request);
  return sendProblem(reply, problem, retryAfter);
}

/** One error handler and one not-found handler for the whole API. */
export const httpErrors = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error, request, reply) => {
    const { problem, retryAfter } = toProblem(error, request);
    return sendProblem(reply, problem, retryAfter);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      problemOf(404, 'not_found', `No route for ${request.method} ${request.url.split('?')[0]}`),
    ),
  );
});
