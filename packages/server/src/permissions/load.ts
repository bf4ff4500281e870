import type { Config } from '../config.js';
import type { Executor } from '../store/executor.js';
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
  const [departments, members, memberships, tags, tagMembers, tagDepartments, grants, restrictions] = await Promise.all([
    db.selectFrom('departments').select(['id', 'parent_id', 'name']).where('tenant_id', '=', tenantId).execute(),
    db.selectFrom('members').select(['userid', 'name', 'status']).where('tenant_id', '=', tenantId).execute(),
    db
      .selectFrom('member_departments')
      .select(['userid', 'department_id'])
      .where('tenant_id', '=', tenantId)
      .orderBy('userid')
      .orderBy('position_no')
      .execute(),
    db.selectFrom('tags').select(['id', 'name']).where('tenant_id', '=', tenantId).execute(),
    db.selectFrom('tag_members').select(['tag_id', 'userid']).where('tenant_id', '=', tenantId).execute(),
    db.selectFrom('tag_departments').select(['tag_id', 'department_id']).where('tenant_id', '=', tenantId).execute(),
    listTenantGrants(db, tenantId),
    listTenantRestrictions(db, tenantId),
  ]);
  const departmentsOf = new Map<string, number[]>();
  for (const m of memberships) {
    const list = departmentsOf.get(m.userid);
    if (list) list.push(m.department_id);
    else departmentsOf.set(m.userid, [m.department_id]);
  }
  const tagById = new Map(tags.map((t) => [t.id, { id: t.id, name: t.name, userids: [] as string[], departmentIds: [] as number[] }]));
  for (const t of tagMembers) tagById.get(t.tag_id)?.userids.push(t.userid);
  for (const t of tagDepartments) tagById.get(t.tag_id)?.departmentIds.push(t.department_id);
  const tenant = config.tenants.find((t) => t.id === tenantId);
  return {
    tenantId,
    revision,
    tenantAdmins: tenant?.admins ?? [],
    sites: config.sites.filter((s) => s.tenant === tenantId).map((s) => ({ id: s.id, admins: s.admins })),
    departments: departments.map((d) => ({ id: d.id, parentId: d.parent_id, name: d.name })),
    members: members.map((m) => ({ userid: m.userid, name: m.name, status: m.status, departments: departmentsOf.get(m.userid) ?? [] })),
    tags: [...tagById.values()],
    grants,
    restrictions,
  };
}
