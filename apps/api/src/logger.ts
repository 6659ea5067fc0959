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
  return pino({ level: config.logLevel, redact }, bufferedStdout());
}

/** Bytes of log lines gathered before one write to stdout. */
const LOG_BUFFER_BYTES = 4096;
/** At most this long between a line being logged and written, however quiet the API is. */
const LOG_FLUSH_MS = 1000;

/**
 * Stdout written in blocks of about {@link LOG_BUFFER_BYTES} instead of one write per line (at
 * thousands of requests a second, a system call per request line was the log's largest cost),
 * flushed every {@link LOG_FLUSH_MS} so a quiet API's lines still arrive within a second, and on
 * exit (pino flushes its destination when the process exits, crash included). A process killed
 * with SIGKILL loses at most the last second of lines.
 */
function bufferedStdout() {
  const destination = pino.destination({ dest: 1, sync: false, minLength: LOG_BUFFER_BYTES });
  const timer = setInterval(() => destination.flush(), LOG_FLUSH_MS).unref();
  destination.once('close', () => clearInterval(timer));
  return destination;
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
