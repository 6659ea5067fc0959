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

/**
 * Characters of log lines gathered before one write to stdout (one byte each in ASCII lines):
 * sonic-boom's largest single write. Under load, 16 kB blocks cost a request about 1 µs less of
 * the API's CPU than 4 kB ones (2026-12-06), 64 kB ones no less again.
 */
const LOG_BLOCK_CHARS = 16_384;
/** At most this long between a line being logged and written, however quiet the API is. */
const LOG_FLUSH_MS = 1000;

/** Where {@link LineBlocks} writes a block: pino's destination, or a test's. */
interface BlockSink {
  write(text: string): unknown;
}

/**
 * Log lines gathered in memory and written in blocks of about {@link LOG_BLOCK_CHARS}, in order.
 * Gathering is done here rather than by sonic-boom's `minLength`: sonic-boom measures the byte
 * length of its growing buffer on every line, which flattens the buffer each time (about 3 µs a
 * line, 8–16 µs of the API's CPU per request under load); here a line costs an array push.
 */
export class LineBlocks {
  #lines: string[] = [];
  #chars = 0;

  constructor(
    private readonly sink: BlockSink,
    private readonly blockChars = LOG_BLOCK_CHARS,
  ) {}

  write(line: string): boolean {
    this.#lines.push(line);
    this.#chars += line.length;
    if (this.#chars >= this.blockChars) this.flush();
    return true;
  }

  /** Writes what is gathered, if anything (synchronously: `done` is called when it is written). */
  flush(done?: (err?: Error) => void): void {
    if (this.#lines.length > 0) {
      const block = this.#lines.length === 1 ? this.#lines[0]! : this.#lines.join('');
      this.#lines = [];
      this.#chars = 0;
      this.sink.write(block);
    }
    done?.();
  }
}

let stdoutBlocks: LineBlocks | undefined;

/**
 * Stdout written in blocks instead of one write per line (at thousands of requests a second, a
 * system call per request line was the log's largest cost), flushed every {@link LOG_FLUSH_MS}
 * so a quiet API's lines still arrive within a second, and when the process exits, crash
 * included (`exit` runs on an uncaught exception and on `process.exit`). Each block is one
 * synchronous write: nothing is left in flight at exit, and a reader slower than the API slows
 * the API instead of growing its memory without bound. A process killed with SIGKILL loses at
 * most the last second of lines. One buffer per process, shared by every logger writing to
 * stdout, so their lines keep their order.
 */
function bufferedStdout(): LineBlocks {
  if (stdoutBlocks) return stdoutBlocks;
  const blocks = new LineBlocks(pino.destination({ dest: 1, sync: true }));
  setInterval(() => blocks.flush(), LOG_FLUSH_MS).unref();
  process.on('exit', () => blocks.flush());
  stdoutBlocks = blocks;
  return blocks;
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
