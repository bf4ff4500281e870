import type { Config } from '../config.js';
import type { Executor } from '../store/executor.js';
import { directoryForPermissions } from '../store/directory.js';
import { listTenantGrants, listTenantRestrictions } from '../store/grants.js';
import { getRevision } from '../store/tenants.js';
import type { TenantData } from './model.js';

/**
 * Reads what the engine needs about one tenant. The revision is read first, so the data is at
 * least as new as the revision it is filed under (a change that lands in between only causes
 * one more reload).
 */
export async function loadTenantData(db: Executor, config: Config, tenantId: string): Promise<TenantData> {
  const revision = await getRevision(db, tenantId);
  const [directory, grants, restrictions] = await Promise.all([
    directoryForPermissions(db, tenantId),
    listTenantGrants(db, tenantId),
    listTenantRestrictions(db, tenantId),
  ]);
  const tenant = config.tenants.find((t) => t.id === tenantId);
  return {
    tenantId,
    revision,
    tenantAdmins: tenant?.admins ?? [],
    sites: config.sites.filter((s) => s.tenant === tenantId).map((s) => ({ id: s.id, admins: s.admins })),
    ...directory,
    grants,
    restrictions,
  };
}
