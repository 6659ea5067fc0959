import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { createLogger, RequestLog } from './logger.js';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { authGuard } from './platform/auth.js';
import { rateLimited } from './platform/errors.js';
import { securityHeaders } from './platform/security-headers.js';
import { frameworkErrors, httpErrors } from './platform/http-errors.js';
import { inputGuards } from './platform/input-guards.js';
import { metrics } from './platform/metrics.js';
import { openapi } from './platform/openapi.js';
import { ops } from './platform/ops.js';
import { pickBearerProtocol, realtime } from './platform/realtime.js';
import type { Platform } from './platform/platform.js';
import { modules } from './modules/registry.js';
import { createTokenVerifier } from './modules/auth/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    platform: Platform;
  }
}

export type App = FastifyInstance;

export interface BuildOptions {
  /** A pino logger to use; otherwise one is made from config. `false` silences the app. */
  logger?: Logger | false;
}

/** Composes the platform plugins and the domain modules. Does not listen. */
export async function buildApp(platform: Platform, options: BuildOptions = {}): Promise<App> {
  const { config } = platform;
  const app = Fastify({
    loggerInstance:
      options.logger === false ? pino({ level: 'silent' }) : (options.logger ?? createLogger(config)),
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    },
    logController: new RequestLog(),
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    frameworkErrors,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('platform', platform);
  // Helmet's headers (worked out once, see securityHeaders) and the request id, on every answer,
  // errors included; the ones only documents use are added by the docs page. The API serves JSON
  // and the docs page; the docs UI needs inline scripts.
  const security = securityHeaders({
    contentSecurityPolicy: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(security.every).header('x-request-id', request.id);
    done();
  });

  await app.register(httpErrors);
  await app.register(inputGuards);
  // Decided per request: a request without an Origin header is not a CORS request (a server, a
  // same-origin page, a load balancer's probe), and neither it nor an origin that is not listed gets
  // any CORS header; both still get `Vary: Origin`, which shared caches need. An allowed origin's
  // preflight is answered 204 with the CORS headers; any other OPTIONS request is 404.
  const allowedOrigins = new Set(config.corsOrigins);
  await app.register(cors, {
    origin: (origin, allow) => allow(null, origin !== undefined && allowedOrigins.has(origin)),
    credentials: true,
    exposedHeaders: ['x-cart-token', 'x-request-id', 'retry-after', 'etag'],
  });
  // RATE_LIMIT_DISABLED (load tests only) leaves the limiter out altogether: no per-request count,
  // no x-ratelimit-* headers; the /auth routes' own `config.rateLimit` is then inert too.
  if (!config.rateLimitDisabled) {
    await app.register(rateLimit, {
      global: true,
      max: 600,
      timeWindow: '1 minute',
      ...(platform.redis ? { redis: platform.redis, nameSpace: `${config.redisKeyPrefix}grl:` } : {}),
      skipOnError: true,
      allowList: (request) => ['/healthz', '/readyz', '/metrics'].includes(request.url),
      errorResponseBuilder: (_request, context) => rateLimited(Math.ceil(context.ttl / 1000)),
    });
  }
  await app.register(metrics);
  await app.register(openapi, { serverUrl: config.publicApiUrl, documentHeaders: security.documents });
  await app.register(ops, { platform });
  const verify = createTokenVerifier(platform);
  await app.register(authGuard, { verify });
  await app.register(websocket, { options: { handleProtocols: pickBearerProtocol, maxPayload: 64 * 1024 } });
  await app.register(realtime, { verify, pubsub: platform.pubsub, log: platform.log });

  await app.register(
    async (api) => {
      for (const mod of modules) await api.register(mod.routes, { platform });
    },
    { prefix: '/api/v1' },
  );
  return app as unknown as App;
}
