import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { startWecomMock, type CallbackOptions, type WecomMock } from './mock.js';
import { smallOrganisation } from './testing/fixtures.js';
import { startReceiver, type Receiver } from './testing/receiver.js';

const TOKEN = 'kjr2TKI8umCBfVF3wAHk8JiPwma5VBme';
const AES_KEY = '4Ma3YBrSBbX2aez8MJpXGBne5LSDwgGqHbhM9WPYIws';
const HEADER = ['ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'Event', 'ChangeType'];

describe('change callbacks (通讯录变更)', () => {
  let mock: WecomMock;
  let receiver: Receiver;
  let callback: CallbackOptions;
  before(async () => {
    mock = await startWecomMock({ organisation: smallOrganisation(), corpId: 'wwlanting0001' });
    receiver = await startReceiver({ token: TOKEN, encodingAESKey: AES_KEY, corpId: mock.corp.corpId });
    callback = { url: receiver.url, token: TOKEN, encodingAESKey: AES_KEY, retryDelaysMs: [20, 20, 20] };
  });
  after(async () => {
    await mock.close();
    await receiver.close();
  });
  afterEach(() => {
    assert.deepEqual(receiver.problems, [], 'the receiver found every signature and receiveid right');
    receiver.events.length = 0;
    receiver.statuses.length = 0;
  });

  const lastEvent = () => receiver.events.at(-1)!;
  const fieldsOf = (event = lastEvent()) => Object.keys(event.fields).filter((k) => !HEADER.includes(k));

  it('verifies the URL the way WeCom does before using it', async () => {
    assert.deepEqual(await mock.setCallback(callback), { verified: true });
    assert.equal(receiver.checks, 1);

    receiver.answerCheck = (plain) => `"${plain}"`;
    const quoted = await mock.setCallback({ ...callback, reduced: true });
    assert.equal(quoted.verified, false);
    assert.match(quoted.reason!, /not the decrypted echostr/);
    receiver.answerCheck = (plain) => `${plain}\n`;
    assert.equal((await mock.setCallback({ ...callback, reduced: true })).verified, false, 'a trailing newline fails too');
    receiver.answerCheck = (plain) => plain;
    const unreachable = await mock.setCallback({ ...callback, url: 'http://127.0.0.1:9/nothing' });
    assert.equal(unreachable.verified, false);
    assert.match(unreachable.reason!, /failed/);
    assert.equal((await mock.setCallback({ ...callback, encodingAESKey: 'short' })).verified, false);

    // the verified (full payload) callback is still the one in use
    await mock.createUser({ userid: 'probe', name: '探针', department: [1] });
    await mock.waitForDeliveries();
    assert.equal(lastEvent().fields.Name, '探针');
    await mock.deleteUser('probe');
    await mock.waitForDeliveries();
  });

  it('create_user carries every field, strings in CDATA and numbers bare, in an envelope with ToUserName and AgentID', async () => {
    await mock.createUser({
      userid: 'newbie',
      name: '新人',
      department: [3, 5],
      is_leader_in_dept: [0, 1],
      position: '工程师',
      mobile: '13900000000',
      gender: '2',
      email: 'newbie@lanting.example.com',
      biz_mail: 'newbie@mail.lanting.example.com',
      avatar: 'https://wework.qpic.cn/wwpic/newbie/0',
      alias: 'Newbie',
      telephone: '021-66666666',
      address: '上海市',
    });
    await mock.waitForDeliveries();
    const event = lastEvent();
    assert.equal(event.contentType, 'text/xml');
    assert.match(event.envelope, /^<xml><ToUserName><!\[CDATA\[wwlanting0001\]\]><\/ToUserName><AgentID><!\[CDATA\[1000002\]\]><\/AgentID><Encrypt><!\[CDATA\[[A-Za-z0-9+/=]+\]\]><\/Encrypt><\/xml>$/);
    assert.deepEqual(Object.keys(event.fields).slice(0, 6), HEADER);
    assert.equal(event.fields.ToUserName, 'wwlanting0001');
    assert.equal(event.fields.FromUserName, 'sys');
    assert.match(event.fields.CreateTime!, /^\d{10}$/);
    assert.ok(Math.abs(Number(event.fields.CreateTime) - Date.now() / 1000) < 5);
    assert.equal(event.fields.MsgType, 'event');
    assert.equal(event.fields.Event, 'change_contact');
    assert.equal(event.fields.ChangeType, 'create_user');
    assert.deepEqual(event.fields, {
      ...Object.fromEntries(HEADER.map((k) => [k, event.fields[k]!])),
      UserID: 'newbie',
      Name: '新人',
      Department: '3,5',
      MainDepartment: '3',
      IsLeaderInDept: '0,1',
      DirectLeader: '',
      Position: '工程师',
      Mobile: '13900000000',
      Gender: '2',
      Email: 'newbie@lanting.example.com',
      BizMail: 'newbie@mail.lanting.example.com',
      Status: '1',
      Avatar: 'https://wework.qpic.cn/wwpic/newbie/0',
      Alias: 'Newbie',
      Telephone: '021-66666666',
      Address: '上海市',
    });
    for (const bare of ['CreateTime', 'MainDepartment', 'Gender', 'Status']) assert.equal(event.cdata.has(bare), false, `${bare} is bare`);
    for (const text of ['ToUserName', 'ChangeType', 'UserID', 'Name', 'Department', 'Mobile', 'Address']) assert.ok(event.cdata.has(text), `${text} is CDATA`);
    assert.deepEqual(mock.deliveries().at(-1), { changeType: 'create_user', attempts: 1, delivered: true, lastStatus: 200 });
    assert.equal(mock.organisation.departments.find((d) => d.id === 5)!.department_leader.includes('newbie'), true);
  });

  it('update_user carries UserID, NewUserID when renamed, and only the changed fields', async () => {
    await mock.updateUser('newbie', { position: '高级工程师', new_userid: 'newbie2' });
    await mock.waitForDeliveries();
    assert.equal(lastEvent().fields.ChangeType, 'update_user');
    assert.deepEqual(fieldsOf(), ['UserID', 'NewUserID', 'Position']);
    assert.equal(lastEvent().fields.UserID, 'newbie');
    assert.equal(lastEvent().fields.NewUserID, 'newbie2');
    assert.equal(lastEvent().fields.Position, '高级工程师');

    await mock.updateUser('newbie2', { department: [4], status: 2 });
    await mock.waitForDeliveries();
    assert.deepEqual(fieldsOf(), ['UserID', 'Department', 'MainDepartment', 'IsLeaderInDept', 'Status']);
    assert.equal(lastEvent().fields.Department, '4');
    assert.equal(lastEvent().fields.MainDepartment, '4');
    assert.equal(lastEvent().fields.Status, '2');

    const before = receiver.events.length;
    await mock.updateUser('newbie2', { position: '高级工程师' });
    await mock.waitForDeliveries();
    assert.equal(receiver.events.length, before, 'no change, no event');
  });

  it('delete_user carries UserID', async () => {
    await mock.deleteUser('newbie2');
    await mock.waitForDeliveries();
    assert.equal(lastEvent().fields.ChangeType, 'delete_user');
    assert.deepEqual(fieldsOf(), ['UserID']);
    assert.equal(lastEvent().fields.UserID, 'newbie2');
  });

  it('create_party, update_party and delete_party', async () => {
    const id = await mock.createDepartment({ name: '移动组', parentid: 2, order: 5 });
    await mock.waitForDeliveries();
    assert.equal(lastEvent().fields.ChangeType, 'create_party');
    assert.deepEqual(
      Object.fromEntries(fieldsOf().map((k) => [k, lastEvent().fields[k]])),
      { Id: String(id), Name: '移动组', ParentId: '2', Order: '5' },
    );
    assert.deepEqual([...lastEvent().cdata].filter((k) => !HEADER.includes(k)), ['Name']);

    await mock.updateDepartment(id, { name: '移动端组' });
    await mock.waitForDeliveries();
    assert.equal(lastEvent().fields.ChangeType, 'update_party');
    assert.deepEqual(fieldsOf(), ['Id', 'Name']);
    await mock.updateDepartment(id, { parentid: 4 });
    await mock.waitForDeliveries();
    assert.deepEqual(fieldsOf(), ['Id', 'ParentId']);
    assert.equal(lastEvent().fields.ParentId, '4');

    await mock.deleteDepartment(id);
    await mock.waitForDeliveries();
    assert.equal(lastEvent().fields.ChangeType, 'delete_party');
    assert.deepEqual(fieldsOf(), ['Id']);
    await assert.rejects(mock.deleteDepartment(2), /sub-departments/);
  });

  it('update_tag lists the added and removed members, only the non-empty lists', async () => {
    const count = receiver.events.length;
    const tagid = await mock.createTag({ tagname: '新标签' });
    await mock.waitForDeliveries();
    assert.equal(receiver.events.length, count, 'WeCom has no create_tag event');
    await mock.updateTag(tagid, { addUsers: ['lisi', 'sunqi'], addParties: [3] });
    await mock.waitForDeliveries();
    assert.equal(lastEvent().fields.ChangeType, 'update_tag');
    assert.deepEqual(
      Object.fromEntries(fieldsOf().map((k) => [k, lastEvent().fields[k]])),
      { TagId: String(tagid), AddUserItems: 'lisi,sunqi', AddPartyItems: '3' },
    );
    await mock.updateTag(tagid, { delUsers: ['lisi'], delParties: [3] });
    await mock.waitForDeliveries();
    assert.deepEqual(fieldsOf(), ['TagId', 'DelUserItems', 'DelPartyItems']);
  });

  it('delivers in the order of the changes', async () => {
    for (let i = 0; i < 10; i++) await mock.createUser({ userid: `batch${i}`, name: `批量${i}`, department: [1] });
    await mock.waitForDeliveries();
    assert.deepEqual(receiver.events.map((e) => e.fields.UserID), Array.from({ length: 10 }, (_, i) => `batch${i}`));
  });

  it('sends reduced payloads (ids only) when the callback asks for them', async () => {
    assert.equal((await mock.setCallback({ ...callback, reduced: true })).verified, true);
    await mock.createUser({ userid: 'slim', name: '精简', department: [2], mobile: '13911111111' });
    await mock.updateUser('slim', { name: '精简版', new_userid: 'slim2' });
    await mock.deleteUser('slim2');
    const id = await mock.createDepartment({ name: '精简组', parentid: 1 });
    await mock.updateDepartment(id, { name: '精简部' });
    await mock.deleteDepartment(id);
    await mock.updateTag(1, { addUsers: ['sunqi'] });
    await mock.waitForDeliveries();
    assert.deepEqual(
      receiver.events.map((e) => [e.fields.ChangeType, ...fieldsOf(e)]),
      [
        ['create_user', 'UserID'],
        ['update_user', 'UserID', 'NewUserID'],
        ['delete_user', 'UserID'],
        ['create_party', 'Id'],
        ['update_party', 'Id'],
        ['delete_party', 'Id'],
        ['update_tag', 'TagId'],
      ],
    );
    assert.equal(receiver.events[1]!.fields.NewUserID, 'slim2');
    await mock.setCallback(callback);
  });

  it('retries when the receiver does not answer 200, counting attempts', async () => {
    receiver.statuses.push(500, 500);
    const posts = receiver.posts;
    await mock.createUser({ userid: 'retry', name: '重试', department: [1] });
    await mock.waitForDeliveries();
    assert.equal(receiver.posts - posts, 3);
    assert.deepEqual(mock.deliveries().at(-1), { changeType: 'create_user', attempts: 3, delivered: true, lastStatus: 200 });
    assert.equal(receiver.events.length, 1);

    receiver.statuses.push(503, 503, 503, 503);
    await mock.deleteUser('retry');
    await mock.waitForDeliveries();
    assert.deepEqual(mock.deliveries().at(-1), { changeType: 'delete_user', attempts: 4, delivered: false, lastStatus: 503 }, 'three retries, then WeCom gives up');
  });

  it('gives up on an answer that takes longer than timeoutMs and retries', async () => {
    const silent = http.createServer(() => {
      /* never answers */
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const other = await startWecomMock({
      organisation: smallOrganisation(),
      callback: { ...callback, url: `http://127.0.0.1:${port}/cb`, timeoutMs: 100, retryDelaysMs: [10] },
    });
    try {
      const started = performance.now();
      await other.createUser({ userid: 'slowpoke', name: '慢', department: [1] });
      await other.waitForDeliveries();
      assert.deepEqual(other.deliveries(), [{ changeType: 'create_user', attempts: 2, delivered: false, lastStatus: null }]);
      assert.ok(performance.now() - started < 1000);
    } finally {
      await other.close();
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('counts unreachable receivers as failures (lastStatus null) and sends nothing without a callback', async () => {
    const other = await startWecomMock({ organisation: smallOrganisation(), callback: { ...callback, url: 'http://127.0.0.1:9/down', retryDelaysMs: [5] } });
    try {
      await other.createUser({ userid: 'lost', name: '丢失', department: [1] });
      await other.waitForDeliveries();
      assert.deepEqual(other.deliveries(), [{ changeType: 'create_user', attempts: 2, delivered: false, lastStatus: null }]);
      await other.setCallback(null);
      await other.deleteUser('lost');
      await other.waitForDeliveries();
      assert.equal(other.deliveries().length, 1);
    } finally {
      await other.close();
    }
  });
});
