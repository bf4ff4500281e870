import { parentFolder, pathAndAncestors, type EffectiveLevel, type Level } from '@docgate/protocol';
import type { GrantRecord } from '../store/grants.js';
import type { SiteModel, TenantModel, UserGrants } from './model.js';

/**
 * The evaluation of permission-model.md over a TenantModel. Pure: the same model, site, user,
 * path and clock always give the same answer; `now` is passed in so expiry is exact.
 */

export type DecisionCode = 'admin' | 'grant' | 'no_grant' | 'restricted' | 'inactive' | 'unknown_user' | 'unknown_site';

export interface Decision {
  level: EffectiveLevel;
  code: DecisionCode;
  /** the grant that decided (the highest level; the nearest one among equals) */
  grant: GrantRecord | null;
  adminScope: 'tenant' | 'site' | null;
  /** the restricted folder where the walk up stopped, if it stopped at one */
  cutAt: string | null;
}

const RANK: Record<EffectiveLevel, number> = { none: 0, read: 1, manage: 2 };

export function rank(level: EffectiveLevel | undefined): number {
  return level ? RANK[level] : 0;
}

const denied = (code: DecisionCode): Decision => ({ level: 'none', code, grant: null, adminScope: null, cutAt: null });

/**
 * Rules 1 and 4, before any grant: unknown sites and members who are not active get nothing,
 * admins get manage. Otherwise the grants decide, on this site.
 */
function gate(model: TenantModel, siteId: string, userid: string): { decided: Decision } | { site: SiteModel } {
  const site = model.sites.get(siteId);
  if (!site) return { decided: denied('unknown_site') };
  const member = model.members.get(userid);
  if (!member) return { decided: denied('unknown_user') };
  if (member.status !== 'active') return { decided: denied('inactive') };
  const admin = (adminScope: 'tenant' | 'site'): Decision => ({ level: 'manage', code: 'admin', grant: null, adminScope, cutAt: null });
  if (model.tenantAdmins.has(userid)) return { decided: admin('tenant') };
  if (site.admins.has(userid)) return { decided: admin('site') };
  return { site };
}

/**
 * The user's best unexpired grant on each path of the site, from the grants of their subjects
 * only — so a check costs a few map lookups whatever the number of grants. Cached until the
 * earliest expiry among them.
 */
export function userGrants(model: TenantModel, site: SiteModel, userid: string, now: number): UserGrants {
  const cached = site.userGrants.get(userid);
  if (cached && cached.builtAt <= now && now < cached.validUntil) return cached;
  const byPath = new Map<string, GrantRecord>();
  let validUntil = Number.POSITIVE_INFINITY;
  for (const subject of model.subjectsOf(userid)) {
    for (const g of site.grantsBySubject.get(subject) ?? []) {
      if (g.expiresAt !== null) {
        if (g.expiresAt <= now) continue;
        validUntil = Math.min(validUntil, g.expiresAt);
      }
      const known = byPath.get(g.path);
      if (!known || rank(g.level) > rank(known.level) || (g.level === known.level && g.id < known.id)) byPath.set(g.path, g);
    }
  }
  const result = { byPath, builtAt: now, validUntil };
  site.userGrants.set(userid, result);
  return result;
}

/**
 * Rule 3: walk up from the path, stop after the nearest restricted folder. The same steps as
 * pathAndAncestors, without building the list: this runs for every check.
 */
function walk(site: SiteModel, grants: UserGrants, path: string): Decision {
  let best: GrantRecord | null = null;
  let cutAt: string | null = null;
  const { byPath } = grants;
  const { restricted } = site;
  let p = path;
  let end = path.endsWith('/') ? path.length - 1 : path.length;
  for (;;) {
    const g = byPath.get(p);
    if (g && (!best || rank(g.level) > rank(best.level))) best = g;
    if (restricted.has(p)) {
      cutAt = p;
      break;
    }
    if (end <= 0) break;
    const slash = path.lastIndexOf('/', end - 1);
    p = path.slice(0, slash + 1);
    end = slash;
  }
  if (best) return { level: best.level, code: 'grant', grant: best, adminScope: null, cutAt };
  return { level: 'none', code: cutAt ? 'restricted' : 'no_grant', grant: null, adminScope: null, cutAt };
}

