import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startWecomMock, type WecomMock } from '../mock.js';
import { smallOrganisation } from '../testing/fixtures.js';
import { api, token, type Json } from '../testing/http.js';
import { startReceiver, type Receiver } from '../testing/receiver.js';

describe('admin HTTP API (/__mock)', () => {
  let mock: WecomMock;
  let receiver: Receiver;
  before(async () => {
    mock = await startWecomMock({ organisation: smallOrganisation() });
    receiver = await startReceiver({ token: 'tok', encodingAESKey: 'a'.repeat(43), corpId: mock.corp.corpId });
  });
  after(async () => {
    await mock.close();
    await receiver.close();
  });

  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${mock.url}/__mock${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json() };
  };

  it('reports the corp and the directory size', async () => {
    const { status, body } = await call('GET', '/state');
    assert.equal(status, 200);
    assert.deepEqual(body.corp, mock.corp);
    assert.deepEqual(body.counts, { departments: 5, users: 8, activeUsers: 6, tags: 2 });
    assert.equal(body.callback, null);
    assert.equal(body.url, mock.url);
  });

  it('changes users, departments and tags, with 400/404/409 for bad input', async () => {
    assert.equal((await call('POST', '/users', { userid: 'cli.user', name: '命令行', department: [2], gender: '2' })).status, 201);
    const t = await token(mock, 'contacts');
    assert.equal((await api(mock, t, '/cgi-bin/user/get', { userid: 'cli.user' })).name, '命令行');
    const missing = await call('POST', '/users', { userid: 'x' });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error, 'bad_request');
    assert.match(missing.body.message, /name/);
    assert.equal((await call('POST', '/users', { userid: 'cli.user', name: 'again', department: [1] })).status, 409);
    assert.equal((await call('POST', '/users', { userid: 'y', name: 'y', department: [99] })).status, 404);
    assert.equal((await call('PATCH', '/users/cli.user', { position: '顾问' })).status, 200);
    assert.equal((await api(mock, t, '/cgi-bin/user/get', { userid: 'cli.user' })).position, '顾问');
    assert.equal((await call('PATCH', '/users/nobody', { position: 'x' })).status, 404);
    assert.equal((await call('DELETE', '/users/cli.user')).status, 200);
    assert.equal((await api(mock, t, '/cgi-bin/user/get', { userid: 'cli.user' })).errcode, 60111);

    const created = await call('POST', '/departments', { name: '运营部', parentid: 1, order: 10 });
    assert.equal(created.status, 201);
    const id = created.body.id as number;
    assert.equal(id, 6);
    assert.equal((await call('POST', '/departments', { name: '运营部', parentid: 1 })).status, 409, 'sibling names are unique');
    assert.equal((await call('PATCH', `/departments/${id}`, { name: '增长部' })).status, 200);
    assert.equal((await api(mock, t, '/cgi-bin/department/get', { id })).department.name, '增长部');
    assert.equal((await call('DELETE', '/departments/2')).status, 400, 'a department with sub-departments cannot go');
    assert.equal((await call('DELETE', `/departments/${id}`)).status, 200);

    const tag = await call('POST', '/tags', { tagname: '值班' });
    assert.equal(tag.status, 201);
    assert.equal((await call('PATCH', `/tags/${tag.body.tagid}`, { addUsers: ['lisi'] })).status, 200);
    assert.deepEqual((await api(mock, t, '/cgi-bin/tag/get', { tagid: tag.body.tagid })).userlist, [{ userid: 'lisi', name: '李四' }]);
  });

  it('revokes tokens, injects and clears faults, counts calls', async () => {
    const t = await token(mock);
    assert.equal((await call('POST', '/tokens/revoke', { which: 'app' })).status, 200);
    assert.equal((await api(mock, t, '/cgi-bin/tag/list')).errcode, 40014);
    const fresh = await token(mock);
    assert.equal((await call('POST', '/faults', { path: '/cgi-bin/tag/list', errcode: 45009, times: null })).status, 201);
    assert.equal((await api(mock, fresh, '/cgi-bin/tag/list')).errcode, 45009);
    assert.equal((await api(mock, fresh, '/cgi-bin/tag/list')).errcode, 45009);
    assert.equal((await call('DELETE', '/faults')).status, 200);
    assert.equal((await api(mock, fresh, '/cgi-bin/tag/list')).errcode, 0);
    assert.equal((await call('POST', '/faults', { errcode: 1 })).status, 400);
    assert.equal((await call('DELETE', '/calls')).status, 200);
    await api(mock, fresh, '/cgi-bin/tag/list');
    assert.deepEqual((await call('GET', '/calls')).body, { '/cgi-bin/tag/list': 1 });
  });

  it('sets the callback after the URL check; admin changes send events', async () => {
    const put = await call('PUT', '/callback', { url: receiver.url, token: 'tok', encodingAESKey: 'a'.repeat(43), retryDelaysMs: [10] });
    assert.deepEqual(put, { status: 200, body: { verified: true } });
    assert.equal((await call('GET', '/state')).body.callback.url, receiver.url);
    await call('POST', '/users', { userid: 'via.admin', name: '后台', department: [1] });
    await mock.waitForDeliveries();
    assert.equal(receiver.events.at(-1)!.fields.UserID, 'via.admin');
    assert.deepEqual((await call('GET', '/deliveries')).body.at(-1), { changeType: 'create_user', attempts: 1, delivered: true, lastStatus: 200 });
    const failing = await call('PUT', '/callback', { url: 'http://127.0.0.1:9/x', token: 'tok', encodingAESKey: 'a'.repeat(43) });
    assert.equal(failing.body.verified, false);
    assert.equal((await call('PUT', '/callback', null)).body.verified, false);
    assert.equal((await call('GET', '/state')).body.callback, null);
    assert.deepEqual(receiver.problems, []);
  });

  it('sets the visible range, trusted domains and IPs, and field restrictions', async () => {
    const t = await token(mock);
    assert.equal((await call('PUT', '/visible-range', { departments: [4] })).status, 200);
    assert.equal((await api(mock, t, '/cgi-bin/user/get', { userid: 'lisi' })).errcode, 60011);
    assert.equal((await call('PUT', '/visible-range', null)).status, 200);
    assert.equal((await api(mock, t, '/cgi-bin/user/get', { userid: 'lisi' })).errcode, 0);
    assert.equal((await call('PUT', '/field-restrictions', { on: true })).status, 200);
    assert.equal('mobile' in (await api(mock, t, '/cgi-bin/user/get', { userid: 'lisi' })), false);
    await call('PUT', '/field-restrictions', { on: false });
    await call('PUT', '/trusted-ips', { ips: ['10.9.9.9'] });
    assert.equal((await api(mock, t, '/cgi-bin/tag/list')).errcode, 60020);
    await call('PUT', '/trusted-ips', { ips: null });
    assert.equal((await call('PUT', '/trusted-domains', { domains: ['https://docs.example.test:8443'] })).status, 200);
    assert.deepEqual((await call('GET', '/state')).body.trustedDomains, ['docs.example.test:8443']);
  });
});
