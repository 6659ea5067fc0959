import pino, { type Logger } from 'pino';
import type { Config } from './config.js';

/** The process logger (pino); request loggers are its children with a request id. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-cart-token"]'],
  });
}
