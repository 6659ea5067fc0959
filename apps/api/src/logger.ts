import { createRequire } from 'node:module';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';

const redact = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-cart-token"]'];

/**
 * The process logger (pino); request loggers are its children with a request id. JSON lines by
 * default; `LOG_FORMAT=pretty` (set by `npm start` on a terminal) prints them for people.
 */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  if (process.env.LOG_FORMAT === 'pretty') {
    try {
      createRequire(import.meta.url).resolve('pino-pretty');
      return pino({
        level: config.logLevel,
        redact,
        transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } },
      });
    } catch {
      // pino-pretty is a dev dependency; without it, JSON lines
    }
  }
  return pino({ level: config.logLevel, redact });
}

/** Probes that a load balancer or orchestrator calls every few seconds: logged at debug only. */
const probes = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Fastify's request log lines, replaced by one line per request written when the response has
 * been sent (instead of "incoming request" + "request completed", and no separate "route not
 * found"): `{ reqId, method, route, status, ms, userId? }`, `route` being the route pattern (the
 * path without its query when no route matched). Health and readiness probes are logged at debug;
 * a response that failed while being sent at error, with the error. Fastify's error lines stay.
 */
export class RequestLog extends LogController {
  override incomingRequest() {}

  override routeNotFound() {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    const route = request.routeOptions.url ?? request.url.split('?', 1)[0]!;
    const level = error ? 'error' : probes.has(route) ? 'debug' : 'info';
    if (!(request.log as Logger).isLevelEnabled(level)) return;
    const status = reply.statusCode;
    const line = {
      method: request.method,
      route,
      status,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      ...(request.actor ? { userId: request.actor.id } : {}),
      ...(error ? { err: error } : {}),
    };
    request.log[level](line, `${request.method} ${route} ${status}`);
  }
}
