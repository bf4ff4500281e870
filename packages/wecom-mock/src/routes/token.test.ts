import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startWecomMock, type WecomMock } from '../mock.js';
import { smallOrganisation } from '../testing/fixtures.js';
import { api, getJson, token } from '../testing/http.js';

describe('gettoken and access_token', () => {
  let clock = 1_700_000_000_000;
  let mock: WecomMock;
  before(async () => {
    mock = await startWecomMock({ organisation: smallOrganisation(), now: () => clock, tokenTtlSeconds: 7200 });
  });
  after(() => mock.close());

  const gettoken = (query: string) => getJson(`${mock.url}/cgi-bin/gettoken?${query}`);

  it('answers one token per secret, the same until it expires', async () => {
    const { corpId, secret, contactsSecret } = mock.corp;
    assert.equal(secret.length, 43);
    const first = await gettoken(`corpid=${corpId}&corpsecret=${secret}`);
    assert.deepEqual(Object.keys(first), ['errcode', 'errmsg', 'access_token', 'expires_in']);
    assert.equal(first.errcode, 0);
    assert.equal(first.errmsg, 'ok');
    assert.equal(first.expires_in, 7200);
    const second = await gettoken(`corpid=${corpId}&corpsecret=${secret}`);
    assert.equal(second.access_token, first.access_token);
    const contacts = await gettoken(`corpid=${corpId}&corpsecret=${contactsSecret}`);
    assert.notEqual(contacts.access_token, first.access_token);
    assert.equal((await api(mock, first.access_token, '/cgi-bin/user/get', { userid: 'lisi' })).errcode, 0);
  });

  it('answers 41004, 41002, 40013 and 40001 with WeCom-shaped messages', async () => {
    const { corpId, secret } = mock.corp;
    const missingBoth = await gettoken('');
    assert.equal(missingBoth.errcode, 41004, 'the secret is reported first');
    assert.match(missingBoth.errmsg, /^corpsecret missing, hint: \[\d+_\d+_[0-9a-f]{32}\], from ip: 127\.0\.0\.1, more info at https:\/\/open\.work\.weixin\.qq\.com\/devtool\/query\?e=41004$/);
    assert.equal((await gettoken(`corpid=${corpId}`)).errcode, 41004);
    assert.equal((await gettoken(`corpsecret=${secret}`)).errcode, 41002);
    const badCorp = await gettoken(`corpid=wwnotmine&corpsecret=${secret}`);
    assert.equal(badCorp.errcode, 40013);
    assert.match(badCorp.errmsg, /^invalid corpid, hint: /);
    assert.equal((await gettoken(`corpid=${corpId}&corpsecret=wrong`)).errcode, 40001);
    const a = await gettoken('');
    assert.notEqual(a.errmsg, missingBoth.errmsg, 'each answer has its own request id');
  });

  it('checks the token of every other API: 41001 missing, 40014 unknown, 42001 expired', async () => {
    const res = await getJson(`${mock.url}/cgi-bin/user/get?userid=lisi`);
    assert.equal(res.errcode, 41001);
    assert.deepEqual(res.department, [], 'error answers keep the empty lists, as WeCom does');
    assert.equal((await api(mock, 'not-a-token', '/cgi-bin/user/get', { userid: 'lisi' })).errcode, 40014);
    const t = await token(mock);
    clock += 7200 * 1000 - 1;
    assert.equal((await api(mock, t, '/cgi-bin/user/get', { userid: 'lisi' })).errcode, 0);
    clock += 1;
    assert.equal((await api(mock, t, '/cgi-bin/user/get', { userid: 'lisi' })).errcode, 42001);
    const fresh = await token(mock);
    assert.notEqual(fresh, t, 'an expired token is replaced');
    assert.equal((await api(mock, fresh, '/cgi-bin/user/get', { userid: 'lisi' })).errcode, 0);
  });

  it('revocation stops issued tokens at once (40014) and gettoken answers a new one', async () => {
    const app = await token(mock);
    const contacts = await token(mock, 'contacts');
    mock.revokeTokens('app');
    assert.equal((await api(mock, app, '/cgi-bin/tag/list')).errcode, 40014);
    assert.equal((await api(mock, contacts, '/cgi-bin/tag/list')).errcode, 0, 'the other secret keeps its token');
    const renewed = await token(mock);
    assert.notEqual(renewed, app);
    mock.revokeTokens();
    assert.equal((await api(mock, renewed, '/cgi-bin/tag/list')).errcode, 40014);
    assert.equal((await api(mock, contacts, '/cgi-bin/tag/list')).errcode, 40014);
  });

  it('answers unknown APIs with a bare 404 and counts calls by path', async () => {
    const response = await fetch(`${mock.url}/cgi-bin/this_api_does_not_exist?access_token=x`);
    assert.equal(response.status, 404);
    assert.equal(await response.text(), '');
    mock.resetCalls();
    await token(mock);
    await token(mock);
    await api(mock, 'x', '/cgi-bin/tag/list');
    assert.deepEqual(mock.calls(), { '/cgi-bin/gettoken': 2, '/cgi-bin/tag/list': 1 });
  });
});
