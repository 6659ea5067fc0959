import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JsonAnswer } from './cached.js';

/** Public catalogue answers: browsers revalidate (cheap 304s), shared caches keep them a minute. */
const PUBLIC_CACHE = 'public, max-age=0, s-maxage=60, stale-while-revalidate=300';

/**
 * Sends an already serialized answer with its ETag and Cache-Control, or 304 when the client's
 * `If-None-Match` matches. A string payload typed JSON skips Fastify's serializer.
 */
export function sendAnswer(request: FastifyRequest, reply: FastifyReply, answer: JsonAnswer) {
  // Added to what is there: CORS has already set `Vary: Origin`, which a shared cache needs too
  // (an answer kept for one origin, or for none, must not be served to another).
  const vary = reply.getHeader('vary');
  reply
    .header('etag', answer.etag)
    .header('cache-control', answer.isPublic ? PUBLIC_CACHE : 'private, no-store')
    .header('vary', vary ? `${String(vary)}, authorization` : 'authorization');
  const match = request.headers['if-none-match'];
  if (match && match.split(/\s*,\s*/).includes(answer.etag)) return reply.status(304).send();
  return reply.type('application/json; charset=utf-8').send(answer.json);
}
