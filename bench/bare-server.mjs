// The bare Fastify server the API is compared with, in a process of its own (as the API is), so
// it does not share an event loop with the load generator. Port from argv[2].
//   GET /        {"hello":"world"}: the floor of an HTTP answer
//   PUT /answer  keeps the request's body (a JSON text) and its ETag
//   GET /answer  sends that body back as the API sends a cached answer (the same bytes, ETag and
//                Cache-Control, no hooks): what the answer's size costs without the API's work
import Fastify from 'fastify';

const bare = Fastify({ bodyLimit: 16 * 1024 * 1024 });
let answer = { json: '{}', etag: 'W/"0"' };
bare.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
bare.get('/', async () => ({ hello: 'world' }));
bare.put('/answer', async (request) => {
  answer = { json: request.body, etag: String(request.headers['x-etag'] ?? 'W/"0"') };
  return { bytes: Buffer.byteLength(answer.json) };
});
bare.get('/answer', (_request, reply) => {
  reply
    .header('etag', answer.etag)
    .header('cache-control', 'public, max-age=0, s-maxage=60, stale-while-revalidate=300')
    .type('application/json; charset=utf-8')
    .send(answer.json);
});
await bare.listen({ port: Number(process.argv[2]), host: '127.0.0.1' });
