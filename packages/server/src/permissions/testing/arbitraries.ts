import fc from 'fast-check';
import type { MemberStatus } from '@docgate/protocol';
import type { GrantRecord } from '../../store/grants.js';
import type { TenantData } from '../model.js';

/**
 * fast-check arbitraries for the permission engine's property test: small, consistent random
 * tenants (a department tree, members, tags, admins, sites, grants and restrictions) over a
 * small universe of paths, so that random grants and checks often meet.
 */

/** The clock the grants' expiries are drawn around. */
export const NOW = 1_760_000_000_000;

export const SITE_IDS = ['s1', 's2'] as const;
/** not configured; some grants are left on it, as if the site had been removed */
export const UNKNOWN_SITE = 's-unknown';

/** Userids members are drawn from; members are a subset, so some are not in the directory. */
export const USERIDS = Array.from({ length: 24 }, (_, i) => `u${i}`);
/** Never a member. */
export const UNKNOWN_USER = 'ghost';

/** A department id and a tag id that never exist. */
export const UNKNOWN_DEPARTMENT = 999;
export const UNKNOWN_TAG = 998;

/**
 * Paths: folders end with `/`. The traps: `/a/b` (a document) beside `/a/b/` (a folder),
 * `/a/bc` (not under `/a/b/`), `/a/b/c` beside `/a/b/c/`.
 */
export const PATHS = [
  '/',
  '/a/',
  '/a/b/',
  '/a/b',
  '/a/bc',
  '/a/b/c',
  '/a/b/c/',
  '/a/b/c/d',
  '/a/x',
  '/d/',
  '/d/e',
  '/d/e/',
  '/d/e/f',
  '/q',
] as const;
export const FOLDERS = PATHS.filter((p) => p.endsWith('/'));
export const DOCUMENTS = PATHS.filter((p) => !p.endsWith('/'));

export interface Scenario {
  data: TenantData;
  /** the site's catalogue: documents, and some folders (index pages normalize to folders) */
  docs: string[];
}

const statusArb: fc.Arbitrary<MemberStatus> = fc.oneof(
  { arbitrary: fc.constant('active' as const), weight: 8 },
  { arbitrary: fc.constant('disabled' as const), weight: 1 },
  { arbitrary: fc.constant('left' as const), weight: 1 },
);

/** a reference to the n-th item of a list chosen later (taken modulo its length) */
const ref = fc.nat(1000);

/** A subject before ids are resolved against the generated directory. */
type RawSubject =
  | { kind: 'user'; userid: string }
  | { kind: 'dept'; ref: number | 'unknown'; tree: boolean; spelling: number }
  | { kind: 'tag'; ref: number | 'unknown'; tree: boolean; spelling: number }
  | { kind: 'everyone' };

export interface TenantOptions {
  /**
   * Also write some department and tag subjects in a non-canonical spelling that Number() reads
   * as an id (`dept:05`, `dept:+5`, `dept:5.0`, `dept: 5`, `dept:0x5`, and `dept:` as 0) or that
   * is no subject (`tag:5/*`): the API's SUBJECT_PATTERN refuses them, but a row written before
   * it was tightened, or by hand, must not make check and "who has access" disagree.
   */
  nonCanonicalSubjects?: boolean;
}

/** the spellings of a department or tag id: 0 is the canonical one */
const SPELLINGS: Array<(id: number) => string> = [
  (id) => `${id}`,
  (id) => `0${id}`,
  (id) => `+${id}`,
  (id) => `${id}.0`,
  (id) => ` ${id}`,
  (id) => `0x${id.toString(16)}`,
  () => '',
];

