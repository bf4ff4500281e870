import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { startWecomMock, type WecomMock } from '../mock.js';
import { smallOrganisation } from '../testing/fixtures.js';
import { api, postJson, token, visit } from '../testing/http.js';
import { withCode } from './sign-in.js';

const CALLBACK = 'https://docs.example.test:8443/auth/wecom?next=%2Fguide';

describe('OAuth sign-in inside WeCom (/connect/oauth2/authorize)', () => {
  let clock = 1_700_000_000_000;
  let mock: WecomMock;
  let app: string;
  before(async () => {
    mock = await startWecomMock({ organisation: smallOrganisation(), trustedDomains: ['docs.example.test:8443'], now: () => clock });
    app = await token(mock);
  });
  after(() => mock.close());
  afterEach(() => {
    mock.setVisibleRange(null);
    mock.setTrustedDomains(['docs.example.test:8443']);
  });

  const authorize = (params: Record<string, string>, headers: Record<string, string> = {}) => {
    const query = new URLSearchParams({ appid: mock.corp.corpId, redirect_uri: CALLBACK, response_type: 'code', scope: 'snsapi_base', state: 'abc123', ...params });
    return visit(`${mock.url}/connect/oauth2/authorize?${query}`, headers);
  };
  const codeOf = (response: Response) => {
    assert.equal(response.status, 302);
    const location = new URL(response.headers.get('location')!);
    return { location, code: location.searchParams.get('code')!, state: location.searchParams.get('state') };
  };

  it('shows an error page for a redirect_uri outside the trusted domains (50001), a wrong appid or a bad state', async () => {
    const untrusted = await authorize({ redirect_uri: 'https://evil.example.test/cb' });
    assert.equal(untrusted.status, 200);
    assert.match(untrusted.headers.get('content-type')!, /text\/html/);
    const page = await untrusted.text();
    assert.match(page, /redirect_uri 参数错误/);
    assert.match(page, /50001/);
    const otherPort = await (await authorize({ redirect_uri: 'https://docs.example.test/cb' })).text();
    assert.match(otherPort, /50001/, 'the port is part of the trusted domain');
    assert.match(await (await authorize({ appid: 'wwsomeoneelse' })).text(), /40013/);
    assert.match(await (await authorize({ state: 'not valid!' })).text(), /84025/);
    assert.match(await (await authorize({ scope: 'snsapi_userinfo' })).text(), /scope 参数错误/);
  });

  it('mock_user redirects at once with code and state; the code is single-use', async () => {
    const { location, code, state } = codeOf(await authorize({ mock_user: 'lisi' }));
    assert.equal(`${location.origin}${location.pathname}`, 'https://docs.example.test:8443/auth/wecom');
    assert.equal(location.searchParams.get('next'), '/guide', 'the redirect_uri keeps its own query');
    assert.equal(state, 'abc123');
    const answer = await api(mock, app, '/cgi-bin/auth/getuserinfo', { code });
    assert.deepEqual(answer, { errcode: 0, errmsg: 'ok', userid: 'lisi' });
    const again = await api(mock, app, '/cgi-bin/auth/getuserinfo', { code });
    assert.equal(again.errcode, 40029);
    assert.match(again.errmsg, /^invalid code, hint: /);
    assert.equal((await api(mock, app, '/cgi-bin/auth/getuserinfo', { code: 'made-up' })).errcode, 40029);
    assert.equal((await api(mock, app, '/cgi-bin/auth/getuserinfo')).errcode, 41008);
  });

  it('codes expire after codeTtlSeconds (40029)', async () => {
    const { code } = codeOf(await authorize({ mock_user: 'lisi' }));
    clock += 300_000;
    assert.equal((await api(mock, app, '/cgi-bin/auth/getuserinfo', { code })).errcode, 40029);
  });

  it('a code sent to a domain that is no longer trusted gets 50001', async () => {
    const { code } = codeOf(await authorize({ mock_user: 'lisi' }));
    mock.setTrustedDomains(['other.example.test']);
    const answer = await api(mock, app, '/cgi-bin/auth/getuserinfo', { code });
    assert.equal(answer.errcode, 50001);
  });

  it('lists the active members of the visible range; a pick sets the cookie and the next snsapi_base visit is silent', async () => {
    const page = await (await authorize({})).text();
    for (const name of ['张三', '李四', '王五', 'Emily Chen']) assert.ok(page.includes(name), name);
    assert.equal(page.includes('周八'), false, 'disabled members cannot sign in');
    assert.equal(page.includes('吴九'), false, 'departed members cannot sign in');
    const link = /href="([^"]*mock_user=wangwu[^"]*)"/.exec(page)![1]!.replaceAll('&#38;', '&');
    const picked = await visit(`${mock.url}${link}`);
    const cookie = picked.headers.get('set-cookie')!;
    assert.match(cookie, /^wecom_mock_user=wangwu;/);
    const first = codeOf(picked);
    assert.equal((await api(mock, app, '/cgi-bin/auth/getuserinfo', { code: first.code })).userid, 'wangwu');
    const silent = codeOf(await authorize({}, { cookie: cookie.split(';')[0]! }));
    assert.equal((await api(mock, app, '/cgi-bin/auth/getuserinfo', { code: silent.code })).userid, 'wangwu');
    const consent = await authorize({ scope: 'snsapi_privateinfo', agentid: mock.corp.agentId }, { cookie: cookie.split(';')[0]! });
    assert.equal(consent.status, 200, 'snsapi_privateinfo asks for consent even with the cookie');
    assert.match(await consent.text(), /敏感信息/);

    const narrowed = await (await authorize({ q: 'emily' })).text();
    assert.ok(narrowed.includes('Emily Chen'));
    assert.equal(narrowed.includes('李四'), false);
    mock.setVisibleRange({ departments: [4] });
    const ranged = await (await authorize({})).text();
    assert.ok(ranged.includes('孙七'));
    assert.equal(ranged.includes('李四'), false);
  });

  it('snsapi_privateinfo needs agentid and a member in the visible range, and yields a user_ticket for getuserdetail', async () => {
    assert.match(await (await authorize({ scope: 'snsapi_privateinfo', mock_user: 'lisi' })).text(), /41011/);
    mock.setVisibleRange({ departments: [2] });
    assert.match(await (await authorize({ scope: 'snsapi_privateinfo', agentid: mock.corp.agentId, mock_user: 'sunqi' })).text(), /50002/);
    const { code } = codeOf(await authorize({ scope: 'snsapi_privateinfo', agentid: mock.corp.agentId, mock_user: 'lisi' }));
    const info = await api(mock, app, '/cgi-bin/auth/getuserinfo', { code });
    assert.equal(info.userid, 'lisi');
    assert.equal(typeof info.user_ticket, 'string');
    const detailUrl = `${mock.url}/cgi-bin/auth/getuserdetail?access_token=${app}`;
    const detail = await postJson(detailUrl, { user_ticket: info.user_ticket });
    assert.deepEqual(detail, {
      errcode: 0,
      errmsg: 'ok',
      userid: 'lisi',
      gender: '1',
      avatar: 'https://wework.qpic.cn/wwpic/lisi/0',
      qr_code: '',
      mobile: '13800000002',
      email: 'lisi@lanting.example.com',
      biz_mail: '',
      address: '',
    });
    assert.equal((await postJson(detailUrl, { user_ticket: 'forged' })).errcode, 84015);
    clock += 1800_000;
    assert.equal((await postJson(detailUrl, { user_ticket: info.user_ticket })).errcode, 84014);
    // snsapi_base stays possible outside the visible range, and still names the member
    const base = codeOf(await authorize({ mock_user: 'sunqi' }));
    assert.deepEqual(await api(mock, app, '/cgi-bin/auth/getuserinfo', { code: base.code }), { errcode: 0, errmsg: 'ok', userid: 'sunqi' });
  });

  it('the older user/getuserinfo answers UserId and DeviceId; non-members get an openid', async () => {
    const { code } = codeOf(await authorize({ mock_user: 'zhaoliu' }));
    const old = await api(mock, app, '/cgi-bin/user/getuserinfo', { code });
    assert.equal(old.UserId, 'zhaoliu');
    assert.match(old.DeviceId, /^[0-9a-f]{32}$/);
    assert.equal('userid' in old, false);
    const guest = codeOf(await authorize({ mock_openid: 'oGuest123' }));
    assert.deepEqual(await api(mock, app, '/cgi-bin/auth/getuserinfo', { code: guest.code }), { errcode: 0, errmsg: 'ok', openid: 'oGuest123' });
  });

  it('refuses members who cannot sign in, and codes exchanged with the contacts secret (48002)', async () => {
    assert.match(await (await authorize({ mock_user: 'zhouba' })).text(), /禁用/);
    assert.match(await (await authorize({ mock_user: 'nobody' })).text(), /60111/);
    const { code } = codeOf(await authorize({ mock_user: 'lisi' }));
    assert.equal((await api(mock, await token(mock, 'contacts'), '/cgi-bin/auth/getuserinfo', { code })).errcode, 48002);
  });

  it('appends code and state before the fragment of redirect_uri', () => {
    assert.equal(withCode('https://a.test/cb', 'C', 's'), 'https://a.test/cb?code=C&state=s');
    assert.equal(withCode('https://a.test/cb?x=1#/home', 'C', ''), 'https://a.test/cb?x=1&code=C&state=#/home');
  });
});

