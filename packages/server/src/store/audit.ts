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
