import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { CheckResponse, ErrorBody, TokenResponse } from '@docgate/protocol';
import { applyDirectoryChanges } from '../store/directory.js';
import { harness, SITE, SITE_ORIGIN, TENANT } from '../testing/harness.js';
import { wecomWorld, type WecomWorld } from '../testing/wecom.js';

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

const manual = (url: string | URL) => fetch(url, { redirect: 'manual' });
const locationOf = (response: Response) => {
  assert.equal(response.status, 302, `expected a redirect, got ${response.status}`);
  return new URL(response.headers.get('location')!);
};

interface Journey {
  /** where docgate sent the browser first (WeCom's page) */
  wecomPage: URL;
  /** where the browser ends: the page, with #dg_code or #dg_error */
  back: URL;
  verifier: string;
}

/**
 * A browser's sign-in, hop by hop over real HTTP: docgate's start → the simulated WeCom page
 * (mock_user picks the employee, as a scripted test may) → docgate's callback → the page.
 */
async function journey(world: WecomWorld, who: { mock_user?: string; mock_openid?: string }, mode: 'webview' | 'qr' = 'webview', returnTo = `${SITE_ORIGIN}/guide/intro.html?v=2#setup`): Promise<Journey> {
  const { verifier, challenge } = pkce();
  const start = await manual(`${world.url}/v1/auth/wecom/start?${new URLSearchParams({ site: SITE, return_to: returnTo, code_challenge: challenge, mode, lang: 'en' })}`);
  const wecomPage = locationOf(start);
  const pick = new URL(wecomPage);
  pick.hash = ''; // a browser does not send the fragment
  for (const [key, value] of Object.entries(who)) pick.searchParams.set(key, value);
  const callback = locationOf(await manual(pick));
  assert.equal(callback.origin + callback.pathname, `${world.url}/v1/auth/wecom/callback`);
  const landed = await manual(callback);
  assert.equal(landed.headers.get('cache-control'), 'no-store');
  return { wecomPage, back: locationOf(landed), verifier };
}

