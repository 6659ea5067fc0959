import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The headers Helmet sets, worked out once: with no Content-Security-Policy every one of them is
 * the same on every answer, so a request gets them as one object (`reply.headers`) instead of
 * running Helmet's eleven middlewares, each setting one header on the raw response. Helmet stays
 * the authority on which headers and values; this only records what it does.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  if (options.contentSecurityPolicy !== false) {
    throw new Error('securityHeaders: a Content-Security-Policy may vary per answer; set it per route');
  }
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
      return response;
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let finished = false;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    finished = true;
  });
  if (!finished) throw new Error('securityHeaders: Helmet did not finish synchronously');
  return headers;
}