export function evaluate(model: TenantModel, siteId: string, userid: string, path: string, now: number): Decision {
  const gated = gate(model, siteId, userid);
  if ('decided' in gated) return gated.decided;
  return walk(gated.site, userGrants(model, gated.site, userid, now), path);
}

/** Many paths for one user: the subject set and the user's grants are computed once. */
export function evaluateMany(model: TenantModel, siteId: string, userid: string, paths: readonly string[], now: number): Decision[] {
  const gated = gate(model, siteId, userid);
  if ('decided' in gated) return paths.map(() => gated.decided);
  const grants = userGrants(model, gated.site, userid, now);
  return paths.map((p) => walk(gated.site, grants, p));
}

/**
 * The documents of `docs` (a site's catalogue) the user may read. Each folder's inherited level
 * is computed once, so the cost grows with the number of documents, not with their depth.
 */
export function readable<D extends { path: string }>(
  model: TenantModel,
  siteId: string,
  userid: string,
  docs: readonly D[],
  now: number,
): D[] {
  const gated = gate(model, siteId, userid);
  if ('decided' in gated) return gated.decided.level === 'none' ? [] : [...docs];
  const { site } = gated;
  const grants = userGrants(model, site, userid, now).byPath;
  const folders = new Map<string, number>();
  const folderLevel = (folder: string): number => {
    const known = folders.get(folder);
    if (known !== undefined) return known;
    let level = rank(grants.get(folder)?.level);
    const parent = parentFolder(folder);
    if (parent !== null && !site.restricted.has(folder)) level = Math.max(level, folderLevel(parent));
    folders.set(folder, level);
    return level;
  };
  return docs.filter((doc) => {
    if (doc.path.endsWith('/')) return folderLevel(doc.path) > 0;
    return rank(grants.get(doc.path)?.level) > 0 || folderLevel(parentFolder(doc.path)!) > 0;
  });
}

export interface EffectiveGrants {
  /** every grant on the path itself, expired ones included */
  direct: GrantRecord[];
  /** unexpired grants on folders above that reach the path, nearest first */
  inherited: Array<{ grant: GrantRecord; from: string }>;
  cutAt: string | null;
}

export function effectiveGrants(model: TenantModel, siteId: string, path: string, now: number): EffectiveGrants {
  const site = model.sites.get(siteId);
  const result: EffectiveGrants = { direct: [], inherited: [], cutAt: null };
  if (!site) return result;
  for (const p of pathAndAncestors(path)) {
    for (const g of site.grantsByPath.get(p) ?? []) {
      if (p === path) result.direct.push(g);
      else if (g.expiresAt === null || g.expiresAt > now) result.inherited.push({ grant: g, from: p });
    }
    if (site.restricted.has(p)) {
      result.cutAt = p;
      break;
    }
  }
  const order = (a: GrantRecord, b: GrantRecord) => rank(b.level) - rank(a.level) || a.subject.localeCompare(b.subject);
  result.direct.sort(order);
  return result;
}

export type AudienceVia = { kind: 'grant'; grant: GrantRecord } | { kind: 'admin'; scope: 'tenant' | 'site' };
export interface AudienceMember {
  userid: string;
  level: Level;
  via: AudienceVia;
}

/**
 * Who has access to a path (the audience): every active member reached by an unexpired grant in
 * effect there, plus the site's and the tenant's admins, in userid order. Each member's level is
 * their highest; `via` is the grant that gives it (the nearest among equals), or the admin role.
 */
