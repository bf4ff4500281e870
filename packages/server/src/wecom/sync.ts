import { planSync, type SyncCounts } from '../directory/plan-sync.js';
import { ApiError } from '../errors.js';
import type { Services } from '../services.js';
import { appendAudit } from '../store/audit.js';
import { applyDirectoryChanges, deleteTags, loadDirectorySnapshot, tagsWithContents, upsertTag } from '../store/directory.js';
import { finishSyncJob, getSyncJob, reportSyncProgress, runningSyncJob, startSyncJob, type SyncJob } from '../store/sync-jobs.js';
import { bumpRevision } from '../store/tenants.js';
import { fetchDirectory } from './fetch-directory.js';

export interface SyncRequest {
  tenantId: string;
  trigger: SyncJob['trigger'];
  /** a userid, or system:schedule / system:cli */
  requestedBy: string;
}

/** Progress is written at most this often (it is also the job's heartbeat). */
const PROGRESS_EVERY_MS = 1_000;

/**
 * Full organisation syncs from WeCom. A sync reads everything first, then writes in one
 * transaction: a failed or partial read changes nothing, and the job is marked failed with the
 * reason. One sync per tenant at a time, across replicas.
 */
export class DirectorySync {
  /** where a background sync's unexpected failure is reported (its job is marked failed anyway) */
  onError: (error: unknown) => void = (error) => process.stderr.write(`directory sync: ${String(error)}\n`);

  constructor(private readonly services: Services) {}

  /**
   * Starts a sync and returns its job at once; the work goes on in the background.
   * `{conflict}` when the tenant already has one running.
   */
  async start(request: SyncRequest): Promise<{ job: SyncJob } | { conflict: SyncJob }> {
    const started = await this.#begin(request);
    if ('conflict' in started) return started;
    void this.#run(started.job, request).catch((error: unknown) => this.onError(error));
    return started;
  }

  /** Runs a sync to its end (the CLI). */
  async run(request: SyncRequest, onProgress?: (job: SyncJob) => void): Promise<SyncJob> {
    const started = await this.#begin(request);
    if ('conflict' in started) throw new ApiError('sync_running', `a sync of ${request.tenantId} is already running (${started.conflict.id})`, { job: started.conflict.id });
    return this.#run(started.job, request, onProgress);
  }

  async #begin(request: SyncRequest): Promise<{ job: SyncJob } | { conflict: SyncJob }> {
    if (!this.services.wecom.for(request.tenantId)) {
      throw new ApiError('wecom_not_configured', `WeCom is not configured for ${request.tenantId}: set its secrets (docs/wecom-setup.md)`);
    }
    const db = this.services.database.db;
    const job = await startSyncJob(db, request.tenantId, request.trigger, request.requestedBy);
    if (job) return { job };
    return { conflict: (await runningSyncJob(db, request.tenantId))! };
  }

  async #run(job: SyncJob, request: SyncRequest, onProgress?: (job: SyncJob) => void): Promise<SyncJob> {
    const { database, permissions } = this.services;
    const db = database.db;
    const client = this.services.wecom.for(request.tenantId)!;
    const before = { ...client.calls };
    const callsSince = () => Object.fromEntries(Object.entries(client.calls).map(([path, n]) => [path, n - (before[path] ?? 0)]).filter(([, n]) => (n as number) > 0));
    let lastReport = 0;
    let pending: Promise<void> = Promise.resolve();
    const report = (phase: string, done: number, total: number, force = false) => {
      const now = Date.now();
      if (!force && now - lastReport < PROGRESS_EVERY_MS) return;
      lastReport = now;
      pending = pending.then(() => reportSyncProgress(db, job.id, { phase, done, total }, now)).catch(() => {});
      onProgress?.({ ...job, phase, done, total });
    };
    // Reads take a while; the heartbeat says the job is alive even between progress steps.
    const heartbeat = setInterval(() => report(job.phase, job.done, job.total, true), PROGRESS_EVERY_MS * 10);
    heartbeat.unref();
    try {
      const fetched = await fetchDirectory(client, (phase, done, total) => {
        job = { ...job, phase, done, total };
        report(phase, done, total, done === 0 || done === total);
      });
      report('applying', 0, 1, true);
      await pending;
      const counts = await db.transaction().execute(async (trx) => {
        await bumpRevision(trx, request.tenantId);
        const snapshot = await loadDirectorySnapshot(trx, request.tenantId);
        const tags = await tagsWithContents(trx, request.tenantId);
        const plan = planSync(snapshot, tags, fetched);
        await applyDirectoryChanges(trx, request.tenantId, plan.changes);
        for (const tag of plan.tags.upsert) await upsertTag(trx, request.tenantId, tag);
        await deleteTags(trx, request.tenantId, plan.tags.remove);
        await appendAudit(trx, { tenantId: request.tenantId, actor: request.requestedBy, action: 'directory.sync', target: job.id, after: plan.counts });
        return plan.counts;
      });
      permissions.changed(request.tenantId);
      await finishSyncJob(db, job.id, { state: 'done', counts: memberCounts(counts), calls: callsSince() });
    } catch (error) {
      await pending;
      await finishSyncJob(db, job.id, { state: 'failed', error: describe(error), calls: callsSince() });
    } finally {
      clearInterval(heartbeat);
    }
    const finished = (await getSyncJob(db, request.tenantId, job.id))!;
    onProgress?.(finished);
    return finished;
  }
}

function memberCounts(counts: SyncCounts) {
  return { added: counts.added, updated: counts.updated, removed: counts.removed };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
