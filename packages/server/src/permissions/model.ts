import type { MemberStatus } from '@docgate/protocol';
import { BoundedMap } from '../lib/bounded-map.js';
import type { GrantRecord } from '../store/grants.js';
import type { PermissionChange } from '../store/permission-changes.js';

/** Everything the engine needs about one tenant, as loaded from the database (load.ts). */
export interface TenantData {
  tenantId: string;
  /** the tenant's revision when this was read */
  revision: number;
  tenantAdmins: string[];
  sites: Array<{ id: string; admins: string[] }>;
  departments: Array<{ id: number; parentId: number | null; name: string }>;
  members: Array<{ userid: string; name: string; status: MemberStatus; departments: number[] }>;
  tags: Array<{ id: number; name: string; userids: string[]; departmentIds: number[] }>;
  grants: GrantRecord[];
  restrictions: Array<{ siteId: string; path: string }>;
}

export interface MemberInfo {
  userid: string;
  name: string;
  status: MemberStatus;
  departments: number[];
}

/**
 * A user's best unexpired grant on each path of one site, as of `builtAt`: it stays right from
 * then until the earliest expiry among them (and not before `builtAt`: a clock set back must not
 * find grants that had already expired missing).
 */
export interface UserGrants {
  byPath: Map<string, GrantRecord>;
  builtAt: number;
  validUntil: number;
}

export class SiteModel {
  readonly admins: Set<string>;
  readonly grantsById = new Map<string, GrantRecord>();
  readonly grantsByPath = new Map<string, GrantRecord[]>();
  readonly grantsBySubject = new Map<string, GrantRecord[]>();
  readonly restricted: Set<string>;
  /** per user; see engine.ts */
  readonly userGrants = new BoundedMap<string, UserGrants>(20_000);
  /** per path; see engine.ts */
  readonly audiences = new BoundedMap<string, { builtAt: number; validUntil: number; value: unknown }>(200);
  /** per path; see engine.ts (contactsFor) */
  readonly contacts = new BoundedMap<string, { builtAt: number; validUntil: number; value: string[] }>(5_000);

  constructor(
    readonly id: string,
    admins: string[],
    grants: GrantRecord[],
    restricted: string[],
  ) {
    this.admins = new Set(admins);
    this.restricted = new Set(restricted);
    for (const g of grants) this.#index(g);
  }

  #index(g: GrantRecord): void {
    this.grantsById.set(g.id, g);
    push(this.grantsByPath, g.path, g);
    push(this.grantsBySubject, g.subject, g);
  }

  /** Adds a grant, or replaces the one with its id. */
  putGrant(grant: GrantRecord): void {
    this.removeGrant(grant.id);
    this.#index(grant);
    this.#forget();
  }

  removeGrant(id: string): void {
    const old = this.grantsById.get(id);
    if (!old) return;
    this.grantsById.delete(id);
    remove(this.grantsByPath, old.path, old);
    remove(this.grantsBySubject, old.subject, old);
    this.#forget();
  }

  setRestricted(path: string, restricted: boolean): void {
    if (restricted) this.restricted.add(path);
    else this.restricted.delete(path);
    this.#forget();
  }

  /** Grants changed: what was derived from them is rebuilt on demand. */
  #forget(): void {
    this.userGrants.clear();
    this.audiences.clear();
    this.contacts.clear();
  }
}

/**
 * One tenant's directory, grants and restrictions, indexed for the engine. Immutable once
 * built: a change in the database means a new model (keyed by the tenant's revision).
 */
export class TenantModel {
  readonly tenantId: string;
  /** the revision this model reflects; advanced by apply() */
  revision: number;
  readonly tenantAdmins: Set<string>;
  readonly members = new Map<string, MemberInfo>();
  readonly departments = new Map<number, { id: number; parentId: number | null; name: string }>();
  readonly children = new Map<number, number[]>();
  /** members placed directly in each department */
  readonly membersByDepartment = new Map<number, string[]>();
  readonly tags = new Map<number, { id: number; name: string; userids: string[]; departmentIds: number[] }>();
  /** tags listing the member directly */
  readonly tagsByUser = new Map<string, number[]>();
  /** tags listing the department (its members and sub-departments' members are in the tag) */
  readonly tagsByDepartment = new Map<number, number[]>();
  readonly sites = new Map<string, SiteModel>();
  /** department and its ancestors, nearest first */
  readonly #lineage = new Map<number, number[]>();
  readonly #subjects = new BoundedMap<string, ReadonlySet<string>>(50_000);

