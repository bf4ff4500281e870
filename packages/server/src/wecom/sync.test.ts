import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CheckResponse, ErrorBody, SyncJob, SyncStarted } from '@docgate/protocol';
import { SITE, TENANT } from '../testing/harness.js';
import { dumpDirectory, expectedDirectory, wecomWorld, type WecomWorld } from '../testing/wecom.js';

const json = (token: string, body?: unknown) => ({
  headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

describe('full sync of a 5 000-member organisation from the simulator', () => {
  let world: WecomWorld;
  before(async () => {
    world = await wecomWorld({ organisation: { seed: 11, members: 5_000, departments: 300, tags: 8 }, callbacks: false });
  });
  after(() => world.close());

  it('holds every department, member and tag field for field, with close to the fewest calls', async () => {
    const job = await world.sync();
    assert.equal(job.state, 'done', job.error ?? '');
    const organisation = world.mock.organisation;
    const held = await dumpDirectory(world.db.database);
    const expected = expectedDirectory(organisation);
    assert.equal(held.departments.length, 300);
    assert.equal(held.members.length, 5_000);
    assert.deepEqual(held.departments, expected.departments);
    assert.deepEqual(held.members, expected.members);
    assert.deepEqual(held.tags, expected.tags);
    assert.deepEqual([job.added, job.updated, job.removed], [5_000, 0, 0]);

    // department/list once; user/list_id (10 000 rows a page) to find the departments with
    // members; one user/list for each of those; tag/list once and tag/get per tag.
    const rows = organisation.users.reduce((n, u) => n + u.department.length, 0);
    const populated = new Set(organisation.users.flatMap((u) => u.department)).size;
    assert.deepEqual(job.calls, {
      '/cgi-bin/gettoken': 1,
      '/cgi-bin/department/list': 1,
      '/cgi-bin/user/list_id': Math.ceil(rows / 10_000),
      '/cgi-bin/user/list': populated,
      '/cgi-bin/tag/list': 1,
      '/cgi-bin/tag/get': organisation.tags.length,
    });
  });

  it('changes nothing the second time, then follows WeCom: moves, renames, departures (left, never deleted), tags', async () => {
    const again = await world.sync();
    assert.deepEqual([again.state, again.added, again.updated, again.removed], ['done', 0, 0, 0]);

    const { mock } = world;
    const active = mock.organisation.users.filter((u) => u.status === 1);
    const [leaver, mover] = [active[0]!, active[1]!];
    const target = mock.organisation.departments.find((d) => !mover.department.includes(d.id) && d.id !== 1)!;
    const targetName = target.name;
    await mock.deleteUser(leaver.userid);
    await mock.updateUser(mover.userid, { department: [target.id], main_department: target.id, position: '架构师' });
    await mock.updateDepartment(target.id, { name: `${targetName}（新）` });
    await mock.updateTag(mock.organisation.tags[0]!.tagid, { addUsers: [mover.userid] });

    const job = await world.sync();
    assert.deepEqual([job.state, job.added, job.updated, job.removed], ['done', 0, 1, 1]);
    const held = await dumpDirectory(world.db.database);
    const expected = expectedDirectory(mock.organisation);
    const gone = held.members.find((m) => m.userid === leaver.userid)!;
    assert.equal(gone.status, 'left', 'kept, with their name, for the statistics');
    assert.deepEqual(
      held.members.filter((m) => m.userid !== leaver.userid),
      expected.members,
    );
    assert.equal(held.departments.find((d) => d.id === target.id)!.name, `${targetName}（新）`);
    assert.deepEqual(held.departments, expected.departments);
    assert.deepEqual(held.tags, expected.tags);
  });

  it("a departed member's next check is denied, at once", async () => {
    const member = world.mock.organisation.users.find((u) => u.status === 1)!;
    const signIn = await fetch(`${world.url}/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userid: member.userid }) });
    const { access_token } = (await signIn.json()) as { access_token: string };
    const check = () => fetch(`${world.url}/v1/check`, { method: 'POST', ...json(access_token, { site: SITE, path: '/guide/' }) });
    assert.equal(((await (await check()).json()) as CheckResponse).allowed, true);

    await world.mock.deleteUser(member.userid);
    assert.equal((await world.sync()).removed, 1);
    // The token is still valid for minutes; the member's status ends their access regardless.
    const denied = (await (await check()).json()) as CheckResponse;
    assert.deepEqual([denied.allowed, denied.level], [false, 'none']);
  });
});

describe('sync faults leave the directory as it was, and the job failed with the reason', () => {
  let world: WecomWorld;
  before(async () => {
    world = await wecomWorld({ organisation: { seed: 5, members: 300, departments: 30, tags: 3 }, callbacks: false });
    assert.equal((await world.sync()).state, 'done');
    // Changes a successful sync would apply.
    const user = world.mock.organisation.users.find((u) => u.status === 1)!;
    await world.mock.updateUser(user.userid, { name: '改了名字' });
    await world.mock.createUser({ userid: 'late.joiner', name: '新人', department: [1] });
  });
  after(() => world.close());

  const failsWith = async (reason: RegExp) => {
    const before = await dumpDirectory(world.db.database);
    const job = await world.sync();
    assert.equal(job.state, 'failed');
    assert.match(job.error ?? '', reason);
    assert.ok(job.finishedAt);
    assert.notEqual(job.phase, 'done', 'the phase it failed in');
    assert.deepEqual(await dumpDirectory(world.db.database), before, 'nothing applied from a partial read');
    return job;
  };

  it('45009 that does not lift within the retry budget', async () => {
    world.mock.injectFault({ path: '/cgi-bin/user/list', errcode: 45009, times: Infinity });
    try {
      const job = await failsWith(/errcode 45009/);
      assert.ok(job.calls!['/cgi-bin/user/list']! >= 1);
    } finally {
      world.mock.clearFaults();
    }
  });

  it('a token WeCom keeps refusing (40014 after the one renewal)', async () => {
    world.mock.injectFault({ path: '/cgi-bin/tag/list', errcode: 40014, times: Infinity });
    try {
      await failsWith(/errcode 40014/);
    } finally {
      world.mock.clearFaults();
    }
  });

  it('a wrong secret (40001): no retries at all', async () => {
    world.mock.injectFault({ path: '/cgi-bin/gettoken', errcode: 40001, times: Infinity });
    world.services.wecom.for(TENANT)!.forgetToken('contacts');
    try {
      const job = await failsWith(/errcode 40001/);
      assert.equal(job.calls!['/cgi-bin/gettoken'], 1);
    } finally {
      world.mock.clearFaults();
    }
  });

  it('recovers from a single early revocation of the token, and from a short 45009 block', async () => {
    world.mock.revokeTokens('all');
    world.mock.injectFault({ path: '/cgi-bin/department/list', errcode: 45033, times: 2 });
    const job = await world.sync();
    assert.equal(job.state, 'done', job.error ?? '');
    assert.deepEqual([job.added, job.updated], [1, 1]);
    assert.equal(job.calls!['/cgi-bin/gettoken'], 1, 'renewed once');
    assert.equal(job.calls!['/cgi-bin/department/list'], 3, 'retried after 45033');
  });

  it('the simulator stopped', async () => {
    await world.mock.close();
    await failsWith(/ECONNREFUSED|fetch failed|no answer/);
  });
});

describe('sync routes', () => {
  let world: WecomWorld;
  before(async () => {
    world = await wecomWorld({ organisation: { seed: 3, members: 2_000, departments: 120 }, callbacks: false });
  });
  after(() => world.close());

  it('starts a sync (202), refuses a second while it runs (409), shows progress and the result', async () => {
    const token = await world.adminToken();
    const first = await fetch(`${world.url}/v1/directory/sync`, { method: 'POST', ...json(token) });
    assert.equal(first.status, 202);
    const { job } = (await first.json()) as SyncStarted;
    assert.equal(job.state, 'running');
    const second = await fetch(`${world.url}/v1/directory/sync`, { method: 'POST', ...json(token) });
    assert.equal(second.status, 409);
    const conflict = (await second.json()) as ErrorBody & { error: { job?: SyncJob } };
    assert.equal(conflict.error.code, 'sync_running');

    let latest: SyncJob;
    const deadline = Date.now() + 30_000;
    do {
      await new Promise((r) => setTimeout(r, 100));
      latest = (await (await fetch(`${world.url}/v1/directory/sync/${job.id}`, json(token))).json()) as SyncJob;
    } while (latest.state === 'running' && Date.now() < deadline);
    assert.equal(latest.state, 'done');
    assert.equal(latest.added, 2_000);
    assert.equal(latest.phase, 'done');
    assert.equal(latest.done, latest.total);
    assert.equal(latest.requestedBy, 'admin1');
    const viaLatest = (await (await fetch(`${world.url}/v1/directory/sync/latest`, json(token))).json()) as SyncJob;
    assert.equal(viaLatest.id, job.id);
    assert.equal((await fetch(`${world.url}/v1/directory/sync/sync_nope`, json(token))).status, 404);
  });

  it('is for tenant admins only', async () => {
    const member = world.mock.organisation.users.find((u) => u.status === 1)!;
    const signIn = await fetch(`${world.url}/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userid: member.userid }) });
    const { access_token } = (await signIn.json()) as { access_token: string };
    assert.equal((await fetch(`${world.url}/v1/directory/sync`, { method: 'POST', ...json(access_token) })).status, 403);
    assert.equal((await fetch(`${world.url}/v1/directory/sync`, { method: 'POST' })).status, 401);
  });
});
