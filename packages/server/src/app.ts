import { randomBytes } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import { Ajv } from 'ajv';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { ApiError } from './errors.js';
import { installErrorHandling } from './plugins/errors.js';
import { installOriginPolicy } from './plugins/origins.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { catalogRoutes } from './routes/catalog.js';
import { checkRoutes } from './routes/check.js';
import { grantRoutes } from './routes/grants.js';
import { directoryRoutes } from './routes/directory.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { sdkRoutes } from './routes/sdk.js';
import { statsRoutes } from './routes/stats.js';
import { syncRoutes } from './routes/sync.js';
import { wecomAuthRoutes } from './routes/wecom-auth.js';
import { wecomCallbackRoutes } from './routes/wecom-callback.js';
import type { Services } from './services.js';

export interface BuildAppOptions {
  /** pino options, an existing logger, or false (tests) */
  logger?: FastifyServerOptions['logger'] | FastifyBaseLogger;
}

/**
 * The fastify application with every route, but not listening: tests call `inject()` on it,
 * `startServer` listens. Build the services first (server.ts does it from a configuration).
 */
export async function buildApp(services: Services, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const { config } = services;
  const logger = options.logger ?? { level: config.logLevel, serializers: { req: requestForLog } };
  const app = Fastify({
    ...(isLoggerInstance(logger) ? { loggerInstance: logger } : { logger }),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // Unique per process: a random prefix and a counter (cheaper than random bytes per request).
    genReqId: requestIds(),
    // Close idle keep-alive connections on shutdown so close() does not wait for them.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Query strings and path parameters are text, so "5" must become 5 there; a JSON body says
  // what it means, and a number where a string belongs is bad input, not something to coerce.
  const strict = new Ajv({ coerceTypes: false, removeAdditional: true, useDefaults: true, allErrors: false });
  const lenient = new Ajv({ coerceTypes: 'array', removeAdditional: true, useDefaults: true, allErrors: false });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : lenient).compile(schema));

  app.decorateRequest('identity', null);
  installErrorHandling(app);
  const origins = new Set(config.sites.flatMap((s) => s.origins));
  origins.add(new URL(config.publicUrl).origin);
  installOriginPolicy(app, origins, { credentialedPaths: ['/v1/events'] });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new ApiError('rate_limited', `too many requests from this address; try again in ${context.after}`),
  });

  await app.register(healthRoutes, { services });
  await app.register(authRoutes, { services });
  await app.register(wecomAuthRoutes, { services });
  await app.register(wecomCallbackRoutes, { services });
  await app.register(directoryRoutes, { services });
  await app.register(syncRoutes, { services });
  await app.register(checkRoutes, { services });
  await app.register(grantRoutes, { services });
  await app.register(catalogRoutes, { services });
  await app.register(auditRoutes, { services });
  await app.register(eventRoutes, { services });
  await app.register(statsRoutes, { services });
  await app.register(sdkRoutes);
  return app;
}

function requestIds(): () => string {
  const prefix = randomBytes(4).toString('hex');
  let next = 0;
  return () => `${prefix}${(next++).toString(16).padStart(8, '0')}`;
}

/** Query values that are credentials, however short-lived: WeCom's code, our state, callbacks' signatures. */
const SECRET_QUERY = /([?&](?:code|state|echostr|msg_signature|access_token|refresh_token)=)[^&#]*/gi;

/** What a request log says about the request: fastify's default, with secrets in the URL masked. */
export function requestForLog(request: FastifyRequest) {
  return {
    method: request.method,
    url: request.url.replace(SECRET_QUERY, '$1***'),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

function isLoggerInstance(logger: unknown): logger is FastifyBaseLogger {
  return typeof logger === 'object' && logger !== null && typeof (logger as FastifyBaseLogger).child === 'function';
}