function rawSubjectArb(options: TenantOptions): fc.Arbitrary<RawSubject> {
  const spelling = options.nonCanonicalSubjects ? fc.nat(SPELLINGS.length - 1) : fc.constant(0);
  const idRef = fc.oneof({ arbitrary: ref, weight: 5 }, { arbitrary: fc.constant('unknown' as const), weight: 1 });
  return fc.oneof(
    {
      arbitrary: fc.record({ kind: fc.constant('user' as const), userid: fc.constantFrom(...USERIDS, UNKNOWN_USER) }),
      weight: 3,
    },
    { arbitrary: fc.record({ kind: fc.constant('dept' as const), ref: idRef, tree: fc.boolean(), spelling }), weight: 4 },
    {
      arbitrary: fc.record({
        kind: fc.constant('tag' as const),
        ref: idRef,
        // `tag:<id>/*` is no subject at all
        tree: options.nonCanonicalSubjects ? fc.boolean() : fc.constant(false),
        spelling,
      }),
      weight: 2,
    },
    { arbitrary: fc.constant({ kind: 'everyone' as const }), weight: 1 },
  );
}

/** null (never expires) or around NOW: some past, some exactly NOW, some future. */
export const expiresAtArb: fc.Arbitrary<number | null> = fc.oneof(
  { arbitrary: fc.constant(null), weight: 4 },
  { arbitrary: fc.constant(NOW), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 1000 }).map((k) => NOW - k), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 1000 }).map((k) => NOW + k), weight: 2 },
);

const levelArb = fc.constantFrom('read' as const, 'manage' as const);
const MAX_DEPTH = 5;

