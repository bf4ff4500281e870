import type { Executor } from './executor.js';
import type { GrantRecord } from './grants.js';

/** A change to grants or restrictions, as a cache applies it. */
export type PermissionChange =
  | { kind: 'grant.put'; grant: GrantRecord }
  | { kind: 'grant.delete'; siteId: string; id: string }
  | { kind: 'restriction'; siteId: string; path: string; restricted: boolean };

/** Records the change made under `revision` (the value bumpRevision returned in this transaction). */
export async function recordPermissionChange(trx: Executor, tenantId: string, revision: number, change: PermissionChange): Promise<void> {
  await trx.insertInto('permission_changes').values({ tenant_id: tenantId, revision, change: JSON.stringify(change), at: Date.now() }).execute();
}

/** The changes with a revision in (after, upTo], in order. */
export async function permissionChangesSince(
  db: Executor,
  tenantId: string,
  after: number,
  upTo: number,
): Promise<Array<{ revision: number; change: PermissionChange }>> {
  const rows = await db
    .selectFrom('permission_changes')
    .select(['revision', 'change'])
    .where('tenant_id', '=', tenantId)
    .where('revision', '>', after)
    .where('revision', '<=', upTo)
    .orderBy('revision')
    .execute();
  return rows.map((r) => ({ revision: r.revision, change: JSON.parse(r.change) as PermissionChange }));
}

/** Deletes changes older than `maxAgeMs`; a cache further behind than that reloads in full. */
export async function prunePermissionChanges(db: Executor, now: number, maxAgeMs = 7 * 86_400_000): Promise<number> {
  const result = await db.deleteFrom('permission_changes').where('at', '<', now - maxAgeMs).executeTakeFirst();
  return Number(result.numDeletedRows);
}
