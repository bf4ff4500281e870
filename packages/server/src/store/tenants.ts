import type { Config } from '../config.js';
import type { Executor } from './executor.js';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';

/**
 * Writes the configured tenants and sites into the database, so that every table can refer to
 * them. Sites that left the configuration are archived, never deleted: their grants and
 * statistics stay.
 */
export async function syncConfiguration(db: Kysely<Schema>, config: Config, now = Date.now()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const t of config.tenants) {
      await trx
        .insertInto('tenants')
        .values({
          id: t.id,
          name: t.name,
          corp_id: t.corpId,
          agent_id: t.agentId,
          time_zone: t.timeZone,
          revision: 0,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({ name: t.name, corp_id: t.corpId, agent_id: t.agentId, time_zone: t.timeZone }),
        )
        .execute();
    }
    const configured = new Set(config.sites.map((s) => s.id));
    for (const s of config.sites) {
      const values = {
        tenant_id: s.tenant,
        name: s.name,
        origins: JSON.stringify(s.origins),
        default_policy: s.defaultPolicy,
        protection: s.protection,
        drop_html_extension: s.dropHtmlExtension ? 1 : 0,
      };
      await trx
        .insertInto('sites')
        .values({ id: s.id, ...values, created_at: now, updated_at: now, archived_at: null })
        .onConflict((oc) => oc.column('id').doUpdateSet({ ...values, archived_at: null }))
        .execute();
    }
    const existing = await trx.selectFrom('sites').select('id').where('archived_at', 'is', null).execute();
    const gone = existing.map((r) => r.id).filter((id) => !configured.has(id));
    if (gone.length) {
      await trx.updateTable('sites').set({ archived_at: now, updated_at: now }).where('id', 'in', gone).execute();
    }
  });
}

/**
 * Bumps the tenant's revision and returns the new value. Called first in every transaction that
 * changes a tenant's directory or grants: the row lock it takes (the write lock on SQLite)
 * also serialises those transactions per tenant.
 */
export async function bumpRevision(trx: Executor, tenantId: string): Promise<number> {
  const row = await trx
    .updateTable('tenants')
    .set((eb) => ({ revision: eb('revision', '+', 1), updated_at: Date.now() }))
    .where('id', '=', tenantId)
    .returning('revision')
    .executeTakeFirst();
  if (!row) throw new Error(`unknown tenant ${tenantId}`);
  return row.revision;
}

export async function getRevision(db: Executor, tenantId: string): Promise<number> {
  const row = await db.selectFrom('tenants').select('revision').where('id', '=', tenantId).executeTakeFirst();
  return row?.revision ?? 0;
}