export function tenantArb(options: TenantOptions = {}): fc.Arbitrary<Scenario> {
  return fc
    .record({
      siteCount: fc.integer({ min: 1, max: 2 }),
      departmentIds: fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 15, size: 'max' }),
      /** for each department after the first: null (a root) or a reference to an earlier one */
      parents: fc.array(fc.oneof({ arbitrary: fc.constant(null), weight: 1 }, { arbitrary: ref, weight: 6 }), {
        minLength: 15,
        maxLength: 15,
      }),
      members: fc.uniqueArray(
        fc.record({
          userid: fc.constantFrom(...USERIDS),
          status: statusArb,
          departments: fc.array(fc.oneof({ arbitrary: ref, weight: 12 }, { arbitrary: fc.constant('unknown' as const), weight: 1 }), {
            maxLength: 3,
          }),
        }),
        { minLength: 1, maxLength: 20, size: 'max', selector: (m) => m.userid },
      ),
      tags: fc.uniqueArray(
        fc.record({
          id: fc.integer({ min: 1, max: 9 }),
          userids: fc.uniqueArray(fc.constantFrom(...USERIDS, UNKNOWN_USER), { maxLength: 4 }),
          departments: fc.array(ref, { maxLength: 3 }),
        }),
        { maxLength: 4, size: 'max', selector: (t) => t.id },
      ),
      tenantAdmins: fc.uniqueArray(fc.constantFrom(...USERIDS, UNKNOWN_USER), { maxLength: 2 }),
      siteAdmins: fc.tuple(
        fc.uniqueArray(fc.constantFrom(...USERIDS, UNKNOWN_USER), { maxLength: 2 }),
        fc.uniqueArray(fc.constantFrom(...USERIDS, UNKNOWN_USER), { maxLength: 2 }),
      ),
      grants: fc.array(
        fc.record({
          /** -1: a site since removed from the configuration (its grants stay in the database) */
          site: fc.oneof({ arbitrary: fc.nat(1), weight: 15 }, { arbitrary: fc.constant(-1), weight: 1 }),
          path: fc.constantFrom(...PATHS),
          subject: rawSubjectArb(options),
          level: levelArb,
          expiresAt: expiresAtArb,
        }),
        { maxLength: 40, size: 'max' },
      ),
      restrictions: fc.uniqueArray(fc.record({ site: fc.nat(1), path: fc.constantFrom(...FOLDERS) }), {
        maxLength: 4,
        size: 'max',
        selector: (r) => `${r.site} ${r.path}`,
      }),
      docs: fc.subarray([...DOCUMENTS, '/', '/a/', '/a/b/', '/a/b/c/', '/d/e/'], { minLength: 1 }),
    })
    .map((raw): Scenario => {
      const sites = SITE_IDS.slice(0, raw.siteCount);
      const siteOf = (n: number): string => (n < 0 ? UNKNOWN_SITE : sites[n % sites.length]!);

      // the department tree: each department's parent is an earlier one (so no cycles), depth ≤ MAX_DEPTH
      const departments: TenantData['departments'] = [];
      const depth = new Map<number, number>();
      raw.departmentIds.forEach((id, i) => {
        const choice = i === 0 ? null : (raw.parents[i - 1] ?? null);
        let parentId: number | null = null;
        if (choice !== null) {
          const candidate = raw.departmentIds[choice % i]!;
          if ((depth.get(candidate) ?? 0) < MAX_DEPTH - 1) parentId = candidate;
        }
        depth.set(id, parentId === null ? 0 : (depth.get(parentId) ?? 0) + 1);
        departments.push({ id, parentId, name: `Department ${id}` });
      });
      const deptIds = raw.departmentIds;
      const deptOf = (r: number | 'unknown'): number => (r === 'unknown' ? UNKNOWN_DEPARTMENT : deptIds[r % deptIds.length]!);

      const members: TenantData['members'] = raw.members.map((m) => ({
        userid: m.userid,
        name: `Member ${m.userid}`,
        status: m.status,
        departments: [...new Set(m.departments.map(deptOf))],
      }));

      const tags: TenantData['tags'] = raw.tags.map((t) => ({
        id: t.id,
        name: `Tag ${t.id}`,
        userids: t.userids,
        departmentIds: [...new Set(t.departments.map(deptOf))],
      }));
      const tagOf = (r: number | 'unknown'): number => {
        const t = r === 'unknown' ? undefined : tags[r % Math.max(tags.length, 1)];
        return t ? t.id : UNKNOWN_TAG;
      };
      const spell = (id: number, spelling: number): string => SPELLINGS[spelling % SPELLINGS.length]!(id);
      const subjectOf = (s: RawSubject): string => {
        switch (s.kind) {
          case 'user':
            return `user:${s.userid}`;
          case 'dept':
            return `dept:${spell(deptOf(s.ref), s.spelling)}${s.tree ? '/*' : ''}`;
          case 'tag':
            return `tag:${spell(tagOf(s.ref), s.spelling)}${s.tree ? '/*' : ''}`;
          case 'everyone':
            return 'everyone';
        }
      };

      // at most one grant per (site, path, subject), like the database's unique constraint
      const grants: GrantRecord[] = [];
      const seen = new Set<string>();
      for (const g of raw.grants) {
        const siteId = siteOf(g.site);
        const subject = subjectOf(g.subject);
        const key = `${siteId} ${g.path} ${subject}`;
        if (seen.has(key)) continue;
        seen.add(key);
        grants.push({
          id: `g${String(grants.length).padStart(2, '0')}`,
          siteId,
          path: g.path,
          subject,
          level: g.level,
          expiresAt: g.expiresAt,
          createdBy: 'u0',
          createdAt: NOW - 10_000,
        });
      }

      const restrictions: TenantData['restrictions'] = [];
      for (const r of raw.restrictions) {
        const siteId = siteOf(r.site);
        if (!restrictions.some((x) => x.siteId === siteId && x.path === r.path)) restrictions.push({ siteId, path: r.path });
      }

      const data: TenantData = {
        tenantId: 't1',
        revision: 1,
        tenantAdmins: raw.tenantAdmins,
        sites: sites.map((id, i) => ({ id, admins: raw.siteAdmins[i] ?? [] })),
        departments,
        members,
        tags,
        grants,
        restrictions,
      };
      return { data, docs: raw.docs };
    });
}

/** Every userid worth asking about: the members, the admins (members or not) and one never seen. */
export function usersToAsk(data: TenantData): string[] {
  const admins = [...data.tenantAdmins, ...data.sites.flatMap((s) => s.admins)];
  return [...new Set([...data.members.map((m) => m.userid), ...admins, UNKNOWN_USER])];
}

/** Every site id worth asking about: the tenant's and one that does not exist. */
export function sitesToAsk(data: TenantData): string[] {
  return [...data.sites.map((s) => s.id), UNKNOWN_SITE];
}
