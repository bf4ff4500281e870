import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startWecomMock, type WecomMock, type WecomMockOptions } from '../mock.js';
import { smallOrganisation } from '../testing/fixtures.js';
import { api, getJson, token } from '../testing/http.js';

async function withMock(options: WecomMockOptions, run: (mock: WecomMock) => Promise<void>): Promise<void> {
  const mock = await startWecomMock({ organisation: smallOrganisation(), ...options });
  try {
    await run(mock);
  } finally {
    await mock.close();
  }
}

const gettoken = (mock: WecomMock) => getJson(`${mock.url}/cgi-bin/gettoken?corpid=${mock.corp.corpId}&corpsecret=${mock.corp.secret}`);

describe('trusted IPs', () => {
  it('answers 60020 to API calls from other addresses', () =>
    withMock({ trustedIps: ['10.0.0.1'] }, async (mock) => {
      const refused = await gettoken(mock);
      assert.equal(refused.errcode, 60020);
      assert.match(refused.errmsg, /^not allow to access from your ip, hint: \[.*\], from ip: 127\.0\.0\.1,/);
      mock.setTrustedIps(['10.0.0.1', '127.0.0.1']);
      const t = await token(mock);
      mock.setTrustedIps(['10.0.0.1']);
      assert.equal((await api(mock, t, '/cgi-bin/tag/list')).errcode, 60020);
      mock.setTrustedIps(null);
      assert.equal((await api(mock, t, '/cgi-bin/tag/list')).errcode, 0);
    }));
});

describe('frequency limits', () => {
  let clock = 0;
  const now = () => clock;

  it('blocks an API for 60 s after its per-minute limit (45009), gettoken included', () =>
    withMock({ now, limits: { perApiPerMinute: 3 } }, async (mock) => {
      for (let i = 0; i < 3; i++) assert.equal((await gettoken(mock)).errcode, 0);
      const blocked = await gettoken(mock);
      assert.equal(blocked.errcode, 45009);
      assert.match(blocked.errmsg, /^api freq out of limit, hint: /);
      clock += 60_000;
      const t = await token(mock);
      assert.equal((await api(mock, t, '/cgi-bin/tag/list')).errcode, 0, 'another API is not affected');
      for (let i = 0; i < 2; i++) await gettoken(mock);
      assert.equal((await gettoken(mock)).errcode, 45009);
      clock += 59_999;
      assert.equal((await gettoken(mock)).errcode, 45009, 'the block lasts 60 s');
      clock += 1;
      assert.equal((await gettoken(mock)).errcode, 0);
    }));

  it('blocks an API for an hour after its per-hour limit', () =>
    withMock({ now, limits: { perApiPerHour: 5 } }, async (mock) => {
      clock = 10_000_000;
      for (let i = 0; i < 5; i++) {
        assert.equal((await gettoken(mock)).errcode, 0);
        clock += 61_000;
      }
      assert.equal((await gettoken(mock)).errcode, 45009);
      clock += 59 * 60_000;
      assert.equal((await gettoken(mock)).errcode, 45009, 'still blocked after 59 minutes');
      clock += 60_000;
      assert.equal((await gettoken(mock)).errcode, 0);
    }));

  it('limits calls per IP across APIs', () =>
    withMock({ now, limits: { perIpPerMinute: 4 } }, async (mock) => {
      clock = 50_000_000;
      const t = await token(mock);
      await api(mock, t, '/cgi-bin/tag/list');
      await api(mock, t, '/cgi-bin/department/list');
      assert.equal((await api(mock, t, '/cgi-bin/user/get', { userid: 'lisi' })).errcode, 0);
      assert.equal((await api(mock, t, '/cgi-bin/tag/get', { tagid: 1 })).errcode, 45009);
      clock += 60_000;
      assert.equal((await api(mock, t, '/cgi-bin/tag/get', { tagid: 1 })).errcode, 0);
    }));

  it('answers 45033 beyond maxConcurrentPerApi calls in flight on one API', () =>
    withMock({ limits: { maxConcurrentPerApi: 2 } }, async (mock) => {
      const t = await token(mock);
      mock.injectFault({ path: '/cgi-bin/tag/list', delayMs: 300, times: 2 });
      const slow = [api(mock, t, '/cgi-bin/tag/list'), api(mock, t, '/cgi-bin/tag/list')];
      await new Promise((resolve) => setTimeout(resolve, 100));
      const third = await api(mock, t, '/cgi-bin/tag/list');
      assert.equal(third.errcode, 45033);
      assert.match(third.errmsg, /^api concurrent out of limit/);
      assert.equal((await api(mock, t, '/cgi-bin/tag/get', { tagid: 1 })).errcode, 0, 'other APIs have their own slots');
      assert.deepEqual((await Promise.all(slow)).map((a) => a.errcode), [0, 0]);
      assert.equal((await api(mock, t, '/cgi-bin/tag/list')).errcode, 0, 'slots are given back');
    }));
});

describe('injected faults', () => {
  let mock: WecomMock;
  let t: string;
  before(async () => {
    mock = await startWecomMock({ organisation: smallOrganisation() });
    t = await token(mock);
  });
  after(() => mock.close());

  it('answers a WeCom error for the next call only by default', async () => {
    mock.injectFault({ path: '/cgi-bin/user/get', errcode: -1 });
    const failed = await api(mock, t, '/cgi-bin/user/get', { userid: 'lisi' });
    assert.equal(failed.errcode, -1);
    assert.match(failed.errmsg, /^system busy, hint: .*e=-1$/);
    assert.equal((await api(mock, t, '/cgi-bin/user/get', { userid: 'lisi' })).errcode, 0);
  });

  it('answers an HTTP status with an HTML body, `times` times', async () => {
    mock.injectFault({ path: '/cgi-bin/user/list', status: 502, times: 2 });
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${mock.url}/cgi-bin/user/list?access_token=${t}&department_id=1`);
      assert.equal(response.status, 502);
      assert.match(response.headers.get('content-type')!, /text\/html/);
      assert.match(await response.text(), /502 Bad Gateway/);
    }
    assert.equal((await api(mock, t, '/cgi-bin/user/list', { department_id: 1 })).errcode, 0);
  });

  it('delays, lasts until cleared with Infinity, and applies to the sign-in pages too', async () => {
    mock.injectFault({ path: '/cgi-bin/tag/list', delayMs: 150 });
    const started = performance.now();
    assert.equal((await api(mock, t, '/cgi-bin/tag/list')).errcode, 0);
    assert.ok(performance.now() - started >= 140);

    mock.injectFault({ path: '/cgi-bin/gettoken', errcode: 45009, times: Infinity });
    for (let i = 0; i < 5; i++) assert.equal((await gettoken(mock)).errcode, 45009);
    mock.clearFaults();
    assert.equal((await gettoken(mock)).errcode, 0);

    mock.injectFault({ path: '/connect/oauth2/authorize', status: 500 });
    const page = await fetch(`${mock.url}/connect/oauth2/authorize?appid=${mock.corp.corpId}`);
    assert.equal(page.status, 500);
    assert.throws(() => mock.injectFault({ path: 'no-slash' }), /path/);
    assert.throws(() => mock.injectFault({ path: '/x', times: 0 }), /times/);
  });
});
