import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ping } from '../db/database.js';
import { errorBody } from '../plugins/errors.js';
import type { Services } from '../services.js';

/**
 * `/healthz`: the process answers (liveness). `/readyz`: it can serve traffic, with its
 * database reachable, and is not shutting down (readiness).
 */
export const healthRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    const { lifecycle, database } = services;
    if (lifecycle.draining) return reply.status(503).send(errorBody('unavailable', 'shutting down'));
    if (!lifecycle.ready) return reply.status(503).send(errorBody('unavailable', 'starting'));
    if (!(await ping(database))) return reply.status(503).send(errorBody('unavailable', 'the database does not answer'));
    return { status: 'ready' };
  });
};