export function audience(model: TenantModel, siteId: string, path: string, now: number): AudienceMember[] {
  const site = model.sites.get(siteId);
  if (!site) return [];
  const cached = site.audiences.get(path);
  if (cached && cached.builtAt <= now && now < cached.validUntil) return cached.value as AudienceMember[];

  const { direct, inherited } = effectiveGrants(model, siteId, path, now);
  const inEffect = [...direct.filter((g) => g.expiresAt === null || g.expiresAt > now), ...inherited.map((i) => i.grant)];
  let validUntil = Number.POSITIVE_INFINITY;
  const users = new Map<string, AudienceMember>();
  for (const g of inEffect) {
    if (g.expiresAt !== null) validUntil = Math.min(validUntil, g.expiresAt);
    for (const userid of model.membersOf(g.subject)) {
      const known = users.get(userid);
      if (!known || rank(g.level) > rank(known.level)) users.set(userid, { userid, level: g.level, via: { kind: 'grant', grant: g } });
    }
  }
  const admins: Array<[string, 'site' | 'tenant']> = [
    ...[...site.admins].map((u) => [u, 'site'] as [string, 'site']),
    ...[...model.tenantAdmins].map((u) => [u, 'tenant'] as [string, 'tenant']),
  ];
  for (const [userid, scope] of admins) {
    if (model.members.get(userid)?.status !== 'active') continue;
    const known = users.get(userid);
    if (known?.level !== 'manage') users.set(userid, { userid, level: 'manage', via: { kind: 'admin', scope } });
  }
  const value = [...users.values()].sort((a, b) => (a.userid < b.userid ? -1 : a.userid > b.userid ? 1 : 0));
  site.audiences.set(path, { builtAt: now, validUntil, value });
  return value;
}

/**
 * Up to three people a reader without access could ask: members with a `manage` grant in effect
 * on the path (the nearest grant first, people named in a grant before departments and tags),
 * else the site's admins, else the tenant's. Only as many grants are expanded as it takes to
 * find three: this runs on every denied check, so it must not build the whole audience.
 */
export function contactsFor(model: TenantModel, siteId: string, path: string, now: number): string[] {
  const site = model.sites.get(siteId);
  if (!site) return [];
  const cached = site.contacts.get(path);
  if (cached && cached.builtAt <= now && now < cached.validUntil) return cached.value;
  const value = findContacts(model, site, path, now);
  // Valid until the first manage grant on the way up expires (a new grant means a new model).
  let validUntil = Number.POSITIVE_INFINITY;
  for (const p of pathAndAncestors(path)) {
    for (const g of site.grantsByPath.get(p) ?? []) if (g.level === 'manage' && g.expiresAt !== null && g.expiresAt > now) validUntil = Math.min(validUntil, g.expiresAt);
    if (site.restricted.has(p)) break;
  }
  site.contacts.set(path, { builtAt: now, validUntil, value });
  return value;
}

function findContacts(model: TenantModel, site: SiteModel, path: string, now: number): string[] {
  const found = new Set<string>();
  const active = (userid: string) => model.members.get(userid)?.status === 'active';
  const kindOrder = (g: GrantRecord) => (g.subject.startsWith('user:') ? 0 : g.subject === 'everyone' ? 2 : 1);
  for (const p of pathAndAncestors(path)) {
    const managers = (site.grantsByPath.get(p) ?? [])
      .filter((g) => g.level === 'manage' && (g.expiresAt === null || g.expiresAt > now))
      .sort((a, b) => kindOrder(a) - kindOrder(b) || (a.subject < b.subject ? -1 : 1));
    for (const g of managers) {
      for (const userid of model.membersOf(g.subject)) {
        found.add(userid);
        if (found.size === 3) return [...found];
      }
    }
    if (site.restricted.has(p)) break;
  }
  for (const admins of [site.admins, model.tenantAdmins]) {
    for (const userid of [...admins].sort()) {
      if (found.size === 3) return [...found];
      if (active(userid)) found.add(userid);
    }
  }
  return [...found];
}

/** Is the member an admin, or do they hold `manage` on any path of any site? */
export function managesSomething(model: TenantModel, userid: string, now: number): boolean {
  for (const site of model.sites.values()) {
    const gated = gate(model, site.id, userid);
    if ('decided' in gated) {
      if (gated.decided.level === 'manage') return true;
      continue;
    }
    for (const g of userGrants(model, site, userid, now).byPath.values()) if (g.level === 'manage') return true;
  }
  return false;
}
