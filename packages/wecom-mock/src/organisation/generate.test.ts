import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateOrganisation } from './generate.js';
import type { MockOrganisation } from './types.js';

function depthOf(org: MockOrganisation): Map<number, number> {
  const byId = new Map(org.departments.map((d) => [d.id, d]));
  const depth = new Map<number, number>();
  for (const d of org.departments) {
    let n = 1;
    for (let p = d; p.parentid !== 0; p = byId.get(p.parentid)!) n++;
    depth.set(d.id, n);
  }
  return depth;
}

function checkConsistency(org: MockOrganisation, maxDepth: number): void {
  const ids = new Set(org.departments.map((d) => d.id));
  assert.equal(ids.size, org.departments.length, 'department ids are unique');
  const root = org.departments.find((d) => d.id === 1)!;
  assert.equal(root.parentid, 0);
  for (const d of org.departments) if (d.id !== 1) assert.ok(ids.has(d.parentid), `parent of ${d.id} exists`);
  for (const depth of depthOf(org).values()) assert.ok(depth <= maxDepth, `depth ${depth} ≤ ${maxDepth}`);
  const userids = new Set(org.users.map((u) => u.userid));
  assert.equal(userids.size, org.users.length, 'userids are unique');
  assert.equal(new Set(org.users.map((u) => u.mobile)).size, org.users.length, 'mobiles are unique');
  for (const u of org.users) {
    assert.ok(u.department.length >= 1);
    for (const d of u.department) assert.ok(ids.has(d), `department ${d} of ${u.userid} exists`);
    assert.ok(u.department.includes(u.main_department));
    assert.equal(u.order.length, u.department.length);
    assert.equal(u.is_leader_in_dept.length, u.department.length);
    assert.match(u.userid, /^[A-Za-z0-9_\-@.]{1,64}$/);
  }
  for (const t of org.tags) {
    for (const u of t.users) assert.ok(userids.has(u));
    for (const p of t.parties) assert.ok(ids.has(p));
  }
}

describe('generateOrganisation', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateOrganisation({ seed: 42, members: 500, departments: 60 });
    const b = generateOrganisation({ seed: 42, members: 500, departments: 60 });
    const c = generateOrganisation({ seed: 43, members: 500, departments: 60 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.users.map((u) => u.userid), c.users.map((u) => u.userid));
  });

  it('builds a realistic company: skeleton on top, names in Chinese and English, leaders, statuses, tags', () => {
    const org = generateOrganisation({ seed: 1, members: 2000, departments: 120, tags: 6 });
    checkConsistency(org, 10);
    assert.equal(org.departments[0]!.name, '兰亭科技');
    assert.ok(org.departments.some((d) => d.name === '前端组' && d.parentid === org.departments.find((p) => p.name === '研发中心')!.id));
    const chinese = org.users.filter((u) => /^[\u4e00-\u9fff]{2,4}$/.test(u.name));
    const english = org.users.filter((u) => /^[A-Z][a-z]+ [A-ZÜ][a-zü]+$/.test(u.name));
    assert.ok(chinese.length / org.users.length > 0.75, 'mostly Chinese names');
    assert.ok(english.length / org.users.length > 0.1 && english.length / org.users.length < 0.2, 'about 15 % English names');
    assert.ok(chinese.every((u) => /^[a-z]+\d*$/.test(u.userid)), 'pinyin userids');
    assert.ok(english.every((u) => /^[a-z]+\.[a-z]+\d*$/.test(u.userid)));
    const statuses = new Map<number, number>();
    for (const u of org.users) statuses.set(u.status, (statuses.get(u.status) ?? 0) + 1);
    for (const s of [2, 4, 5]) assert.ok((statuses.get(s) ?? 0) > 0 && statuses.get(s)! < 60, `a few users with status ${s}`);
    assert.ok(org.users.filter((u) => u.department.length === 2).length > 40, 'some people in two departments');
    const leaders = org.departments.filter((d) => d.department_leader.length > 0);
    assert.ok(leaders.length > org.departments.length / 3);
    for (const d of leaders) {
      const leader = org.users.find((u) => u.userid === d.department_leader[0])!;
      assert.equal(leader.is_leader_in_dept[leader.department.indexOf(d.id)], 1);
    }
    assert.ok(org.users.filter((u) => u.direct_leader.length > 0).length > org.users.length / 2);
    assert.equal(org.tags.length, 6);
    assert.ok(org.tags.every((t) => t.tagname.length > 0 && t.users.length > 0));
    assert.ok(org.tags.every((t) => t.parties.length > 0), 'every tag lists departments too');
    // sibling names are unique (WeCom refuses duplicates)
    const siblings = new Set(org.departments.map((d) => `${d.parentid}/${d.name}`));
    assert.equal(siblings.size, org.departments.length);
  });

  it('respects maxDepth and small sizes', () => {
    const shallow = generateOrganisation({ seed: 5, members: 300, departments: 200, maxDepth: 3 });
    checkConsistency(shallow, 3);
    assert.equal(Math.max(...depthOf(shallow).values()), 3);
    const tiny = generateOrganisation({ members: 3, departments: 1, tags: 0 });
    checkConsistency(tiny, 1);
    assert.deepEqual(tiny.users.map((u) => u.department), [[1], [1], [1]]);
    assert.throws(() => generateOrganisation({ members: 1, departments: 5, maxDepth: 1 }), /maxDepth/);
    assert.throws(() => generateOrganisation({ members: -1, departments: 5 }), /members/);
  });

  it('generates 100 000 members and 10 000 departments within a few seconds', () => {
    const started = performance.now();
    const org = generateOrganisation({ seed: 9, members: 100_000, departments: 10_000 });
    const ms = performance.now() - started;
    assert.ok(ms < 5000, `took ${Math.round(ms)} ms`);
    assert.equal(org.users.length, 100_000);
    assert.equal(org.departments.length, 10_000);
    checkConsistency(org, 10);
  });
});