const fragment = (url: URL) => Object.fromEntries(new URLSearchParams(url.hash.slice(1)));
const exchange = (world: WecomWorld, code: string, code_verifier: string) =>
  fetch(`${world.url}/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'authorization_code', code, code_verifier }) });

describe('sign-in with WeCom, end to end through the simulator', () => {
  let world: WecomWorld;
  let employee: string;
  before(async () => {
    world = await wecomWorld({ callbacks: false });
    const job = await world.sync();
    assert.equal(job.state, 'done', job.error ?? '');
    employee = world.mock.organisation.users.find((u) => u.status === 1)!.userid;
  });
  after(() => world.close());

  it('webview: a silent snsapi_base authorisation, then the page gets a one-time code for its PKCE verifier', async () => {
    const { wecomPage, back, verifier } = await journey(world, { mock_user: employee });
    assert.equal(`${wecomPage.origin}${wecomPage.pathname}`, `${world.mock.url}/connect/oauth2/authorize`);
    assert.equal(wecomPage.hash, '#wechat_redirect');
    const query = Object.fromEntries(wecomPage.searchParams);
    assert.deepEqual(
      { ...query, state: query.state!.length },
      { appid: world.mock.corp.corpId, redirect_uri: `${world.url}/v1/auth/wecom/callback`, response_type: 'code', scope: 'snsapi_base', state: 32, agentid: world.mock.corp.agentId },
    );
    assert.match(query.state!, /^[a-zA-Z0-9]+$/, 'WeCom takes only letters and digits in state');

    assert.equal(`${back.origin}${back.pathname}${back.search}`, `${SITE_ORIGIN}/guide/intro.html?v=2`, 'back to the page, its own fragment replaced');
    const { dg_code } = fragment(back);
    assert.ok(dg_code);
    const answer = await exchange(world, dg_code, verifier);
    assert.equal(answer.status, 200);
    const tokens = (await answer.json()) as TokenResponse;
    assert.equal(tokens.user.id, employee);
    assert.equal(tokens.user.name, world.mock.organisation.users.find((u) => u.userid === employee)!.name);

    // The tokens work, and the code does not a second time.
    const check = await fetch(`${world.url}/v1/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.access_token}` },
      body: JSON.stringify({ site: SITE, path: '/guide/intro.html' }),
    });
    assert.equal(((await check.json()) as CheckResponse).allowed, true);
    const again = await exchange(world, dg_code, verifier);
    assert.equal(again.status, 400);
    assert.equal(((await again.json()) as ErrorBody).error.code, 'invalid_grant');
  });

  it("QR: WeCom's web login page, in the reader's language, with the same callback", async () => {
    const { wecomPage, back, verifier } = await journey(world, { mock_user: employee }, 'qr');
    assert.equal(`${wecomPage.origin}${wecomPage.pathname}`, `${world.mock.url}/wwlogin/sso/login`);
    assert.deepEqual(
      { ...Object.fromEntries(wecomPage.searchParams), state: 'x' },
      { login_type: 'CorpApp', appid: world.mock.corp.corpId, agentid: world.mock.corp.agentId, redirect_uri: `${world.url}/v1/auth/wecom/callback`, state: 'x', lang: 'en' },
    );
    const answer = await exchange(world, fragment(back).dg_code!, verifier);
    assert.equal(((await answer.json()) as TokenResponse).user.id, employee);
  });

  it('a code is refused with another verifier (a code that reached the wrong tab is useless), and spent by the attempt', async () => {
    const { back, verifier } = await journey(world, { mock_user: employee });
    const code = fragment(back).dg_code!;
    const wrong = await exchange(world, code, pkce().verifier);
    assert.equal(wrong.status, 400);
    assert.match(((await wrong.json()) as ErrorBody).error.message, /code_verifier/);
    assert.equal((await exchange(world, code, verifier)).status, 400);
  });

  it('the state is single-use: a replayed callback gets a bilingual "expired" page, not a sign-in', async () => {
    const { verifier, challenge } = pkce();
    void verifier;
    const start = await manual(`${world.url}/v1/auth/wecom/start?${new URLSearchParams({ site: SITE, return_to: `${SITE_ORIGIN}/`, code_challenge: challenge })}`);
    const page = locationOf(start);
    page.hash = '';
    page.searchParams.set('mock_user', employee);
    const callback = locationOf(await manual(page));
    assert.equal((await manual(callback)).status, 302);
    const replay = await manual(callback);
    assert.equal(replay.status, 400);
    assert.match(replay.headers.get('content-type')!, /text\/html/);
    const html = await replay.text();
    assert.match(html, /登录链接已过期/);
    assert.match(html, /This sign-in link has expired/);
    const forged = await manual(`${world.url}/v1/auth/wecom/callback?code=x&state=${'a'.repeat(32)}`);
    assert.equal(forged.status, 400);
  });

  it('only sends the browser back to the site’s own pages (never an open redirect)', async () => {
    const { challenge } = pkce();
    for (const return_to of ['https://evil.example/steal', 'javascript:alert(1)', '/relative', `${SITE_ORIGIN}.evil.example/`]) {
      const response = await manual(`${world.url}/v1/auth/wecom/start?${new URLSearchParams({ site: SITE, return_to, code_challenge: challenge })}`);
      assert.equal(response.status, 400, return_to);
      assert.equal(((await response.json()) as ErrorBody).error.code, 'invalid_request');
    }
    const unknownSite = await manual(`${world.url}/v1/auth/wecom/start?${new URLSearchParams({ site: 'nope', return_to: `${SITE_ORIGIN}/`, code_challenge: challenge })}`);
    assert.equal(((await unknownSite.json()) as ErrorBody).error.code, 'unknown_site');
    const weakChallenge = await manual(`${world.url}/v1/auth/wecom/start?${new URLSearchParams({ site: SITE, return_to: `${SITE_ORIGIN}/`, code_challenge: 'short' })}`);
    assert.equal(weakChallenge.status, 400);
  });

  it('explains a refusal in the fragment: an outsider, a member docgate has disabled, a bad code', async () => {
    assert.deepEqual(fragment((await journey(world, { mock_openid: 'oOutsider123' })).back), { dg_error: 'not_a_member' });

    const disabled = world.mock.organisation.users.filter((u) => u.status === 1)[1]!.userid;
    await world.db.database.db.transaction().execute((trx) =>
      applyDirectoryChanges(trx, TENANT, { upsertDepartments: [], removeDepartments: [], upsertMembers: [], setStatus: [{ userids: [disabled], status: 'disabled' }] }),
    );
    world.services.permissions.changed(TENANT);
    assert.deepEqual(fragment((await journey(world, { mock_user: disabled })).back), { dg_error: 'user_inactive' });

    // A code WeCom never issued (40029), and none at all.
    const { challenge } = pkce();
    const start = locationOf(await manual(`${world.url}/v1/auth/wecom/start?${new URLSearchParams({ site: SITE, return_to: `${SITE_ORIGIN}/`, code_challenge: challenge })}`));
    const state = start.searchParams.get('state')!;
    const bad = locationOf(await manual(`${world.url}/v1/auth/wecom/callback?code=forged&state=${state}`));
    assert.deepEqual(fragment(bad), { dg_error: 'wecom_code_invalid' });
  });

  it('adds a member who joined since the last sync (the callback is late) when WeCom vouches for them', async () => {
    const department = world.mock.organisation.departments[1]!.id;
    await world.mock.createUser({ userid: 'newcomer', name: '新同事', department: [department], position: '实习生' });
    const { back, verifier } = await journey(world, { mock_user: 'newcomer' });
    const tokens = (await (await exchange(world, fragment(back).dg_code!, verifier)).json()) as TokenResponse;
    assert.equal(tokens.user.id, 'newcomer');
    assert.deepEqual(tokens.user.departments.map((d) => d.id), [department]);
  });

  it('says WeCom is unavailable when the code cannot be exchanged (5xx until the retry budget is spent)', async () => {
    world.mock.injectFault({ path: '/cgi-bin/auth/getuserinfo', status: 502, times: Infinity });
    try {
      assert.deepEqual(fragment((await journey(world, { mock_user: employee })).back), { dg_error: 'wecom_unavailable' });
    } finally {
      world.mock.clearFaults();
    }
  });
});

describe('sign-in with WeCom when it is not set up', () => {
  it('refuses to start with wecom_not_configured', async () => {
    const h = await harness();
    try {
      const response = await h.app.inject({
        method: 'GET',
        url: `/v1/auth/wecom/start?${new URLSearchParams({ site: SITE, return_to: `${SITE_ORIGIN}/`, code_challenge: pkce().challenge })}`,
      });
      assert.equal(response.statusCode, 400);
      assert.equal(response.json<ErrorBody>().error.code, 'wecom_not_configured');
      assert.match(response.json<ErrorBody>().error.message, /wecom-setup\.md/);
    } finally {
      await h.close();
    }
  });
});
