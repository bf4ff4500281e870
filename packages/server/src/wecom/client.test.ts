import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WecomClient, type WecomClientOptions } from './client.js';
import { WecomError } from './errors.js';
import { SlidingWindow } from './sliding-window.js';

/** A WeCom that answers from a script, on a virtual clock (sleeping advances it). */
function scripted(answer: (url: URL, calls: URL[]) => unknown, options: Partial<WecomClientOptions> = {}) {
  let now = 1_000_000;
  const calls: URL[] = [];
  const slept: number[] = [];
  const fetch = (async (input: URL | string) => {
    const url = new URL(String(input));
    calls.push(url);
    const body = answer(url, calls);
    if (body instanceof Error) throw body;
    if (typeof body === 'number') return new Response('busy', { status: body });
    return Response.json(body);
  }) as typeof globalThis.fetch;
  const client = new WecomClient({
    baseUrl: 'https://wecom.test/',
    corpId: 'wwcorp',
    secrets: { app: 'app-secret', contacts: 'contacts-secret' },
    fetch,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    random: () => 0.5,
    ...options,
  });
  return { client, calls, slept, advance: (ms: number) => (now += ms), paths: () => calls.map((u) => u.pathname) };
}

const token = (url: URL, value = 'T1') => (url.pathname === '/cgi-bin/gettoken' ? { errcode: 0, errmsg: 'ok', access_token: value, expires_in: 7200 } : null);

