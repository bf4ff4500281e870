import type { TenantData } from '../model.js';

/**
 * A reference evaluator for tests: permission-model.md ("Nouns", "Evaluation") written as
 * literally and naively as possible, over the plain TenantData arrays. No indexes, no caches,
 * nothing shared with the engine or with the path helpers: every call starts from scratch.
 *
 * Interpretations the project made (see the property test's brief):
 * - a tag listing a department contains the members placed in that department and in all its
 *   sub-departments;
 * - a member "in" a department is placed directly in it (their own list of departments);
 * - admins have `manage` only if they are active members present in the directory (rule 1 first);
 * - a grant with `expiresAt <= now` does not count; `expiresAt: null` never expires;
 * - an unknown site means deny (rule 6).
 */

export type ReferenceLevel = 'none' | 'read' | 'manage';

const ORDER: ReferenceLevel[] = ['none', 'read', 'manage'];

function higher(a: ReferenceLevel, b: ReferenceLevel): ReferenceLevel {
  return ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a;
}

/** The member with this userid, or undefined if they are not in the directory. */
function findMember(data: TenantData, userid: string): TenantData['members'][number] | undefined {
  for (const m of data.members) if (m.userid === userid) return m;
  return undefined;
}

/** Rule 1: in the directory and active. */
export function referenceIsActive(data: TenantData, userid: string): boolean {
  const m = findMember(data, userid);
  return m !== undefined && m.status === 'active';
}

/** The department, then its parent, its parent's parent... (stops if the data has a cycle). */
export function referenceDepartmentAndAncestors(data: TenantData, departmentId: number): number[] {
  const out: number[] = [];
  let current: number | null = departmentId;
  while (current !== null && !out.includes(current)) {
    out.push(current);
    let parent: number | null = null;
    for (const d of data.departments) if (d.id === current) parent = d.parentId;
    current = parent;
  }
  return out;
}

/** Is the user in the tag: listed by userid, or placed in a listed department or one below it. */
function inTag(data: TenantData, tag: TenantData['tags'][number], userid: string): boolean {
  if (tag.userids.includes(userid)) return true;
  const member = findMember(data, userid);
  if (!member) return false;
  for (const placed of member.departments) {
    // `placed` is below (or is) a listed department when that department is among its ancestors
    for (const above of referenceDepartmentAndAncestors(data, placed)) {
      if (tag.departmentIds.includes(above)) return true;
    }
  }
  return false;
}

/** Rule 2, for an active user (computed from scratch on every call). */
export function referenceSubjects(data: TenantData, userid: string): Set<string> {
  const subjects = new Set<string>();
  subjects.add(`user:${userid}`);
  subjects.add('everyone');
  const member = findMember(data, userid);
  for (const d of member?.departments ?? []) {
    subjects.add(`dept:${d}`);
    for (const a of referenceDepartmentAndAncestors(data, d)) subjects.add(`dept:${a}/*`);
  }
  for (const tag of data.tags) {
    if (inTag(data, tag, userid)) subjects.add(`tag:${tag.id}`);
  }
  return subjects;
}

/** `/a/b/c` → `/a/b/c`, `/a/b/`, `/a/`, `/`; `/a/b/` → `/a/b/`, `/a/`, `/`. */
export function referenceWalkUp(path: string): string[] {
  const out = [path];
  let current = path;
  while (current !== '/' && current.length > 0) {
    // drop the trailing slash of a folder, then everything after the last slash
    const withoutSlash = current.endsWith('/') ? current.slice(0, -1) : current;
    current = withoutSlash.slice(0, withoutSlash.lastIndexOf('/') + 1);
    out.push(current);
  }
  return out;
}

function siteExists(data: TenantData, siteId: string): boolean {
  return data.sites.some((s) => s.id === siteId);
}

function isRestricted(data: TenantData, siteId: string, path: string): boolean {
  return data.restrictions.some((r) => r.siteId === siteId && r.path === path);
}

/** Rule 4: a tenant admin, or an admin of this site (whether they are active is checked apart). */
export function referenceAdminScope(data: TenantData, siteId: string, userid: string): 'tenant' | 'site' | null {
  if (data.tenantAdmins.includes(userid)) return 'tenant';
  const site = data.sites.find((s) => s.id === siteId);
  if (site && site.admins.includes(userid)) return 'site';
  return null;
}

/** The folders (and the path itself) whose grants reach `path`: walk up, stop after a restricted folder. */
export function referenceReach(data: TenantData, siteId: string, path: string): { paths: string[]; cutAt: string | null } {
  const paths: string[] = [];
  for (const p of referenceWalkUp(path)) {
    paths.push(p);
    if (isRestricted(data, siteId, p)) return { paths, cutAt: p };
  }
  return { paths, cutAt: null };
}

export function referenceUnexpired(grant: { expiresAt: number | null }, now: number): boolean {
  return grant.expiresAt === null || grant.expiresAt > now;
}

/** The effective level of a user on a path of a site at time `now`. */
export function referenceLevel(data: TenantData, siteId: string, userid: string, path: string, now: number): ReferenceLevel {
  if (!siteExists(data, siteId)) return 'none'; // rule 6
  if (!referenceIsActive(data, userid)) return 'none'; // rule 1
  if (referenceAdminScope(data, siteId, userid) !== null) return 'manage'; // rule 4
  const subjects = referenceSubjects(data, userid); // rule 2
  let level: ReferenceLevel = 'none'; // rule 3
  for (const p of referenceReach(data, siteId, path).paths) {
    for (const g of data.grants) {
      if (g.siteId === siteId && g.path === p && subjects.has(g.subject) && referenceUnexpired(g, now)) {
        level = higher(level, g.level);
      }
    }
  }
  return level;
}

/** The documents of `docPaths` the user may read, in the given order. */
export function referenceReadable(data: TenantData, siteId: string, userid: string, docPaths: readonly string[], now: number): string[] {
  return docPaths.filter((p) => referenceLevel(data, siteId, userid, p, now) !== 'none');
}

/** Every active member whose level on the path is read or manage, in userid order. */
export function referenceAudience(data: TenantData, siteId: string, path: string, now: number): Array<{ userid: string; level: 'read' | 'manage' }> {
  const out: Array<{ userid: string; level: 'read' | 'manage' }> = [];
  for (const m of data.members) {
    if (m.status !== 'active') continue;
    const level = referenceLevel(data, siteId, m.userid, path, now);
    if (level !== 'none') out.push({ userid: m.userid, level });
  }
  return out.sort((a, b) => (a.userid < b.userid ? -1 : a.userid > b.userid ? 1 : 0));
}
