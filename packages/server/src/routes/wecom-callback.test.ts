import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CheckResponse, ErrorBody } from '@docgate/protocol';
import { encrypt, getSignature } from '@wecom/crypto';
import { wecomSecretNames } from '../config.js';
import { harness, SITE, TENANT, type Harness } from '../testing/harness.js';
import { dumpDirectory, expectedDirectory, wecomWorld, type DirectoryDump, type WecomWorld } from '../testing/wecom.js';

describe("WeCom's URL check (the test vector of wecom.md)", () => {
  let h: Harness;
  const vector = {
    token: 'kjr2TKI8umCBfVF3wAHk8JiPwma5VBme',
    aesKey: '4Ma3YBrSBbX2aez8MJpXGBne5LSDwgGqHbhM9WPYIws',
    timestamp: '1583940690',
    nonce: 'VHh7ymSeb0jc4lSb',
    echostr: '6KmUQuPVu7UhjyVqRdbo5SfcRqaHvbUlKSHFvBV2ZuR6TIlKsygcfeSd1GDplg1C5KSKr6UPHCaC/nIX3ZNt9w==',
    signature: '1ba3cb09c0d2c2b3ed6900d37f91a6efae6cb011',
  };
  const names = wecomSecretNames(TENANT);
  const check = (query: Record<string, string>) => h.app.inject({ method: 'GET', url: `/v1/wecom/callback?${new URLSearchParams(query)}` });
  const valid = { msg_signature: vector.signature, timestamp: vector.timestamp, nonce: vector.nonce, echostr: vector.echostr };

  before(async () => {
    h = await harness(
      {
        tenants: [
          { id: TENANT, name: 'Acme', corpId: 'ww6a112864f8022910', admins: ['admin1'] },
          // Same Token and key, another corp: the message is not theirs (receiveid).
          { id: 'other', name: 'Other', corpId: 'wwother', admins: [] },
        ],
      },
      {
        env: {
          [names.callbackToken]: vector.token,
          [names.callbackAesKey]: vector.aesKey,
          [wecomSecretNames('other').callbackToken]: vector.token,
          [wecomSecretNames('other').callbackAesKey]: vector.aesKey,
        },
      },
    );
  });
  after(() => h.close());

  it('answers the plain message, nothing around it', async () => {
    const response = await check(valid);
    assert.equal(response.statusCode, 200);
    assert.equal(response.body, '94966531020182955848408');
    assert.match(response.headers['content-type'] as string, /^text\/plain/);
  });

  it('refuses a wrong signature, a tampered echostr, and missing parameters', async () => {
    for (const query of [
      { ...valid, msg_signature: '0'.repeat(40) },
      { ...valid, nonce: 'another' },
      { ...valid, echostr: vector.echostr.replace('6K', '7K') },
    ]) {
      const response = await check(query);
      assert.equal(response.statusCode, 403);
      assert.equal(response.json<ErrorBody>().error.code, 'invalid_signature');
    }
    const missing = await check({ msg_signature: vector.signature, timestamp: vector.timestamp, nonce: vector.nonce });
    assert.equal(missing.statusCode, 400);
  });
});

/** A change WeCom sends, encrypted and signed as WeCom does, posted by hand. */
function envelope(world: WecomWorld, xml: string, corpId = world.mock.corp.corpId, token = world.callback.token) {
  const secret = encrypt(world.callback.encodingAESKey, xml, corpId);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = Math.random().toString(36).slice(2);
  return {
    url: `${world.url}/v1/wecom/callback?${new URLSearchParams({ msg_signature: getSignature(token, timestamp, nonce, secret), timestamp, nonce })}`,
    body: `<xml><ToUserName><![CDATA[${world.mock.corp.corpId}]]></ToUserName><AgentID><![CDATA[]]></AgentID><Encrypt><![CDATA[${secret}]]></Encrypt></xml>`,
  };
}
const post = (message: { url: string; body: string }) => fetch(message.url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: message.body });

/** docgate's directory, without the members WeCom deleted (docgate keeps them as `left`). */
const withoutLeavers = (dump: DirectoryDump, left: string[]) => ({ ...dump, members: dump.members.filter((m) => !left.includes(m.userid)) });

/**
 * The same story of changes, made in WeCom's console (the simulator's admin API), each sent to
 * docgate as a change_contact callback. Returns the userids deleted.
 */
async function story(world: WecomWorld): Promise<string[]> {
  const { mock } = world;
  const active = mock.organisation.users.filter((u) => u.status === 1);
  const research = await mock.createDepartment({ name: '研究院', parentid: 1, name_en: 'Research' });
  const lab = await mock.createDepartment({ name: '实验室', parentid: research });
  await mock.createUser({ userid: 'new.hire', name: '新同学', department: [lab, 1], main_department: lab, position: '研究员', mobile: '13900000001', email: 'new.hire@example.com' });
  await mock.updateUser(active[0]!.userid, { name: `${active[0]!.name}二`, department: [research], main_department: research });
  await mock.updateUser(active[1]!.userid, { status: 2 });
  await mock.updateUser(active[2]!.userid, { new_userid: `${active[2]!.userid}.renamed` });
  await mock.updateDepartment(lab, { name: '联合实验室', parentid: 1 });
  await mock.deleteUser(active[3]!.userid);
  const tag = mock.organisation.tags[0]!.tagid;
  await mock.updateTag(tag, { addUsers: ['new.hire'], addParties: [research] });
  await mock.updateTag(tag, { delUsers: [mock.organisation.tags[0]!.users.find((u) => u !== 'new.hire')!].filter(Boolean) });
  // A department can only go once it is empty.
  const empty = await mock.createDepartment({ name: '临时项目组', parentid: research });
  await mock.deleteDepartment(empty);
  await mock.waitForDeliveries();
  return [active[3]!.userid];
}

