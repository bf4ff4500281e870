import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { audience, effectiveGrants, evaluate, evaluateMany, readable, type Decision } from './engine.js';
import { TenantModel, type TenantData } from './model.js';
import type { GrantRecord } from '../store/grants.js';
import { NOW, PATHS, sitesToAsk, tenantArb, usersToAsk, type Scenario } from './testing/arbitraries.js';
import {
  referenceAdminScope,
  referenceAudience,
  referenceIsActive,
  referenceLevel,
  referenceReach,
  referenceReadable,
  referenceSubjects,
  referenceUnexpired,
} from './testing/reference.js';

/**
 * The engine (engine.ts over model.ts) against a naive reference evaluator written from
 * permission-model.md (testing/reference.ts), over random tenants (testing/arbitraries.ts).
 * fast-check prints the seed and the shrunk counterexample when a property fails.
 */

/** runs per property; the whole file takes a few seconds on two cores */
const RUNS = 400;
/** for the properties that ask every question several times per run */
const HEAVY_RUNS = 200;

/** the n-th item of a non-empty list, modulo its length */
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;

const docsOf = (paths: readonly string[]) => paths.map((path) => ({ path, title: null }));

/** Everything the engine answers for one tenant at one time, as plain values to compare. */
function engineAnswers(model: TenantModel, scenario: Scenario, now: number) {
  const levels: string[] = [];
  const readables: string[] = [];
  const audiences: string[] = [];
  for (const site of sitesToAsk(scenario.data)) {
    for (const user of usersToAsk(scenario.data)) {
      for (const path of PATHS) levels.push(`${site} ${user} ${path} ${evaluate(model, site, user, path, now).level}`);
      readables.push(`${site} ${user} ${readable(model, site, user, docsOf(scenario.docs), now).map((d) => d.path).join(',')}`);
    }
    for (const path of PATHS) audiences.push(`${site} ${path} ${audience(model, site, path, now).map((m) => `${m.userid}=${m.level}`).join(',')}`);
  }
  return { levels, readables, audiences };
}

function referenceAnswers(data: TenantData, scenario: Scenario, now: number) {
  const levels: string[] = [];
  const readables: string[] = [];
  const audiences: string[] = [];
  for (const site of sitesToAsk(data)) {
    for (const user of usersToAsk(data)) {
      for (const path of PATHS) levels.push(`${site} ${user} ${path} ${referenceLevel(data, site, user, path, now)}`);
      readables.push(`${site} ${user} ${referenceReadable(data, site, user, scenario.docs, now).join(',')}`);
    }
    for (const path of PATHS) audiences.push(`${site} ${path} ${referenceAudience(data, site, path, now).map((m) => `${m.userid}=${m.level}`).join(',')}`);
  }
  return { levels, readables, audiences };
}

/** The first line where two lists of answers differ (a readable failure message), or null. */
function firstDifference(actual: string[], expected: string[]): string | null {
  for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
    if (actual[i] !== expected[i]) return `engine:    ${actual[i]}\nreference: ${expected[i]}`;
  }
  return null;
}

function assertSame(actual: string[], expected: string[], what: string): void {
  const diff = firstDifference(actual, expected);
  if (diff) assert.fail(`${what} differs\n${diff}`);
}

