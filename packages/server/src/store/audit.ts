import type { Executor } from './executor.js';

export interface AuditEntry {
  tenantId: string;
  /** the userid who acted, or `system:<what>` for the CLI, sync and the demo */
  actor: string;
  action: string;
  siteId?: string | null;
  target?: string | null;
  before?: unknown;
  after?: unknown;
  at?: number;
}

/** Appends to the audit log; call it inside the transaction that makes the change. */
export async function appendAudit(trx: Executor, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      tenant_id: entry.tenantId,
      at: entry.at ?? Date.now(),
      actor: entry.actor,
      action: entry.action,
      site_id: entry.siteId ?? null,
      target: entry.target ?? null,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}

export interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  siteId: string | null;
  target: string | null;
  before: unknown;
  after: unknown;
}

/** Newest first; `beforeId` continues a listing, `since` keeps entries at or after a time. */
export async function listAudit(
  db: Executor,
  tenantId: string,
  filter: { siteId?: string | undefined; since?: number | undefined; beforeId?: number | undefined; limit: number },
): Promise<{ entries: AuditRow[]; more: boolean }> {
  let query = db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId);
  if (filter.siteId !== undefined) query = query.where('site_id', '=', filter.siteId);
  if (filter.since !== undefined) query = query.where('at', '>=', filter.since);
  if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
  const rows = await query.orderBy('id', 'desc').limit(filter.limit + 1).execute();
  return {
    more: rows.length > filter.limit,
    entries: rows.slice(0, filter.limit).map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      siteId: r.site_id,
      target: r.target,
      before: r.before === null ? null : JSON.parse(r.before),
      after: r.after === null ? null : JSON.parse(r.after),
    })),
  };
}
