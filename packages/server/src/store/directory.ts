import type { DepartmentRef, MemberStatus } from '@docgate/protocol';
import { sql } from 'kysely';
import { chunks } from '../lib/chunks.js';
import type { Executor } from './executor.js';

export interface DepartmentRecord {
  id: number;
  name: string;
  nameEn: string | null;
  parentId: number | null;
  order: number;
}

export interface MemberRecord {
  userid: string;
  name: string;
  position: string;
  mobile: string | null;
  email: string | null;
  mainDepartment: number | null;
  status: MemberStatus;
  source: 'csv' | 'wecom' | 'demo';
  /** department ids in the member's own order */
  departments: number[];
}

export interface DirectorySnapshot {
  departments: DepartmentRecord[];
  members: Map<string, MemberRecord>;
  /** departments that some tag lists */
  taggedDepartments: Set<number>;
}

/** Everything an import or a sync compares against, read in a handful of queries. */
export async function loadDirectorySnapshot(db: Executor, tenantId: string): Promise<DirectorySnapshot> {
  const [departments, members, memberships, tagged] = await Promise.all([
    db
      .selectFrom('departments')
      .select(['id', 'name', 'name_en', 'parent_id', 'order_no'])
      .where('tenant_id', '=', tenantId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('members')
      .select(['userid', 'name', 'position', 'mobile', 'email', 'main_department', 'status', 'source'])
      .where('tenant_id', '=', tenantId)
      .orderBy('userid')
      .execute(),
    membershipsByUser(db, tenantId),
    db.selectFrom('tag_departments').select('department_id').where('tenant_id', '=', tenantId).orderBy('department_id').execute(),
  ]);
  const byUser = new Map<string, MemberRecord>();
  for (const m of members) {
    byUser.set(m.userid, {
      userid: m.userid,
      name: m.name,
      position: m.position,
      mobile: m.mobile,
      email: m.email,
      mainDepartment: m.main_department,
      status: m.status,
      source: m.source,
      departments: [],
    });
  }
  for (const [userid, departments] of memberships) {
    const member = byUser.get(userid);
    if (member) member.departments = departments;
  }
  return {
    departments: departments.map((d) => ({
      id: d.id,
      name: d.name,
      nameEn: d.name_en,
      parentId: d.parent_id,
      order: d.order_no,
    })),
    members: byUser,
    taggedDepartments: new Set(tagged.map((t) => t.department_id)),
  };
}

/** Each member's departments, in the member's own order. */
export async function membershipsByUser(db: Executor, tenantId: string): Promise<Map<string, number[]>> {
  const rows = await db
    .selectFrom('member_departments')
    .select(['userid', 'department_id'])
    .where('tenant_id', '=', tenantId)
    .orderBy('userid')
    .orderBy('position_no')
    .execute();
  const out = new Map<string, number[]>();
  for (const r of rows) {
    const list = out.get(r.userid);
    if (list) list.push(r.department_id);
    else out.set(r.userid, [r.department_id]);
  }
  return out;
}

/** Every tag with the members and departments it lists, in tag id order. */
export async function tagsWithContents(db: Executor, tenantId: string): Promise<TagInput[]> {
  const [tags, tagMembers, tagDepartments] = await Promise.all([
    db.selectFrom('tags').select(['id', 'name']).where('tenant_id', '=', tenantId).orderBy('id').execute(),
    db.selectFrom('tag_members').select(['tag_id', 'userid']).where('tenant_id', '=', tenantId).orderBy('userid').execute(),
    db.selectFrom('tag_departments').select(['tag_id', 'department_id']).where('tenant_id', '=', tenantId).orderBy('department_id').execute(),
  ]);
  const byId = new Map(tags.map((t) => [t.id, { id: t.id, name: t.name, userids: [] as string[], departmentIds: [] as number[] }]));
  for (const t of tagMembers) byId.get(t.tag_id)?.userids.push(t.userid);
  for (const t of tagDepartments) byId.get(t.tag_id)?.departmentIds.push(t.department_id);
  return [...byId.values()];
}

export async function deleteTags(trx: Executor, tenantId: string, ids: number[]): Promise<void> {
  for (const batch of chunks(ids)) {
    await trx.deleteFrom('tag_members').where('tenant_id', '=', tenantId).where('tag_id', 'in', batch).execute();
    await trx.deleteFrom('tag_departments').where('tenant_id', '=', tenantId).where('tag_id', 'in', batch).execute();
    await trx.deleteFrom('tags').where('tenant_id', '=', tenantId).where('id', 'in', batch).execute();
  }
}

/** The directory as the permission engine reads it: who is where, and what the tags hold. */
export async function directoryForPermissions(db: Executor, tenantId: string) {
  const [departments, members, memberships, tags] = await Promise.all([
    db.selectFrom('departments').select(['id', 'parent_id', 'name']).where('tenant_id', '=', tenantId).execute(),
    db.selectFrom('members').select(['userid', 'name', 'status']).where('tenant_id', '=', tenantId).execute(),
    membershipsByUser(db, tenantId),
    tagsWithContents(db, tenantId),
  ]);
  return {
    departments: departments.map((d) => ({ id: d.id, parentId: d.parent_id, name: d.name })),
    members: members.map((m) => ({ userid: m.userid, name: m.name, status: m.status, departments: memberships.get(m.userid) ?? [] })),
    tags,
  };
}

export interface DirectoryChanges {
  /** inserted, or updated in place when the id exists */
  upsertDepartments: DepartmentRecord[];
  removeDepartments: number[];
  /** inserted, or updated in place with their department list replaced */
  upsertMembers: MemberRecord[];
  /** members whose status alone changes (disabled by a full import, left in WeCom) */
  setStatus: { userids: string[]; status: MemberStatus }[];
}

/** Writes a set of changes; call it inside the transaction that computed them. */
export async function applyDirectoryChanges(
  trx: Executor,
  tenantId: string,
  changes: DirectoryChanges,
  now = Date.now(),
): Promise<void> {
  for (const batch of chunks(changes.upsertDepartments)) {
    await trx
      .insertInto('departments')
      .values(
        batch.map((d) => ({
          tenant_id: tenantId,
          id: d.id,
          name: d.name,
          name_en: d.nameEn,
          parent_id: d.parentId,
          order_no: d.order,
          created_at: now,
          updated_at: now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          name_en: eb.ref('excluded.name_en'),
          parent_id: eb.ref('excluded.parent_id'),
          order_no: eb.ref('excluded.order_no'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
  for (const batch of chunks(changes.removeDepartments)) {
    await trx.deleteFrom('departments').where('tenant_id', '=', tenantId).where('id', 'in', batch).execute();
  }
  for (const batch of chunks(changes.upsertMembers)) {
    await trx
      .insertInto('members')
      .values(
        batch.map((m) => ({
          tenant_id: tenantId,
          userid: m.userid,
          name: m.name,
          position: m.position,
          mobile: m.mobile,
          email: m.email,
          main_department: m.mainDepartment,
          status: m.status,
          source: m.source,
          created_at: now,
          updated_at: now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'userid']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          position: eb.ref('excluded.position'),
          mobile: eb.ref('excluded.mobile'),
          email: eb.ref('excluded.email'),
          main_department: eb.ref('excluded.main_department'),
          status: eb.ref('excluded.status'),
          source: eb.ref('excluded.source'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
    await trx
      .deleteFrom('member_departments')
      .where('tenant_id', '=', tenantId)
      .where(
        'userid',
        'in',
        batch.map((m) => m.userid),
      )
      .execute();
    const memberships = batch.flatMap((m) =>
      m.departments.map((departmentId, position) => ({
        tenant_id: tenantId,
        userid: m.userid,
        department_id: departmentId,
        position_no: position,
      })),
    );
    for (const rows of chunks(memberships)) {
      await trx.insertInto('member_departments').values(rows).execute();
    }
  }
  for (const { userids, status } of changes.setStatus) {
    for (const batch of chunks(userids)) {
      await trx
        .updateTable('members')
        .set({ status, updated_at: now })
        .where('tenant_id', '=', tenantId)
        .where('userid', 'in', batch)
        .execute();
    }
  }
}

export interface DepartmentWithCount extends DepartmentRecord {
  memberCount: number;
}

/** The whole tree, flat, siblings in WeCom's order (higher `order` first, then id). */
export async function listDepartments(db: Executor, tenantId: string): Promise<DepartmentWithCount[]> {
  const counts = db
    .selectFrom('member_departments as md')
    .innerJoin('members as m', (j) => j.onRef('m.tenant_id', '=', 'md.tenant_id').onRef('m.userid', '=', 'md.userid'))
    .select((eb) => ['md.department_id', eb.fn.countAll<number>().as('n')])
    .where('md.tenant_id', '=', tenantId)
    .where('m.status', '=', 'active')
    .groupBy('md.department_id')
    .as('c');
  const rows = await db
    .selectFrom('departments as d')
    .leftJoin(counts, 'c.department_id', 'd.id')
    .select(['d.id', 'd.name', 'd.name_en', 'd.parent_id', 'd.order_no', 'c.n'])
    .where('d.tenant_id', '=', tenantId)
    // NULL sorts first on SQLite and last on PostgreSQL unless told: the root comes first on both.
    .orderBy('d.parent_id', (ob) => ob.asc().nullsFirst())
    .orderBy('d.order_no', 'desc')
    .orderBy('d.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    nameEn: r.name_en,
    parentId: r.parent_id,
    order: r.order_no,
    memberCount: Number(r.n ?? 0),
  }));
}

export interface MemberSearch {
  /** lower-cased text to find in the name or the userid */
  q?: string | undefined;
  /** only members placed in one of these departments */
  departmentIds?: number[] | undefined;
  status: MemberStatus | 'all';
  /** keyset: userids strictly after this one */
  after?: string | undefined;
  limit: number;
}

export interface MemberListing {
  userid: string;
  name: string;
  position: string;
  mainDepartment: number | null;
  status: MemberStatus;
}

/** One page of members ordered by userid, and whether another page follows. */
export async function searchMembers(
  db: Executor,
  tenantId: string,
  search: MemberSearch,
): Promise<{ members: MemberListing[]; more: boolean }> {
  let query = db
    .selectFrom('members')
    .select(['userid', 'name', 'position', 'main_department', 'status'])
    .where('tenant_id', '=', tenantId);
  if (search.status !== 'all') query = query.where('status', '=', search.status);
  if (search.after !== undefined) query = query.where('userid', '>', search.after);
  if (search.q) {
    const pattern = `%${search.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // Backslash escapes % and _ only when LIKE is told so, on both databases.
    query = query.where((eb) =>
      eb.or([
        sql<boolean>`lower(${eb.ref('name')}) like ${pattern} escape '\\'`,
        sql<boolean>`lower(${eb.ref('userid')}) like ${pattern} escape '\\'`,
      ]),
    );
  }
  if (search.departmentIds) {
    const ids = search.departmentIds;
    if (ids.length === 0) return { members: [], more: false };
    query = query.where('userid', 'in', (eb) =>
      eb
        .selectFrom('member_departments')
        .select('userid')
        .where('tenant_id', '=', tenantId)
        .where('department_id', 'in', ids),
    );
  }
  const rows = await query.orderBy('userid').limit(search.limit + 1).execute();
  const more = rows.length > search.limit;
  return {
    members: rows.slice(0, search.limit).map((r) => ({
      userid: r.userid,
      name: r.name,
      position: r.position,
      mainDepartment: r.main_department,
      status: r.status,
    })),
    more,
  };
}

/** The departments (id and name, in the member's order) of each of these members. */
export async function departmentsOf(
  db: Executor,
  tenantId: string,
  userids: string[],
): Promise<Map<string, DepartmentRef[]>> {
  const out = new Map<string, DepartmentRef[]>(userids.map((u) => [u, []]));
  for (const batch of chunks(userids)) {
    const rows = await db
      .selectFrom('member_departments as md')
      .innerJoin('departments as d', (j) => j.onRef('d.tenant_id', '=', 'md.tenant_id').onRef('d.id', '=', 'md.department_id'))
      .select(['md.userid', 'd.id', 'd.name'])
      .where('md.tenant_id', '=', tenantId)
      .where('md.userid', 'in', batch)
      .orderBy('md.userid')
      .orderBy('md.position_no')
      .execute();
    for (const r of rows) out.get(r.userid)?.push({ id: r.id, name: r.name });
  }
  return out;
}

export async function getMember(db: Executor, tenantId: string, userid: string): Promise<MemberListing | undefined> {
  const r = await db
    .selectFrom('members')
    .select(['userid', 'name', 'position', 'main_department', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('userid', '=', userid)
    .executeTakeFirst();
  return r && { userid: r.userid, name: r.name, position: r.position, mainDepartment: r.main_department, status: r.status };
}

/** One member as an import or a sync sees them (contact details and departments included). */
export async function getMemberRecord(db: Executor, tenantId: string, userid: string): Promise<MemberRecord | undefined> {
  const r = await db
    .selectFrom('members')
    .select(['userid', 'name', 'position', 'mobile', 'email', 'main_department', 'status', 'source'])
    .where('tenant_id', '=', tenantId)
    .where('userid', '=', userid)
    .executeTakeFirst();
  if (!r) return undefined;
  const rows = await db
    .selectFrom('member_departments')
    .select('department_id')
    .where('tenant_id', '=', tenantId)
    .where('userid', '=', userid)
    .orderBy('position_no')
    .execute();
  return {
    userid: r.userid,
    name: r.name,
    position: r.position,
    mobile: r.mobile,
    email: r.email,
    mainDepartment: r.main_department,
    status: r.status,
    source: r.source,
    departments: rows.map((d) => d.department_id),
  };
}

export async function getDepartment(db: Executor, tenantId: string, id: number): Promise<DepartmentRecord | undefined> {
  const d = await db.selectFrom('departments').select(['id', 'name', 'name_en', 'parent_id', 'order_no']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return d && { id: d.id, name: d.name, nameEn: d.name_en, parentId: d.parent_id, order: d.order_no };
}

/**
 * A member's userid changed in WeCom (update_user with NewUserID): everything that names them
 * follows — memberships, tags, grants to `user:<id>`, sessions (their next refresh carries on
 * under the new id).
 */
export async function renameMember(trx: Executor, tenantId: string, from: string, to: string): Promise<void> {
  await trx.updateTable('members').set({ userid: to }).where('tenant_id', '=', tenantId).where('userid', '=', from).execute();
  await trx.updateTable('member_departments').set({ userid: to }).where('tenant_id', '=', tenantId).where('userid', '=', from).execute();
  await trx.updateTable('tag_members').set({ userid: to }).where('tenant_id', '=', tenantId).where('userid', '=', from).execute();
  await trx.updateTable('refresh_tokens').set({ userid: to }).where('tenant_id', '=', tenantId).where('userid', '=', from).execute();
  // A grant the new id already holds on the same path wins; the old one goes.
  const held = await trx.selectFrom('grants').select(['site_id', 'path']).where('tenant_id', '=', tenantId).where('subject', '=', `user:${to}`).execute();
  for (const g of held) {
    await trx.deleteFrom('grants').where('site_id', '=', g.site_id).where('path', '=', g.path).where('subject', '=', `user:${from}`).execute();
  }
  await trx.updateTable('grants').set({ subject: `user:${to}` }).where('tenant_id', '=', tenantId).where('subject', '=', `user:${from}`).execute();
}

export async function countMembers(db: Executor, tenantId: string, status: MemberStatus = 'active'): Promise<number> {
  const r = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('status', '=', status)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface TagInput {
  id: number;
  name: string;
  userids: string[];
  departmentIds: number[];
}

/** Creates or replaces a tag with its members and departments. */
export async function upsertTag(trx: Executor, tenantId: string, tag: TagInput, now = Date.now()): Promise<void> {
  await trx
    .insertInto('tags')
    .values({ tenant_id: tenantId, id: tag.id, name: tag.name, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['tenant_id', 'id']).doUpdateSet({ name: tag.name, updated_at: now }))
    .execute();
  await trx.deleteFrom('tag_members').where('tenant_id', '=', tenantId).where('tag_id', '=', tag.id).execute();
  await trx.deleteFrom('tag_departments').where('tenant_id', '=', tenantId).where('tag_id', '=', tag.id).execute();
  for (const batch of chunks([...new Set(tag.userids)])) {
    await trx
      .insertInto('tag_members')
      .values(batch.map((userid) => ({ tenant_id: tenantId, tag_id: tag.id, userid })))
      .execute();
  }
  for (const batch of chunks([...new Set(tag.departmentIds)])) {
    await trx
      .insertInto('tag_departments')
      .values(batch.map((department_id) => ({ tenant_id: tenantId, tag_id: tag.id, department_id })))
      .execute();
  }
}

export interface TagWithCount {
  id: number;
  name: string;
  memberCount: number;
}

/**
 * Tags with the number of active members in each: those listed in the tag, and those placed in
 * one of its departments or their sub-departments (as WeCom counts a department in a tag).
 */
export async function listTags(db: Executor, tenantId: string): Promise<TagWithCount[]> {
  const [tags, direct, tagDepartments, departments] = await Promise.all([
    db.selectFrom('tags').select(['id', 'name']).where('tenant_id', '=', tenantId).orderBy('id').execute(),
    db
      .selectFrom('tag_members as t')
      .innerJoin('members as m', (j) => j.onRef('m.tenant_id', '=', 't.tenant_id').onRef('m.userid', '=', 't.userid'))
      .select(['t.tag_id', 't.userid'])
      .where('t.tenant_id', '=', tenantId)
      .where('m.status', '=', 'active')
      .execute(),
    db.selectFrom('tag_departments').select(['tag_id', 'department_id']).where('tenant_id', '=', tenantId).execute(),
    db.selectFrom('departments').select(['id', 'parent_id']).where('tenant_id', '=', tenantId).execute(),
  ]);
  const children = new Map<number, number[]>();
  for (const d of departments) {
    if (d.parent_id === null) continue;
    children.set(d.parent_id, [...(children.get(d.parent_id) ?? []), d.id]);
  }
  const users = new Map<number, Set<string>>(tags.map((t) => [t.id, new Set<string>()]));
  for (const d of direct) users.get(d.tag_id)?.add(d.userid);
  const tagsOfDepartment = new Map<number, number[]>();
  for (const td of tagDepartments) {
    const stack = [td.department_id];
    while (stack.length) {
      const id = stack.pop()!;
      tagsOfDepartment.set(id, [...(tagsOfDepartment.get(id) ?? []), td.tag_id]);
      stack.push(...(children.get(id) ?? []));
    }
  }
  for (const batch of chunks([...tagsOfDepartment.keys()])) {
    const rows = await db
      .selectFrom('member_departments as md')
      .innerJoin('members as m', (j) => j.onRef('m.tenant_id', '=', 'md.tenant_id').onRef('m.userid', '=', 'md.userid'))
      .select(['md.department_id', 'md.userid'])
      .where('md.tenant_id', '=', tenantId)
      .where('m.status', '=', 'active')
      .where('md.department_id', 'in', batch)
      .execute();
    for (const r of rows) {
      for (const tagId of tagsOfDepartment.get(r.department_id) ?? []) users.get(tagId)?.add(r.userid);
    }
  }
  return tags.map((t) => ({ id: t.id, name: t.name, memberCount: users.get(t.id)?.size ?? 0 }));
}