/** The checks of a decision's explanation against the reference (see the property below). */
function checkDecision(data: TenantData, site: string, user: string, path: string, now: number, d: Decision): void {
  const where = `${site} ${user} ${path} @${now}: ${JSON.stringify(d)}`;
  assert.equal(d.level, referenceLevel(data, site, user, path, now), `level, ${where}`);
  const siteKnown = data.sites.some((s) => s.id === site);
  const member = data.members.find((m) => m.userid === user);
  const scope = referenceAdminScope(data, site, user);
  const expectedCode = !siteKnown
    ? 'unknown_site'
    : !member
      ? 'unknown_user'
      : !referenceIsActive(data, user)
        ? 'inactive'
        : scope !== null
          ? 'admin'
          : null;
  if (expectedCode !== null) {
    assert.equal(d.code, expectedCode, `code, ${where}`);
    assert.equal(d.grant, null, `no grant for ${expectedCode}, ${where}`);
    assert.equal(d.adminScope, expectedCode === 'admin' ? scope : null, `adminScope, ${where}`);
    return;
  }
  const reach = referenceReach(data, site, path);
  assert.equal(d.cutAt, reach.cutAt, `cutAt, ${where}`);
  assert.equal(d.adminScope, null, `adminScope, ${where}`);
  if (d.code === 'grant') {
    const g = d.grant;
    assert.ok(g, `a grant decision names its grant, ${where}`);
    assert.ok(data.grants.includes(g), `the grant is one of the tenant's grants, ${where}`);
    assert.equal(g.siteId, site, `the grant is on this site, ${where}`);
    assert.ok(referenceUnexpired(g, now), `the grant is unexpired, ${where}`);
    assert.ok(referenceSubjects(data, user).has(g.subject), `the grant's subject is one of the user's, ${where}`);
    assert.ok(reach.paths.includes(g.path), `the grant is on the path or a folder above, at or below the cut, ${where}`);
    assert.equal(g.level, d.level, `the grant's level is the decided level, ${where}`);
    // the engine's own contract (engine.ts, Decision.grant): the nearest one among equals
    const subjects = referenceSubjects(data, user);
    const nearer = reach.paths.slice(0, reach.paths.indexOf(g.path));
    const better = data.grants.find(
      (o) => o.siteId === site && nearer.includes(o.path) && subjects.has(o.subject) && referenceUnexpired(o, now) && o.level === g.level,
    );
    assert.equal(better, undefined, `no nearer grant of the same level, ${where}`);
  } else {
    assert.equal(d.level, 'none', `code, ${where}`);
    assert.equal(d.grant, null, `grant, ${where}`);
    assert.equal(d.code, reach.cutAt ? 'restricted' : 'no_grant', `code, ${where}`);
  }
}

