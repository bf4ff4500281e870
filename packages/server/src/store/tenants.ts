import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Schema } from '../db/schema.js';
import { appendAudit } from './audit.js';
import type { Executor } from './executor.js';
import { newGrantId } from './grants.js';

/**
 * Writes the configured tenants and sites into the database, so that every table can refer to
 * them, in one transaction:
 * - a changed list of tenant or site admins is written to the audit log and bumps the revision;
 * - a new site, or a site whose default policy changed, gets its policy as an ordinary grant on
 *   `/` (`everyone` may read, for `company`), made by `system:config`; admins may later remove
 *   or change that grant like any other, and the configuration only acts again when the
 *   policy in it changes;
 * - sites that left the configuration are archived, never deleted: their grants and statistics
 *   stay.
 */
export async function syncConfiguration(db: Kysely<Schema>, config: Config, now = Date.now()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const tenants = new Map((await trx.selectFrom('tenants').select(['id', 'admins']).execute()).map((t) => [t.id, t]));
    for (const t of config.tenants) {
      const admins = JSON.stringify([...t.admins].sort());
      await trx
        .insertInto('tenants')
        .values({
          id: t.id,
          name: t.name,
          corp_id: t.corpId,
          agent_id: t.agentId,
          time_zone: t.timeZone,
          revision: 0,
          admins,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({ name: t.name, corp_id: t.corpId, agent_id: t.agentId, time_zone: t.timeZone, admins }),
        )
        .execute();
      const before = tenants.get(t.id)?.admins ?? '[]';
      if (before !== admins) {
        await bumpRevision(trx, t.id);
        await appendAudit(trx, { tenantId: t.id, actor: 'system:config', action: 'tenant.admins', before: JSON.parse(before), after: JSON.parse(admins), at: now });
      }
    }

    const sites = new Map(
      (await trx.selectFrom('sites').select(['id', 'default_policy', 'admins', 'archived_at']).execute()).map((s) => [s.id, s]),
    );
    for (const s of config.sites) {
      const admins = JSON.stringify([...s.admins].sort());
      const values = {
        tenant_id: s.tenant,
        name: s.name,
        origins: JSON.stringify(s.origins),
        default_policy: s.defaultPolicy,
        protection: s.protection,
        drop_html_extension: s.dropHtmlExtension ? 1 : 0,
        admins,
      };
      await trx
        .insertInto('sites')
        .values({ id: s.id, ...values, created_at: now, updated_at: now, archived_at: null })
        .onConflict((oc) => oc.column('id').doUpdateSet({ ...values, archived_at: null }))
        .execute();
      const previous = sites.get(s.id);
      if ((previous?.admins ?? '[]') !== admins) {
        await bumpRevision(trx, s.tenant);
        await appendAudit(trx, {
          tenantId: s.tenant,
          actor: 'system:config',
          action: 'site.admins',
          siteId: s.id,
          before: JSON.parse(previous?.admins ?? '[]'),
          after: JSON.parse(admins),
          at: now,
        });
      }
      if (previous?.default_policy !== s.defaultPolicy) {
        await applyDefaultPolicy(trx, s.tenant, s.id, s.defaultPolicy, now);
        await bumpRevision(trx, s.tenant);
        await appendAudit(trx, {
          tenantId: s.tenant,
          actor: 'system:config',
          action: 'site.default_policy',
          siteId: s.id,
          target: '/',
          before: previous?.default_policy ?? null,
          after: s.defaultPolicy,
          at: now,
        });
      }
    }
    const configured = new Set(config.sites.map((s) => s.id));
    const gone = [...sites.values()].filter((s) => s.archived_at === null && !configured.has(s.id)).map((s) => s.id);
    if (gone.length) {
      await trx.updateTable('sites').set({ archived_at: now, updated_at: now }).where('id', 'in', gone).execute();
    }
  });
}

async function applyDefaultPolicy(trx: Executor, tenantId: string, siteId: string, policy: 'company' | 'private', now: number) {
  if (policy === 'company') {
    await trx
      .insertInto('grants')
      .values({
        id: newGrantId(),
        tenant_id: tenantId,
        site_id: siteId,
        path: '/',
        subject: 'everyone',
        level: 'read',
        expires_at: null,
        created_by: 'system:config',
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['site_id', 'path', 'subject']).doNothing())
      .execute();
  } else {
    await trx
      .deleteFrom('grants')
      .where('site_id', '=', siteId)
      .where('path', '=', '/')
      .where('subject', '=', 'everyone')
      .where('created_by', '=', 'system:config')
      .execute();
  }
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