describe('WecomClient', () => {
  it('fetches one token per secret, shares it between concurrent calls, and sends it', async () => {
    const w = scripted((url) => token(url, url.searchParams.get('corpsecret') === 'app-secret' ? 'APP' : 'CONTACTS') ?? { errcode: 0, errmsg: 'ok', token: url.searchParams.get('access_token') });
    const answers = await Promise.all([
      w.client.get<{ token: string }>('app', '/cgi-bin/department/list'),
      w.client.get<{ token: string }>('app', '/cgi-bin/tag/list'),
      w.client.get<{ token: string }>('contacts', '/cgi-bin/department/list'),
    ]);
    assert.deepEqual(answers.map((a) => a.token), ['APP', 'APP', 'CONTACTS']);
    assert.equal(w.paths().filter((p) => p === '/cgi-bin/gettoken').length, 2);
    const gettoken = w.calls.find((u) => u.pathname === '/cgi-bin/gettoken')!;
    assert.equal(gettoken.searchParams.get('corpid'), 'wwcorp');
    // Cached until five minutes before it expires.
    w.advance(7200_000 - 301_000);
    await w.client.get('app', '/cgi-bin/tag/list');
    assert.equal(w.paths().filter((p) => p === '/cgi-bin/gettoken').length, 2);
    w.advance(2_000);
    await w.client.get('app', '/cgi-bin/tag/list');
    assert.equal(w.paths().filter((p) => p === '/cgi-bin/gettoken').length, 3);
  });

  for (const errcode of [40014, 42001]) {
    it(`renews a revoked token once on ${errcode} and retries the call once`, async () => {
      let issued = 0;
      const w = scripted((url) => {
        if (url.pathname === '/cgi-bin/gettoken') return { errcode: 0, errmsg: 'ok', access_token: `T${++issued}`, expires_in: 7200 };
        return url.searchParams.get('access_token') === 'T1' ? { errcode, errmsg: 'invalid access_token' } : { errcode: 0, errmsg: 'ok', department: [] };
      });
      await w.client.get('app', '/cgi-bin/department/list');
      assert.deepEqual(w.paths(), ['/cgi-bin/gettoken', '/cgi-bin/department/list', '/cgi-bin/gettoken', '/cgi-bin/department/list']);
    });
  }

  it('gives up after one renewal when the new token is refused too (no loop)', async () => {
    const w = scripted((url) => token(url) ?? { errcode: 40014, errmsg: 'invalid access_token' });
    await assert.rejects(w.client.get('app', '/cgi-bin/department/list'), (error: WecomError) => error.errcode === 40014);
    assert.equal(w.calls.length, 4);
  });

  it('fails at once on a wrong secret (40001) and tries again on the next call only', async () => {
    const w = scripted((url) => (url.pathname === '/cgi-bin/gettoken' ? { errcode: 40001, errmsg: 'invalid secret' } : { errcode: 0 }));
    await assert.rejects(w.client.get('app', '/cgi-bin/department/list'), (error: WecomError) => error.errcode === 40001 && /40001/.test(error.message));
    assert.deepEqual(w.paths(), ['/cgi-bin/gettoken']);
    assert.deepEqual(w.slept, []);
  });

  it('fails at once on errors retrying cannot fix (60011, 40029)', async () => {
    for (const errcode of [60011, 40029]) {
      const w = scripted((url) => token(url) ?? { errcode, errmsg: 'no' });
      await assert.rejects(w.client.get('app', '/cgi-bin/user/get', { userid: 'x' }), (error: WecomError) => error.errcode === errcode);
      assert.equal(w.calls.length, 2);
    }
  });

  it('says which secret is missing (41004) without calling WeCom', async () => {
    const w = scripted(() => ({ errcode: 0 }), { secrets: { app: 'app-secret' } });
    assert.equal(w.client.has('contacts'), false);
    await assert.rejects(w.client.get('contacts', '/cgi-bin/user/list_id'), (error: WecomError) => error.errcode === 41004 && /contacts-sync/.test(error.message));
    assert.equal(w.calls.length, 0);
  });

  it('backs off on 45009 (from 15 s, at most 60 s between tries) and succeeds when the block lifts', async () => {
    let blocked = 3;
    const w = scripted((url) => token(url) ?? (blocked-- > 0 ? { errcode: 45009, errmsg: 'api freq out of limit' } : { errcode: 0, errmsg: 'ok', taglist: [] }));
    await w.client.get('app', '/cgi-bin/tag/list');
    // jitter is 0.5 + random/2 = 0.75 of the step here
    assert.deepEqual(w.slept, [15_000 * 0.75, 30_000 * 0.75, 60_000 * 0.75]);
  });

  it('retries 5xx answers and network failures, then gives up when the budget is spent', async () => {
    let answers: unknown[] = [502, new TypeError('fetch failed'), { errcode: 0, errmsg: 'ok', ok: 1 }];
    const w = scripted((url) => token(url) ?? answers.shift());
    assert.deepEqual(await w.client.get('app', '/cgi-bin/tag/list'), { errcode: 0, errmsg: 'ok', ok: 1 });
    assert.deepEqual(w.slept, [375, 750]);

    answers = [];
    const down = scripted((url) => token(url) ?? 503, { retryBudgetMs: 10_000 });
    await assert.rejects(down.client.get('app', '/cgi-bin/tag/list'), (error: WecomError) => error.errcode === -2 && /HTTP 503/.test(error.message));
    const waited = down.slept.reduce((a, b) => a + b, 0);
    assert.ok(waited <= 10_000, `waited ${waited} ms within a 10 s budget`);
    assert.ok(down.slept.length >= 4, 'tried several times');
  });

  it('keeps below the per-API minute limit without being told to', async () => {
    const w = scripted((url) => token(url) ?? { errcode: 0, errmsg: 'ok' }, { limits: { perApiPerMinute: 3, perMinute: 100 } });
    const started = 1_000_000;
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      await w.client.get('app', '/cgi-bin/user/get', { userid: String(i) });
      times.push(w.slept.reduce((a, b) => a + b, 0) + started);
    }
    // 3 a minute: calls 4-6 wait for the first minute to pass, call 7 for the second.
    assert.deepEqual(times.map((t) => Math.floor((t - started) / 60_000)), [0, 0, 0, 1, 1, 1, 2]);
  });

  it('counts the calls it makes by path', async () => {
    const w = scripted((url) => token(url) ?? { errcode: 0, errmsg: 'ok' });
    await w.client.get('app', '/cgi-bin/tag/list');
    await w.client.get('app', '/cgi-bin/tag/list');
    assert.deepEqual(w.client.calls, { '/cgi-bin/gettoken': 1, '/cgi-bin/tag/list': 2 });
  });
});

describe('SlidingWindow', () => {
  it('never lets more than `limit` events into any window', async () => {
    let now = 0;
    const window = new SlidingWindow(5, 1000, () => now, async (ms) => {
      now += ms;
    });
    const times: number[] = [];
    for (let i = 0; i < 23; i++) {
      await window.take();
      times.push(now);
      now += 37; // some work between events
    }
    for (const t of times) assert.ok(times.filter((u) => u >= t && u < t + 1000).length <= 5);
  });
});
