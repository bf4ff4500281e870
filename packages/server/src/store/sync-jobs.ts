import { randomBytes } from 'node:crypto';
import type { SyncJobsTable } from '../db/schema.js';
import type { Executor } from './executor.js';

export interface SyncJob {
  id: string;
  tenantId: string;
  trigger: SyncJobsTable['trigger'];
  requestedBy: string;
  state: SyncJobsTable['state'];
  phase: string;
  done: number;
  total: number;
  added: number;
  updated: number;
  removed: number;
  calls: Record<string, number> | null;
  error: string | null;
  startedAt: number;
  heartbeatAt: number;
  finishedAt: number | null;
}

/** A running job whose process has not reported for this long has stopped (it crashed, was killed). */
export const STALE_AFTER_MS = 60_000;

const toJob = (r: SyncJobsTable): SyncJob => ({
  id: r.id,
  tenantId: r.tenant_id,
  trigger: r.trigger,
  requestedBy: r.requested_by,
  state: r.state,
  phase: r.phase,
  done: r.done,
  total: r.total,
  added: r.added,
  updated: r.updated,
  removed: r.removed,
  calls: r.calls === null ? null : (JSON.parse(r.calls) as Record<string, number>),
  error: r.error,
  startedAt: r.started_at,
  heartbeatAt: r.heartbeat_at,
  finishedAt: r.finished_at,
});

/**
 * Starts a job, or returns null when the tenant already has one running (whichever replica
 * runs it: a unique index allows one running job per tenant). A running job that stopped
 * reporting is marked failed first.
 */
export async function startSyncJob(db: Executor, tenantId: string, trigger: SyncJob['trigger'], requestedBy: string, now = Date.now()): Promise<SyncJob | null> {
  await db
    .updateTable('sync_jobs')
    .set({ state: 'failed', error: 'interrupted: the process running this sync stopped', finished_at: now })
    .where('tenant_id', '=', tenantId)
    .where('state', '=', 'running')
    .where('heartbeat_at', '<', now - STALE_AFTER_MS)
    .execute();
  const id = `sync_${randomBytes(9).toString('base64url')}`;
  try {
    await db
      .insertInto('sync_jobs')
      .values({
        id,
        tenant_id: tenantId,
        trigger,
        requested_by: requestedBy,
        state: 'running',
        phase: 'starting',
        done: 0,
        total: 0,
        added: 0,
        updated: 0,
        removed: 0,
        started_at: now,
        heartbeat_at: now,
        calls: null,
        error: null,
        finished_at: null,
      })
      .execute();
  } catch (error) {
    if (await runningSyncJob(db, tenantId)) return null;
    throw error;
  }
  return (await getSyncJob(db, tenantId, id))!;
}

export async function runningSyncJob(db: Executor, tenantId: string): Promise<SyncJob | undefined> {
  const r = await db.selectFrom('sync_jobs').selectAll().where('tenant_id', '=', tenantId).where('state', '=', 'running').executeTakeFirst();
  return r && toJob(r);
}

export async function getSyncJob(db: Executor, tenantId: string, id: string): Promise<SyncJob | undefined> {
  const r = await db.selectFrom('sync_jobs').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return r && toJob(r);
}

export async function latestSyncJob(db: Executor, tenantId: string): Promise<SyncJob | undefined> {
  const r = await db.selectFrom('sync_jobs').selectAll().where('tenant_id', '=', tenantId).orderBy('started_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return r && toJob(r);
}

export async function reportSyncProgress(db: Executor, id: string, progress: { phase: string; done: number; total: number }, now = Date.now()): Promise<void> {
  await db.updateTable('sync_jobs').set({ ...progress, heartbeat_at: now }).where('id', '=', id).execute();
}

export async function finishSyncJob(
  db: Executor,
  id: string,
  outcome: { state: 'done' | 'failed'; error?: string; counts?: { added: number; updated: number; removed: number }; calls: Record<string, number> },
  now = Date.now(),
): Promise<void> {
  await db
    .updateTable('sync_jobs')
    .set({
      state: outcome.state,
      // A failed job keeps the phase it failed in; a finished one reads "done 1/1".
      ...(outcome.state === 'done' ? { phase: 'done', done: 1, total: 1 } : {}),
      error: outcome.error ?? null,
      ...(outcome.counts ?? {}),
      calls: JSON.stringify(outcome.calls),
      finished_at: now,
      heartbeat_at: now,
    })
    .where('id', '=', id)
    .execute();
}