describe('QR login outside WeCom (/wwlogin/sso/login)', () => {
  let mock: WecomMock;
  before(async () => {
    mock = await startWecomMock({ organisation: { seed: 2, members: 120, departments: 12 }, trustedDomains: ['docs.example.test:8443'] });
  });
  after(() => mock.close());

  const login = (params: Record<string, string>) => {
    const query = new URLSearchParams({ login_type: 'CorpApp', appid: mock.corp.corpId, agentid: mock.corp.agentId, redirect_uri: CALLBACK, state: 'qr42', ...params });
    return visit(`${mock.url}/wwlogin/sso/login?${query}`);
  };

  it('shows a scan page in the requested language, listing members 50 per page', async () => {
    const zh = await (await login({})).text();
    assert.match(zh, /企业微信扫码登录/);
    assert.match(zh, /<html lang="zh-CN">/);
    assert.equal((zh.match(/data-userid=/g) ?? []).length, 50);
    assert.match(zh, /rel="next"/);
    const en = await (await login({ lang: 'en', page: '3' })).text();
    assert.match(en, /Sign in with WeCom/);
    const active = mock.organisation.users.filter((u) => u.status === 1).length;
    assert.equal((en.match(/data-userid=/g) ?? []).length, active - 100);
  });

  it('lists featured members first, in their order (the accounts a demo prints)', async () => {
    const active = mock.organisation.users.filter((u) => u.status === 1);
    const featured = [active[70]!.userid, active[3]!.userid];
    const other = await startWecomMock({ organisation: { seed: 2, members: 120, departments: 12 }, trustedDomains: ['docs.example.test:8443'], featuredUsers: featured });
    try {
      const query = new URLSearchParams({ login_type: 'CorpApp', appid: other.corp.corpId, agentid: other.corp.agentId, redirect_uri: CALLBACK, state: 'qr42' });
      const html = await (await visit(`${other.url}/wwlogin/sso/login?${query}`)).text();
      const listed = [...html.matchAll(/data-userid="([^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(listed.slice(0, 3), [...featured, active[0]!.userid]);
    } finally {
      await other.close();
    }
  });

  it('redirects a member in the visible range with code and state, and refuses one outside it', async () => {
    const [inside, outside] = mock.organisation.users.filter((u) => u.status === 1);
    const response = await login({ mock_user: inside!.userid });
    assert.equal(response.status, 302);
    const location = new URL(response.headers.get('location')!);
    assert.equal(location.searchParams.get('state'), 'qr42');
    const info = await api(mock, await token(mock), '/cgi-bin/auth/getuserinfo', { code: location.searchParams.get('code')! });
    assert.equal(info.userid, inside!.userid);

    mock.setVisibleRange({ users: [inside!.userid] });
    assert.equal((await login({ mock_user: inside!.userid })).status, 302);
    const refused = await login({ mock_user: outside!.userid });
    assert.equal(refused.status, 200);
    assert.match(await refused.text(), /可见范围/);
    assert.match(await (await login({ redirect_uri: 'https://elsewhere.test/cb' })).text(), /redirect_uri 参数错误/);
    assert.match(await (await login({ login_type: 'ServiceApp' })).text(), /login_type/);
    assert.match(await (await login({ agentid: '999' })).text(), /40056/);
  });
});
