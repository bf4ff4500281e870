import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './errors.js';

/**
 * Browsers may call the API only from a configured site's origins (and this server's own).
 * A request that names any other origin, including `null` (sandboxed frames, file: pages), is
 * refused outright with 403 rather than merely denied CORS headers: a `text/plain` POST would
 * otherwise still run before the browser hid the answer.
 */
export async function installOriginPolicy(app: FastifyInstance, allowedOrigins: Iterable<string>): Promise<void> {
  const allowed = new Set(allowedOrigins);
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin !== undefined && !allowed.has(origin)) {
      return reply
        .status(403)
        .send(errorBody('origin_not_allowed', `the origin ${origin} is not one of the configured sites' origins`));
    }
  });
  await app.register(cors, {
    origin: [...allowed],
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    exposedHeaders: ['Retry-After', 'X-Request-Id'],
    credentials: false,
    maxAge: 600,
  });
}
