// The bare Fastify server the API is compared with, in a process of its own (as the API is), so
// it does not share an event loop with the load generator. Port from argv[2].
import Fastify from 'fastify';

const bare = Fastify();
bare.get('/', async () => ({ hello: 'world' }));
await bare.listen({ port: Number(process.argv[2]), host: '127.0.0.1' });
