import { createRequire } from 'node:module';
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