describe('permission engine against the reference evaluator (properties)', () => {
  test('evaluate gives the reference level for every user, path and site', () => {
    fc.assert(
      fc.property(tenantArb(), (scenario) => {
        const model = new TenantModel(scenario.data);
        const actual: string[] = [];
        const expected: string[] = [];
        for (const site of sitesToAsk(scenario.data)) {
          for (const user of usersToAsk(scenario.data)) {
            for (const path of PATHS) {
              actual.push(`${site} ${user} ${path} ${evaluate(model, site, user, path, NOW).level}`);
              expected.push(`${site} ${user} ${path} ${referenceLevel(scenario.data, site, user, path, NOW)}`);
            }
          }
        }
        assertSame(actual, expected, 'evaluate');
      }),
      { numRuns: RUNS },
    );
  });

  test('evaluateMany gives the same decisions as evaluate, path by path', () => {
    fc.assert(
      fc.property(
        tenantArb(),
        fc.nat(),
        fc.nat(),
        fc.array(fc.constantFrom(...PATHS), { maxLength: 30 }),
        (scenario, siteRef, userRef, paths) => {
          const site = pick(sitesToAsk(scenario.data), siteRef);
          const user = pick(usersToAsk(scenario.data), userRef);
          const many = evaluateMany(new TenantModel(scenario.data), site, user, paths, NOW);
          const model = new TenantModel(scenario.data);
          const one = paths.map((p) => evaluate(model, site, user, p, NOW));
          assert.deepEqual(many, one);
          assert.deepEqual(
            many.map((d) => d.level),
            paths.map((p) => referenceLevel(scenario.data, site, user, p, NOW)),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  test('readable gives the reference list of readable documents', () => {
    fc.assert(
      fc.property(tenantArb(), (scenario) => {
        const model = new TenantModel(scenario.data);
        const actual: string[] = [];
        const expected: string[] = [];
        for (const site of sitesToAsk(scenario.data)) {
          for (const user of usersToAsk(scenario.data)) {
            actual.push(`${site} ${user} ${readable(model, site, user, docsOf(scenario.docs), NOW).map((d) => d.path).join(',')}`);
            expected.push(`${site} ${user} ${referenceReadable(scenario.data, site, user, scenario.docs, NOW).join(',')}`);
          }
        }
        assertSame(actual, expected, 'readable');
      }),
      { numRuns: RUNS },
    );
  });

  test('audience gives every active member with their reference level, and a true "via"', () => {
    fc.assert(
      fc.property(tenantArb(), (scenario) => {
        const { data } = scenario;
        const model = new TenantModel(data);
        const actual: string[] = [];
        const expected: string[] = [];
        for (const site of sitesToAsk(scenario.data)) {
          for (const path of PATHS) {
            const members = audience(model, site, path, NOW);
            actual.push(`${site} ${path} ${members.map((m) => `${m.userid}=${m.level}`).join(',')}`);
            expected.push(`${site} ${path} ${referenceAudience(data, site, path, NOW).map((m) => `${m.userid}=${m.level}`).join(',')}`);
            for (const m of members) {
              const where = `${site} ${path}: ${JSON.stringify(m)}`;
              if (m.via.kind === 'admin') {
                assert.equal(m.level, 'manage', where);
                const scope = m.via.scope;
                assert.ok(
                  scope === 'tenant' ? data.tenantAdmins.includes(m.userid) : data.sites.find((s) => s.id === site)?.admins.includes(m.userid),
                  `admin of that scope, ${where}`,
                );
              } else {
                const g = m.via.grant;
                assert.ok(data.grants.includes(g), where);
                assert.equal(g.siteId, site, where);
                assert.equal(g.level, m.level, where);
                assert.ok(referenceUnexpired(g, NOW), where);
                assert.ok(referenceSubjects(data, m.userid).has(g.subject), `the member is in the grant's subject, ${where}`);
                assert.ok(referenceReach(data, site, path).paths.includes(g.path), `the grant reaches the path, ${where}`);
              }
            }
          }
        }
        assertSame(actual, expected, 'audience');
      }),
      { numRuns: RUNS },
    );
  });

  test('a decision explains itself: the deciding grant is real, unexpired, the user\'s, within reach and of that level', () => {
    fc.assert(
      fc.property(tenantArb(), fc.integer({ min: -2, max: 1002 }), (scenario, offset) => {
        const model = new TenantModel(scenario.data);
        const now = NOW + offset;
        for (const site of sitesToAsk(scenario.data)) {
          for (const user of usersToAsk(scenario.data)) {
            for (const path of PATHS) checkDecision(scenario.data, site, user, path, now, evaluate(model, site, user, path, now));
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('warm caches give the same answers as a fresh model', () => {
    fc.assert(
      fc.property(tenantArb(), (scenario) => {
        const warm = new TenantModel(scenario.data);
        const first = engineAnswers(warm, scenario, NOW);
        const second = engineAnswers(warm, scenario, NOW);
        const fresh = engineAnswers(new TenantModel(scenario.data), scenario, NOW);
        assert.deepEqual(second, first);
        assert.deepEqual(fresh, first);
      }),
      { numRuns: HEAVY_RUNS },
    );
  });

  test('after the clock moves on, grants that expired in between no longer count (warm caches)', () => {
    const laterArb = fc.oneof(
      fc.record({ offset: fc.integer({ min: 0, max: 1002 }) }),
      fc.record({ expiryOf: fc.nat(), delta: fc.integer({ min: -1, max: 1 }) }),
    );
    fc.assert(
      fc.property(tenantArb(), laterArb, (scenario, laterSpec) => {
        // later: NOW + offset, or just before, at or after one of the expiries still ahead of NOW
        const ahead = scenario.data.grants.flatMap((g) => (g.expiresAt !== null && g.expiresAt > NOW ? [g.expiresAt] : []));
        const later =
          'offset' in laterSpec ? NOW + laterSpec.offset : ahead.length ? Math.max(NOW, pick(ahead, laterSpec.expiryOf) + laterSpec.delta) : NOW;
        const model = new TenantModel(scenario.data);
        const before = engineAnswers(model, scenario, NOW);
        const expectedBefore = referenceAnswers(scenario.data, scenario, NOW);
        assertSame(before.levels, expectedBefore.levels, `evaluate at NOW`);
        assertSame(before.readables, expectedBefore.readables, `readable at NOW`);
        assertSame(before.audiences, expectedBefore.audiences, `audience at NOW`);
        const after = engineAnswers(model, scenario, later);
        const expectedAfter = referenceAnswers(scenario.data, scenario, later);
        assertSame(after.levels, expectedAfter.levels, `evaluate at NOW + ${later - NOW}`);
        assertSame(after.readables, expectedAfter.readables, `readable at NOW + ${later - NOW}`);
        assertSame(after.audiences, expectedAfter.audiences, `audience at NOW + ${later - NOW}`);
      }),
      { numRuns: HEAVY_RUNS },
    );
  });

  test('effectiveGrants lists the grants on the path and the unexpired ones above it, up to the cut', () => {
    fc.assert(
      fc.property(tenantArb(), fc.integer({ min: -2, max: 1002 }), (scenario, offset) => {
        const { data } = scenario;
        const now = NOW + offset;
        const model = new TenantModel(data);
        for (const site of sitesToAsk(data)) {
          for (const path of PATHS) {
            const actual = effectiveGrants(model, site, path, now);
            const known = data.sites.some((s) => s.id === site);
            const reach = referenceReach(data, site, path);
            const where = `${site} ${path} @NOW+${offset}`;
            assert.equal(actual.cutAt, known ? reach.cutAt : null, `cutAt, ${where}`);
            const ids = (gs: GrantRecord[]) => gs.map((g) => g.id).sort();
            const direct = known ? data.grants.filter((g) => g.siteId === site && g.path === path) : [];
            assert.deepEqual(ids(actual.direct), ids(direct), `direct, ${where}`);
            const above = known ? reach.paths.slice(1) : [];
            assert.deepEqual(
              actual.inherited.map((i) => `${i.from} ${i.grant.id}`).sort(),
              data.grants
                .filter((g) => g.siteId === site && above.includes(g.path) && referenceUnexpired(g, now))
                .map((g) => `${g.path} ${g.id}`)
                .sort(),
              `inherited, ${where}`,
            );
            const depths = actual.inherited.map((i) => above.indexOf(i.from));
            assert.deepEqual(depths, [...depths].sort((a, b) => a - b), `inherited nearest first, ${where}`);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  /** One query of a random sequence run against one model. */
  const queryArb = fc.record({
    kind: fc.constantFrom('evaluate', 'evaluateMany', 'readable', 'audience'),
    site: fc.nat(),
    user: fc.nat(),
    path: fc.constantFrom(...PATHS),
    /** a time around NOW, or just before, at or after one of the grants' expiries */
    time: fc.oneof(
      fc.record({ offset: fc.integer({ min: -2, max: 1002 }) }),
      fc.record({ expiryOf: fc.nat(), delta: fc.integer({ min: -1, max: 1 }) }),
    ),
  });
  type Query = typeof queryArb extends fc.Arbitrary<infer Q> ? Q : never;
  const resolve = (scenario: Scenario, q: Query) => {
    const expiries = scenario.data.grants.flatMap((g) => (g.expiresAt === null ? [] : [g.expiresAt]));
    const now = 'offset' in q.time ? NOW + q.time.offset : expiries.length ? pick(expiries, q.time.expiryOf) + q.time.delta : NOW;
    return {
      kind: q.kind,
      site: pick(sitesToAsk(scenario.data), q.site),
      user: pick(usersToAsk(scenario.data), q.user),
      path: q.path,
      now,
    };
  };

  function answer(model: TenantModel, scenario: Scenario, query: Query): string {
    const q = resolve(scenario, query);
    const now = q.now;
    switch (q.kind) {
      case 'evaluate':
        return evaluate(model, q.site, q.user, q.path, now).level;
      case 'evaluateMany':
        return evaluateMany(model, q.site, q.user, PATHS, now).map((d) => d.level).join(',');
      case 'readable':
        return readable(model, q.site, q.user, docsOf(scenario.docs), now).map((d) => d.path).join(',');
      case 'audience':
        return audience(model, q.site, q.path, now).map((m) => `${m.userid}=${m.level}`).join(',');
    }
  }

  function referenceAnswer(data: TenantData, scenario: Scenario, query: Query): string {
    const q = resolve(scenario, query);
    const now = q.now;
    switch (q.kind) {
      case 'evaluate':
        return referenceLevel(data, q.site, q.user, q.path, now);
      case 'evaluateMany':
        return PATHS.map((p) => referenceLevel(data, q.site, q.user, p, now)).join(',');
      case 'readable':
        return referenceReadable(data, q.site, q.user, scenario.docs, now).join(',');
      case 'audience':
        return referenceAudience(data, q.site, q.path, now).map((m) => `${m.userid}=${m.level}`).join(',');
    }
  }

  test('a sequence of queries at a clock that only moves forward matches the reference on one model', () => {
    fc.assert(
      fc.property(tenantArb(), fc.array(queryArb, { minLength: 1, maxLength: 40, size: 'max' }), (scenario, queries) => {
        const sorted = [...queries].sort((a, b) => resolve(scenario, a).now - resolve(scenario, b).now);
        const model = new TenantModel(scenario.data);
        for (const q of sorted) {
          assert.equal(answer(model, scenario, q), referenceAnswer(scenario.data, scenario, q), JSON.stringify(resolve(scenario, q)));
        }
      }),
      { numRuns: RUNS },
    );
  });

  // engine.ts promises "the same model, site, user, path and clock always give the same answer";
  // Date.now() may step back (NTP) and a request may evaluate with a `now` read before another's.
  test('a sequence of queries in any clock order matches the reference on one model', () => {
    fc.assert(
      fc.property(tenantArb(), fc.array(queryArb, { minLength: 1, maxLength: 40, size: 'max' }), (scenario, queries) => {
        const model = new TenantModel(scenario.data);
        for (const q of queries) {
          assert.equal(answer(model, scenario, q), referenceAnswer(scenario.data, scenario, q), JSON.stringify(resolve(scenario, q)));
        }
      }),
      { numRuns: RUNS },
    );
  });

  // Subjects are compared as text by check (subjectsOf) but were once parsed with Number() by
  // "who has access" (membersOf), so a stored `dept:05` reached dept 5 in one and nobody in the
  // other. SUBJECT_PATTERN now refuses such spellings; rows written before, or by hand, remain.
  test('audience agrees with evaluate and the reference for non-canonical subject spellings (dept:05, dept:+5, tag:5/*)', () => {
    fc.assert(
      fc.property(tenantArb({ nonCanonicalSubjects: true }), (scenario) => {
        const model = new TenantModel(scenario.data);
        for (const site of sitesToAsk(scenario.data)) {
          for (const path of PATHS) {
            const fromAudience = audience(model, site, path, NOW).map((m) => `${m.userid}=${m.level}`);
            const fromEvaluate = scenario.data.members
              .map((m) => m.userid)
              .sort()
              .map((u) => `${u}=${evaluate(model, site, u, path, NOW).level}`)
              .filter((s) => !s.endsWith('=none'));
            assert.deepEqual(fromAudience, fromEvaluate, `audience and evaluate, ${site} ${path}`);
            const fromReference = referenceAudience(scenario.data, site, path, NOW).map((m) => `${m.userid}=${m.level}`);
            assert.deepEqual(fromAudience, fromReference, `audience and reference, ${site} ${path}`);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-written examples that pin down the tricky rules.

function tenant(partial: Partial<TenantData>): TenantData {
  return {
    tenantId: 't1',
    revision: 1,
    tenantAdmins: [],
    sites: [{ id: 's1', admins: [] }],
    departments: [],
    members: [],
    tags: [],
    grants: [],
    restrictions: [],
    ...partial,
  };
}

let nextGrant = 0;
function grant(path: string, subject: string, level: 'read' | 'manage', expiresAt: number | null = null, siteId = 's1'): GrantRecord {
  return { id: `x${nextGrant++}`, siteId, path, subject, level, expiresAt, createdBy: 'root', createdAt: 0 };
}

const active = (userid: string, departments: number[] = []) => ({ userid, name: userid, status: 'active' as const, departments });

/** The engine's level, after checking that the reference agrees. */
function level(data: TenantData, userid: string, path: string, now = NOW, site = 's1'): string {
  const engine = evaluate(new TenantModel(data), site, userid, path, now).level;
  assert.equal(referenceLevel(data, site, userid, path, now), engine, `reference and engine disagree on ${userid} ${path}`);
  return engine;
}

describe('permission engine: examples', () => {
  test('a restricted folder cuts inheritance from above, but its own grants and those below it count', () => {
    const data = tenant({
      members: [active('alice'), active('bob')],
      grants: [grant('/', 'everyone', 'manage'), grant('/a/b/', 'user:alice', 'read'), grant('/a/b/c', 'user:bob', 'read')],
      restrictions: [{ siteId: 's1', path: '/a/b/' }],
    });
    assert.equal(level(data, 'alice', '/a/b/c'), 'read');
    assert.equal(level(data, 'alice', '/a/b/'), 'read');
    assert.equal(level(data, 'bob', '/a/b/'), 'none');
    assert.equal(level(data, 'bob', '/a/b/c'), 'read');
    assert.equal(level(data, 'bob', '/a/b/d'), 'none');
    assert.equal(level(data, 'bob', '/a/b'), 'manage', 'the document /a/b is not inside the folder /a/b/');
    assert.equal(level(data, 'bob', '/a/x'), 'manage');
    const d = evaluate(new TenantModel(data), 's1', 'bob', '/a/b/d', NOW);
    assert.equal(d.code, 'restricted');
    assert.equal(d.cutAt, '/a/b/');
    assert.deepEqual(
      audience(new TenantModel(data), 's1', '/a/b/c', NOW).map((m) => `${m.userid}=${m.level}`),
      ['alice=read', 'bob=read'],
    );
  });

  test('a grant on a folder applies to the folder itself and everything below, not beside', () => {
    const data = tenant({ members: [active('alice')], grants: [grant('/a/', 'user:alice', 'read')] });
    assert.equal(level(data, 'alice', '/a/'), 'read');
    assert.equal(level(data, 'alice', '/a/x'), 'read');
    assert.equal(level(data, 'alice', '/a/b/c'), 'read');
    assert.equal(level(data, 'alice', '/'), 'none');
    assert.equal(level(data, 'alice', '/ab'), 'none');
    assert.equal(level(data, 'alice', '/a'), 'none', 'the document /a is not the folder /a/');
    assert.deepEqual(
      readable(new TenantModel(data), 's1', 'alice', docsOf(['/', '/a/', '/a/x', '/a', '/ab', '/a/b/']), NOW).map((d) => d.path),
      ['/a/', '/a/x', '/a/b/'],
    );
  });

  const tree: TenantData['departments'] = [
    { id: 1, parentId: null, name: 'Company' },
    { id: 5, parentId: 1, name: 'Finance' },
    { id: 6, parentId: 5, name: 'Payroll' },
  ];

  test('dept:5 is the members placed directly in 5; dept:5/* adds the sub-departments', () => {
    const data = tenant({
      departments: tree,
      members: [active('top', [1]), active('fin', [5]), active('pay', [6])],
      grants: [grant('/direct', 'dept:5', 'read'), grant('/tree', 'dept:5/*', 'read'), grant('/all', 'dept:1/*', 'read')],
    });
    assert.deepEqual(['top', 'fin', 'pay'].map((u) => level(data, u, '/direct')), ['none', 'read', 'none']);
    assert.deepEqual(['top', 'fin', 'pay'].map((u) => level(data, u, '/tree')), ['none', 'read', 'read']);
    assert.deepEqual(['top', 'fin', 'pay'].map((u) => level(data, u, '/all')), ['read', 'read', 'read']);
    const model = new TenantModel(data);
    assert.deepEqual(audience(model, 's1', '/direct', NOW).map((m) => m.userid), ['fin']);
    assert.deepEqual(audience(model, 's1', '/tree', NOW).map((m) => m.userid), ['fin', 'pay']);
  });

  test('a tag listing a department includes the members of its sub-departments, and lists users directly', () => {
    const data = tenant({
      departments: tree,
      members: [active('top', [1]), active('fin', [5]), active('pay', [6]), active('guest')],
      tags: [{ id: 3, name: 'Money', userids: ['guest'], departmentIds: [5] }],
      grants: [grant('/m', 'tag:3', 'read')],
    });
    assert.deepEqual(['top', 'fin', 'pay', 'guest'].map((u) => level(data, u, '/m')), ['none', 'read', 'read', 'read']);
    assert.deepEqual(audience(new TenantModel(data), 's1', '/m', NOW).map((m) => m.userid), ['fin', 'guest', 'pay']);
  });

  test('disabled and departed members, and admins who are not active members, get nothing', () => {
    const data = tenant({
      tenantAdmins: ['ghost', 'gone'],
      sites: [
        { id: 's1', admins: ['off', 'siteadmin'] },
        { id: 's2', admins: [] },
      ],
      members: [
        active('alice'),
        active('siteadmin'),
        { userid: 'off', name: 'off', status: 'disabled', departments: [] },
        { userid: 'gone', name: 'gone', status: 'left', departments: [] },
      ],
      grants: [grant('/', 'everyone', 'read'), grant('/', 'user:off', 'manage'), grant('/', 'user:ghost', 'manage')],
    });
    assert.equal(level(data, 'alice', '/x'), 'read');
    assert.equal(level(data, 'off', '/x'), 'none');
    assert.equal(level(data, 'gone', '/x'), 'none');
    assert.equal(level(data, 'ghost', '/x'), 'none');
    assert.equal(level(data, 'siteadmin', '/x'), 'manage');
    assert.equal(level(data, 'siteadmin', '/x', NOW, 's2'), 'none', 'a site admin is admin of that site only');
    assert.equal(level(data, 'alice', '/x', NOW, 'nope'), 'none', 'unknown site');
    const model = new TenantModel(data);
    assert.deepEqual(readable(model, 's1', 'ghost', docsOf(['/x']), NOW), []);
    assert.deepEqual(
      audience(model, 's1', '/x', NOW).map((m) => `${m.userid}=${m.level}`),
      ['alice=read', 'siteadmin=manage'],
    );
  });

  test('a grant expiring exactly now does not count; one expiring a millisecond later does', () => {
    const data = tenant({
      members: [active('alice'), active('bob')],
      grants: [grant('/', 'user:alice', 'read', NOW), grant('/', 'user:bob', 'read', NOW + 1)],
    });
    assert.equal(level(data, 'alice', '/x'), 'none');
    assert.equal(level(data, 'alice', '/x', NOW - 1), 'read');
    assert.equal(level(data, 'bob', '/x'), 'read');
    assert.equal(level(data, 'bob', '/x', NOW + 1), 'none');
    // the same model, as the clock moves on
    const model = new TenantModel(data);
    assert.equal(evaluate(model, 's1', 'bob', '/x', NOW).level, 'read');
    assert.deepEqual(audience(model, 's1', '/x', NOW).map((m) => m.userid), ['bob']);
    assert.equal(evaluate(model, 's1', 'bob', '/x', NOW + 1).level, 'none');
    assert.deepEqual(audience(model, 's1', '/x', NOW + 1), []);
  });

  test('the highest level wins over a nearer lower one, and the decision names that grant', () => {
    const top = grant('/', 'everyone', 'manage');
    const data = tenant({ members: [active('alice')], grants: [top, grant('/a/b/', 'user:alice', 'read')] });
    assert.equal(level(data, 'alice', '/a/b/c'), 'manage');
    const d = evaluate(new TenantModel(data), 's1', 'alice', '/a/b/c', NOW);
    assert.equal(d.code, 'grant');
    assert.equal(d.grant, top);
  });
});
