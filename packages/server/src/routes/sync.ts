import { ErrorBody, SyncJob, SyncStarted } from '@docgate/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ApiError } from '../errors.js';
import { authenticator, identityOf, tenantAdminGuard } from '../plugins/authenticate.js';
import type { Services } from '../services.js';
import { getSyncJob, latestSyncJob, type SyncJob as StoredJob } from '../store/sync-jobs.js';

export function jobView(job: StoredJob): SyncJob {
  return {
    id: job.id,
    state: job.state,
    phase: job.phase,
    done: job.done,
    total: job.total,
    added: job.added,
    updated: job.updated,
    removed: job.removed,
    startedAt: new Date(job.startedAt).toISOString(),
    finishedAt: job.finishedAt === null ? null : new Date(job.finishedAt).toISOString(),
    ...(job.error ? { error: job.error } : {}),
    trigger: job.trigger,
    requestedBy: job.requestedBy,
    calls: job.calls,
  };
}

/** Syncing the directory from WeCom (docs/api.md, "Directory"); tenant admins only. */
export const syncRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { sync } = services;
  app.addHook('onRequest', authenticator(services.tokens));
  app.addHook('onRequest', tenantAdminGuard(services.config, services.database));
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

  app.post('/v1/directory/sync', { schema: { response: { 202: SyncStarted, ...errors } } }, async (request, reply) => {
    const { tenantId, userid } = identityOf(request);
    const started = await sync.start({ tenantId, trigger: 'api', requestedBy: userid });
    if ('conflict' in started) {
      throw new ApiError('sync_running', `a sync is already running (started ${new Date(started.conflict.startedAt).toISOString()})`, { job: jobView(started.conflict) });
    }
    return reply.status(202).send({ job: jobView(started.job) });
  });

  app.get('/v1/directory/sync/latest', { schema: { response: { 200: SyncJob, ...errors } } }, async (request) => {
    const job = await latestSyncJob(services.database.db, identityOf(request).tenantId);
    if (!job) throw new ApiError('not_found', 'no sync has run yet');
    return jobView(job);
  });

  app.get(
    '/v1/directory/sync/:job',
    { schema: { params: Type.Object({ job: Type.String({ minLength: 1, maxLength: 64 }) }), response: { 200: SyncJob, ...errors } } },
    async (request) => {
      const job = await getSyncJob(services.database.db, identityOf(request).tenantId, request.params.job);
      if (!job) throw new ApiError('not_found', `no sync ${request.params.job}`);
      return jobView(job);
    },
  );
};
