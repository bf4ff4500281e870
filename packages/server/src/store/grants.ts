import { randomBytes } from 'node:crypto';
import type { Level } from '@docgate/protocol';
import type { Executor } from './executor.js';

export interface GrantRecord {
  id: string;
  siteId: string;
  path: string;
  subject: string;
  level: Level;
  expiresAt: number | null;
  createdBy: string;
  createdAt: number;
}

export interface RestrictionRecord {
  siteId: string;
  path: string;
  createdBy: string;
  createdAt: number;
}

export function newGrantId(): string {
  return `g_${randomBytes(9).toString('base64url')}`;
}

type GrantRow = {
  id: string;
  site_id: string;
  path: string;
  subject: string;
  level: Level;
  expires_at: number | null;
  created_by: string;
  created_at: number;
};
const toGrant = (r: GrantRow): GrantRecord => ({
  id: r.id,
  siteId: r.site_id,
  path: r.path,
  subject: r.subject,
  level: r.level,
  expiresAt: r.expires_at,
  createdBy: r.created_by,
  createdAt: r.created_at,
});
const GRANT_COLUMNS = ['id', 'site_id', 'path', 'subject', 'level', 'expires_at', 'created_by', 'created_at'] as const;

/** Every grant of the tenant, expired ones included (evaluation compares with the clock). */
export async function listTenantGrants(db: Executor, tenantId: string): Promise<GrantRecord[]> {
  const rows = await db.selectFrom('grants').select(GRANT_COLUMNS).where('tenant_id', '=', tenantId).execute();
  return rows.map(toGrant);
}

export async function listTenantRestrictions(db: Executor, tenantId: string): Promise<RestrictionRecord[]> {
  const rows = await db.selectFrom('restrictions').select(['site_id', 'path', 'created_by', 'created_at']).where('tenant_id', '=', tenantId).execute();
  return rows.map((r) => ({ siteId: r.site_id, path: r.path, createdBy: r.created_by, createdAt: r.created_at }));
}

export async function findGrant(db: Executor, tenantId: string, id: string): Promise<GrantRecord | undefined> {
  const row = await db.selectFrom('grants').select(GRANT_COLUMNS).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row && toGrant(row);
}

export async function findGrantFor(db: Executor, siteId: string, path: string, subject: string): Promise<GrantRecord | undefined> {
  const row = await db
    .selectFrom('grants')
    .select(GRANT_COLUMNS)
    .where('site_id', '=', siteId)
    .where('path', '=', path)
    .where('subject', '=', subject)
    .executeTakeFirst();
  return row && toGrant(row);
}

export async function insertGrant(db: Executor, tenantId: string, grant: GrantRecord): Promise<void> {
  await db
    .insertInto('grants')
    .values({
      id: grant.id,
      tenant_id: tenantId,
      site_id: grant.siteId,
      path: grant.path,
      subject: grant.subject,
      level: grant.level,
      expires_at: grant.expiresAt,
      created_by: grant.createdBy,
      created_at: grant.createdAt,
    })
    .execute();
}

export async function updateGrant(db: Executor, id: string, change: { level: Level; expiresAt: number | null }): Promise<void> {
  await db.updateTable('grants').set({ level: change.level, expires_at: change.expiresAt }).where('id', '=', id).execute();
}

export async function deleteGrant(db: Executor, tenantId: string, id: string): Promise<void> {
  await db.deleteFrom('grants').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function isRestricted(db: Executor, siteId: string, path: string): Promise<boolean> {
  return (await db.selectFrom('restrictions').select('path').where('site_id', '=', siteId).where('path', '=', path).executeTakeFirst()) !== undefined;
}

export async function setRestriction(db: Executor, tenantId: string, siteId: string, path: string, restricted: boolean, actor: string): Promise<void> {
  if (restricted) {
    await db
      .insertInto('restrictions')
      .values({ tenant_id: tenantId, site_id: siteId, path, created_by: actor, created_at: Date.now() })
      .onConflict((oc) => oc.columns(['site_id', 'path']).doNothing())
      .execute();
  } else {
    await db.deleteFrom('restrictions').where('site_id', '=', siteId).where('path', '=', path).execute();
  }
}