  constructor(data: TenantData) {
    this.tenantId = data.tenantId;
    this.revision = data.revision;
    this.tenantAdmins = new Set(data.tenantAdmins);
    for (const d of data.departments) {
      this.departments.set(d.id, d);
      if (d.parentId !== null) push(this.children, d.parentId, d.id);
    }
    for (const m of data.members) {
      this.members.set(m.userid, m);
      for (const d of m.departments) push(this.membersByDepartment, d, m.userid);
    }
    for (const t of data.tags) {
      this.tags.set(t.id, t);
      for (const u of t.userids) push(this.tagsByUser, u, t.id);
      for (const d of t.departmentIds) push(this.tagsByDepartment, d, t.id);
    }
    const grantsBySite = new Map<string, GrantRecord[]>();
    for (const g of data.grants) push(grantsBySite, g.siteId, g);
    const restrictedBySite = new Map<string, string[]>();
    for (const r of data.restrictions) push(restrictedBySite, r.siteId, r.path);
    for (const s of data.sites) {
      this.sites.set(s.id, new SiteModel(s.id, s.admins, grantsBySite.get(s.id) ?? [], restrictedBySite.get(s.id) ?? []));
    }
  }

  /**
   * Applies a change to grants or restrictions made under `revision` (the next one), in place.
   * Directory changes are not journalled: they mean a new model.
   */
  apply(revision: number, change: PermissionChange): void {
    const site = this.sites.get(change.kind === 'grant.put' ? change.grant.siteId : change.siteId);
    if (site) {
      if (change.kind === 'grant.put') site.putGrant(change.grant);
      else if (change.kind === 'grant.delete') site.removeGrant(change.id);
      else site.setRestricted(change.path, change.restricted);
    }
    this.revision = revision;
  }

  /** The department, then its parent, up to the root. A cycle in the data stops the walk. */
  lineage(departmentId: number): number[] {
    let known = this.#lineage.get(departmentId);
    if (known) return known;
    known = [];
    const seen = new Set<number>();
    for (let id: number | null | undefined = departmentId; id != null && !seen.has(id); id = this.departments.get(id)?.parentId) {
      seen.add(id);
      known.push(id);
    }
    this.#lineage.set(departmentId, known);
    return known;
  }

  /** The department and every department below it. */
  subtree(departmentId: number): number[] {
    const out: number[] = [];
    const seen = new Set<number>();
    const stack = [departmentId];
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(id);
      const below = this.children.get(id);
      if (below) stack.push(...below);
    }
    return out;
  }

  /**
   * The subjects an active member is (permission-model.md, Evaluation 2): `user:u`, `everyone`,
   * `dept:d` for each department they are placed in, `dept:a/*` for those and their ancestors,
   * and `tag:t` for tags listing them or one of those departments or ancestors.
   */
  subjectsOf(userid: string): ReadonlySet<string> {
    const cached = this.#subjects.get(userid);
    if (cached) return cached;
    const member = this.members.get(userid);
    const subjects = new Set<string>([`user:${userid}`, 'everyone']);
    for (const t of this.tagsByUser.get(userid) ?? []) subjects.add(`tag:${t}`);
    for (const d of member?.departments ?? []) {
      subjects.add(`dept:${d}`);
      for (const a of this.lineage(d)) {
        subjects.add(`dept:${a}/*`);
        for (const t of this.tagsByDepartment.get(a) ?? []) subjects.add(`tag:${t}`);
      }
    }
    this.#subjects.set(userid, subjects);
    return subjects;
  }

  /** A subject's display name: the member's, department's or tag's; null for `everyone` or unknown ones. */
  subjectName(subject: string): string | null {
    const [kind, rest = ''] = subject.split(':', 2) as [string, string?];
    if (kind === 'user') return this.members.get(rest)?.name ?? null;
    if (kind === 'dept') return this.departments.get(Number(rest.replace('/*', '')))?.name ?? null;
    if (kind === 'tag') return this.tags.get(Number(rest))?.name ?? null;
    return null;
  }

  /**
   * Active members a subject stands for, whatever grant it appears in. Subjects are compared as
   * text (subjectsOf), so a non-canonical one such as `dept:05` stands for nobody here either.
   */
  *membersOf(subject: string): Iterable<string> {
    const [kind, rest = ''] = subject.split(':', 2) as [string, string?];
    const out = new Set<string>();
    if ((kind === 'dept' || kind === 'tag') && !/^(0|[1-9][0-9]*)(\/\*)?$/.test(rest)) return;
    if (kind === 'tag' && rest.endsWith('/*')) return;
    const addDepartment = (d: number) => {
      for (const u of this.membersByDepartment.get(d) ?? []) out.add(u);
    };
    if (subject === 'everyone') {
      for (const m of this.members.values()) if (m.status === 'active') yield m.userid;
      return;
    }
    if (kind === 'user') out.add(rest);
    else if (kind === 'dept' && rest.endsWith('/*')) this.subtree(Number(rest.slice(0, -2))).forEach(addDepartment);
    else if (kind === 'dept') addDepartment(Number(rest));
    else if (kind === 'tag') {
      const tag = this.tags.get(Number(rest));
      for (const u of tag?.userids ?? []) out.add(u);
      for (const d of tag?.departmentIds ?? []) this.subtree(d).forEach(addDepartment);
    }
    for (const u of out) if (this.members.get(u)?.status === 'active') yield u;
  }
}

function remove<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) return;
  const index = list.indexOf(value);
  if (index >= 0) list.splice(index, 1);
  if (list.length === 0) map.delete(key);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