for (const reduced of [false, true]) {
  describe(`change callbacks applied incrementally (${reduced ? 'reduced payloads, completed through the API' : 'full payloads'})`, () => {
    let world: WecomWorld;
    before(async () => {
      world = await wecomWorld({ organisation: { seed: 21, members: 200, departments: 25, tags: 3 }, callback: { reduced, retryDelaysMs: [200, 400, 800] } });
      assert.equal((await world.sync()).state, 'done');
    });
    after(() => world.close());

    it('creates, updates, renames, disables and removes members, departments and tag contents as WeCom did', async () => {
      const left = await story(world);
      assert.ok(world.mock.deliveries().every((d) => d.delivered && d.attempts === 1), JSON.stringify(world.mock.deliveries().filter((d) => !d.delivered || d.attempts > 1)));
      const held = await dumpDirectory(world.db.database);
      assert.deepEqual(withoutLeavers(held, left), expectedDirectory(world.mock.organisation));
      assert.equal(held.members.find((m) => m.userid === left[0])!.status, 'left');
      // and a full sync now finds nothing to do
      const job = await world.sync();
      assert.deepEqual([job.added, job.updated, job.removed], [0, 0, 0]);
    });

    it("ends a departed member's access with the callback", async () => {
      const member = world.mock.organisation.users.find((u) => u.status === 1 && u.userid !== 'new.hire')!;
      const signIn = await fetch(`${world.url}/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userid: member.userid }) });
      const { access_token } = (await signIn.json()) as { access_token: string };
      const check = async () =>
        (await (
          await fetch(`${world.url}/v1/check`, {
            method: 'POST',
            headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ site: SITE, path: '/guide/' }),
          })
        ).json()) as CheckResponse;
      assert.equal((await check()).allowed, true);
      await world.mock.deleteUser(member.userid);
      await world.mock.waitForDeliveries();
      assert.equal((await check()).allowed, false);
    });
  });
}

describe('change callbacks: duplicates, forgeries, failures', () => {
  let world: WecomWorld;
  before(async () => {
    world = await wecomWorld({ organisation: { seed: 4, members: 50, departments: 6, tags: 1 }, callback: { retryDelaysMs: [300, 300, 300] } });
    assert.equal((await world.sync()).state, 'done');
  });
  after(() => world.close());

  const createUser = (userid: string, createTime = '1700000000') =>
    `<xml><ToUserName><![CDATA[${world.mock.corp.corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType>create_user</ChangeType><UserID><![CDATA[${userid}]]></UserID><Name><![CDATA[<b>${userid}</b>]]></Name><Department><![CDATA[1]]></Department><MainDepartment>1</MainDepartment><Status>1</Status></xml>`;
  const events = async () => Number((await world.db.database.db.selectFrom('wecom_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const member = (userid: string) => world.db.database.db.selectFrom('members').selectAll().where('userid', '=', userid).executeTakeFirst();

  it('applies a retried event once (the same message), while two edits in one second both count', async () => {
    const before = await events();
    const message = createUser('dup.user');
    assert.equal((await post(envelope(world, message))).status, 200);
    assert.equal((await post(envelope(world, message))).status, 200, 'a duplicate is acknowledged, or WeCom would keep sending it');
    assert.equal(await events(), before + 1);
    assert.equal((await member('dup.user'))!.name, '<b>dup.user</b>', 'stored as text; escaped wherever it is shown');
  });

  it('refuses a bad signature, a message for another corp, and what is not a WeCom envelope, applying nothing', async () => {
    const before = await events();
    const forged = envelope(world, createUser('forged.user'), world.mock.corp.corpId, 'notTheToken');
    const response = await post(forged);
    assert.equal(response.status, 403);
    assert.equal(((await response.json()) as ErrorBody).error.code, 'invalid_signature');

    const otherCorp = await post(envelope(world, createUser('other.corp.user'), 'wwsomeoneelse'));
    assert.equal(otherCorp.status, 403);
    assert.match(((await otherCorp.json()) as ErrorBody).error.message, /receiveid/);

    const notXml = await fetch(envelope(world, '').url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<xml><ToUserName>x</ToUserName></xml>' });
    assert.equal(notXml.status, 400);
    const json = await fetch(envelope(world, '').url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(json.status, 415);
    assert.equal(await events(), before);
    assert.equal(await member('forged.user'), undefined);
    assert.equal(await member('other.corp.user'), undefined);
  });

  it('answers 503 when a reduced event cannot be completed, so that WeCom retries; the retry applies it', async () => {
    await world.mock.setCallback({ url: `${world.url}/v1/wecom/callback`, token: world.callback.token, encodingAESKey: world.callback.encodingAESKey, reduced: true, retryDelaysMs: [300, 300, 300] });
    // A minute block: longer than this server's retry budget, so the event fails for now.
    world.mock.injectFault({ path: '/cgi-bin/user/get', errcode: 45009, times: 1 });
    await world.mock.createUser({ userid: 'retried.user', name: '重试', department: [1] });
    await world.mock.waitForDeliveries();
    const delivery = world.mock.deliveries().at(-1)!;
    assert.equal(delivery.delivered, true);
    assert.ok(delivery.attempts >= 2, `attempts: ${delivery.attempts}`);
    assert.equal((await member('retried.user'))!.name, '重试');
  });
});
