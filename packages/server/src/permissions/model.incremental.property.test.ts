import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { GrantRecord } from '../store/grants.js';
import type { PermissionChange } from '../store/permission-changes.js';
import { audience, evaluate, readable } from './engine.js';
import { TenantModel, type TenantData } from './model.js';
import { FOLDERS, NOW, PATHS, SITE_IDS, expiresAtArb, sitesToAsk, tenantArb, usersToAsk } from './testing/arbitraries.js';

/**
 * Grant and restriction changes are applied to a cached model in place (PermissionCache, with
 * the permission_changes journal) instead of rebuilding it. Whatever the changes, and however
 * warm the caches were in between, the model must then answer exactly as a fresh model built
 * from the final data.
 */

const changeSpec = fc.record({
  kind: fc.constantFrom('put-new', 'put-existing', 'delete', 'restrict'),
  a: fc.nat(),
  b: fc.nat(),
  c: fc.nat(),
  level: fc.constantFrom('read' as const, 'manage' as const),
  expiresAt: expiresAtArb,
});

function subjectsOf(data: TenantData): string[] {
  return [
    'everyone',
    ...data.members.map((m) => `user:${m.userid}`),
    ...data.departments.flatMap((d) => [`dept:${d.id}`, `dept:${d.id}/*`]),
    ...data.tags.map((t) => `tag:${t.id}`),
  ];
}

describe('applying changes in place', () => {
  test('gives the answers of a fresh model of the final data, with caches warmed between changes', () => {
    fc.assert(
      fc.property(tenantArb(), fc.array(changeSpec, { minLength: 1, maxLength: 25 }), (scenario, specs) => {
        const data: TenantData = structuredClone(scenario.data);
        const live = new TenantModel(structuredClone(scenario.data));
        const users = usersToAsk(data);
        const subjects = subjectsOf(data);
        let revision = data.revision;
        let serial = 0;
        for (const spec of specs) {
          const site = SITE_IDS[spec.a % SITE_IDS.length]!;
          let change: PermissionChange | null = null;
          const ofSite = data.grants.filter((g) => g.siteId === site);
          if (spec.kind === 'put-new') {
            const path = PATHS[spec.b % PATHS.length]!;
            const subject = subjects[spec.c % subjects.length]!;
            // one grant per (site, path, subject), as the database keeps it
            if (!data.grants.some((g) => g.siteId === site && g.path === path && g.subject === subject)) {
              const grant: GrantRecord = { id: `new${serial++}`, siteId: site, path, subject, level: spec.level, expiresAt: spec.expiresAt, createdBy: 'x', createdAt: NOW };
              data.grants.push(grant);
              change = { kind: 'grant.put', grant };
            }
          } else if (spec.kind === 'put-existing' && ofSite.length) {
            const old = ofSite[spec.b % ofSite.length]!;
            const grant = { ...old, level: spec.level, expiresAt: spec.expiresAt };
            data.grants[data.grants.indexOf(old)] = grant;
            change = { kind: 'grant.put', grant };
          } else if (spec.kind === 'delete' && ofSite.length) {
            const old = ofSite[spec.b % ofSite.length]!;
            data.grants.splice(data.grants.indexOf(old), 1);
            change = { kind: 'grant.delete', siteId: site, id: old.id };
          } else if (spec.kind === 'restrict') {
            const path = FOLDERS[spec.b % FOLDERS.length]!;
            const restricted = !data.restrictions.some((r) => r.siteId === site && r.path === path);
            if (restricted) data.restrictions.push({ siteId: site, path });
            else data.restrictions.splice(data.restrictions.findIndex((r) => r.siteId === site && r.path === path), 1);
            change = { kind: 'restriction', siteId: site, path, restricted };
          }
          if (!change) continue;
          live.apply(++revision, change);
          // Warm the caches that a change must invalidate.
          for (const user of users.slice(0, 6)) evaluate(live, site, user, PATHS[spec.c % PATHS.length]!, NOW);
          audience(live, site, PATHS[spec.b % PATHS.length]!, NOW);
        }
        assert.equal(live.revision, revision);
        const fresh = new TenantModel(structuredClone({ ...data, revision }));
        for (const site of sitesToAsk(data)) {
          for (const path of PATHS) {
            const expected = audience(fresh, site, path, NOW).map((m) => `${m.userid}=${m.level}`);
            assert.deepEqual(audience(live, site, path, NOW).map((m) => `${m.userid}=${m.level}`), expected, `audience ${site} ${path}`);
            for (const user of users) {
              assert.equal(evaluate(live, site, user, path, NOW).level, evaluate(fresh, site, user, path, NOW).level, `${site} ${user} ${path}`);
            }
          }
          for (const user of users) {
            const docs = PATHS.map((path) => ({ path }));
            assert.deepEqual(
              readable(live, site, user, docs, NOW).map((d) => d.path),
              readable(fresh, site, user, docs, NOW).map((d) => d.path),
              `readable ${site} ${user}`,
            );
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
