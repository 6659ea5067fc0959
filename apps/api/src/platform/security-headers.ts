import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's headers that only a browser showing a document acts on (a window's opener and agent
 * cluster, DNS prefetching of its links, old IE's download prompt and XSS filter, Flash and PDF
 * cross-domain policies). A JSON answer is never shown as a document, so these go on the HTML
 * pages the API serves (the docs) and not on every answer: OWASP's REST Security Cheat Sheet
 * lists what an API answer needs (HSTS, `nosniff`, a framing refusal; Cache-Control and
 * Content-Type are set per answer), all of which stay on every answer.
 */
const DOCUMENT_ONLY = new Set([
  'cross-origin-opener-policy',
  'origin-agent-cluster',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
]);

export interface SecurityHeaders {
  /** For every answer: transport security, no sniffing, no framing, no referrer, resource policy. */
  every: Record<string, string>;
  /** Added on HTML documents (see {@link DOCUMENT_ONLY}). */
  documents: Record<string, string>;
}

/**
 * The headers Helmet sets, worked out once: with no Content-Security-Policy every one of them is
 * the same on every answer, so a request gets them as one object (`reply.headers`) instead of
 * running Helmet's eleven middlewares, each setting one header on the raw response. Helmet stays
 * the authority on which headers and values; this only records what it does and splits off the
 * ones only documents use.
 */
export function securityHeaders(options: HelmetOptions): SecurityHeaders {
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
  const every: Record<string, string> = {};
  const documents: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    (DOCUMENT_ONLY.has(name) ? documents : every)[name] = value;
  }
  return { every, documents };
}
