import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ErrorBody, TokenResponse } from '@docgate/protocol';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { ADMIN, harness, SMALL_DIRECTORY, type Harness } from '../testing/harness.js';

const refresh = (h: Harness, refresh_token: string) =>
  h.app.inject({ method: 'POST', url: '/v1/auth/token', payload: { grant_type: 'refresh_token', refresh_token } });
const errorCode = (body: string) => (JSON.parse(body) as ErrorBody).error.code;

describe('auth routes', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    await h.importCsv(SMALL_DIRECTORY);
  });
  after(() => h.close());

  it('dev login returns tokens and the member with their departments', async () => {
    const session = await h.signIn('lina');
    assert.equal(session.token_type, 'Bearer');
    assert.equal(session.expires_in, 900);
    assert.match(session.refresh_token, /^dgr_[A-Za-z0-9_-]{43}$/);
    assert.equal(session.user.id, 'lina');
    assert.equal(session.user.name, '李娜');
    assert.deepEqual(session.user.departments.map((d) => d.name), ['后端组', '测试组']);
    const keys = await h.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
    assert.equal(keys.statusCode, 200);
    assert.match(keys.headers['cache-control'] as string, /max-age=300/);
    const { payload } = await jwtVerify(session.access_token, createLocalJWKSet(keys.json()), { audience: 'docgate' });
    assert.deepEqual([payload.sub, payload.tid], ['lina', 'acme']);
  });

  it('dev login refuses unknown and inactive members, but lets a configured admin in before the directory has them', async () => {
    const unknown = await h.app.inject({ method: 'POST', url: '/v1/auth/dev-login', payload: { userid: 'nobody' } });
    assert.equal(unknown.statusCode, 404);
    assert.equal(errorCode(unknown.body), 'user_not_found');
    const bad = await h.app.inject({ method: 'POST', url: '/v1/auth/dev-login', payload: { user: 'x' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(errorCode(bad.body), 'invalid_request');

    const fresh = await harness();
    try {
      const admin = await fresh.signIn(ADMIN);
      assert.deepEqual(admin.user, { id: ADMIN, name: ADMIN, departments: [] });
    } finally {
      await fresh.close();
    }
  });

  it('a refresh rotates the token; presenting the spent one revokes the whole family', async () => {
    const first = await h.signIn('zhangwei');
    const second = await refresh(h, first.refresh_token);
    assert.equal(second.statusCode, 200);
    const rotated = second.json<TokenResponse>();
    assert.notEqual(rotated.refresh_token, first.refresh_token);
    assert.equal(rotated.user.id, 'zhangwei');

    const reuse = await refresh(h, first.refresh_token);
    assert.equal(reuse.statusCode, 401);
    assert.equal(errorCode(reuse.body), 'refresh_token_reused');
    const afterReuse = await refresh(h, rotated.refresh_token);
    assert.equal(afterReuse.statusCode, 401, 'the token issued after the stolen one is revoked too');
    assert.equal(errorCode(afterReuse.body), 'refresh_token_invalid');

    const audit = await h.db.database.db.selectFrom('audit_log').select(['action', 'actor']).where('action', '=', 'session.refresh_reused').execute();
    assert.deepEqual(audit, [{ action: 'session.refresh_reused', actor: 'zhangwei' }]);
  });

  it('two refreshes racing with the same token: one wins, the other counts as reuse', async () => {
    const session = await h.signIn('zhangwei');
    const [a, b] = await Promise.all([refresh(h, session.refresh_token), refresh(h, session.refresh_token)]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 401]);
    const winner = (a.statusCode === 200 ? a : b).json<TokenResponse>();
    assert.equal((await refresh(h, winner.refresh_token)).statusCode, 401, 'the family was revoked');
  });

  it('refuses to refresh for a member who has left, and revokes the session', async () => {
    await h.importCsv(SMALL_DIRECTORY);
    const session = await h.signIn('emily.chen');
    await h.db.database.db.updateTable('members').set({ status: 'left' }).where('userid', '=', 'emily.chen').execute();
    try {
      const refused = await refresh(h, session.refresh_token);
      assert.equal(refused.statusCode, 403);
      assert.equal(errorCode(refused.body), 'user_inactive');
      assert.match(refused.json<ErrorBody>().error.message, /no longer with the company/);
      const login = await h.app.inject({ method: 'POST', url: '/v1/auth/dev-login', payload: { userid: 'emily.chen' } });
      assert.equal(login.statusCode, 403);
    } finally {
      await h.db.database.db.updateTable('members').set({ status: 'active' }).where('userid', '=', 'emily.chen').execute();
    }
    const later = await refresh(h, session.refresh_token);
    assert.equal(later.statusCode, 401, 'coming back does not revive the old session');
  });

  it('refuses to refresh for a member disabled by a full import', async () => {
    const session = await h.signIn('lina');
    await h.importCsv(SMALL_DIRECTORY.split('\n').filter((l) => !l.includes('lina')).join('\n'), 'full');
    const refused = await refresh(h, session.refresh_token);
    assert.equal(refused.statusCode, 403);
    assert.match(refused.json<ErrorBody>().error.message, /disabled/);
    await h.importCsv(SMALL_DIRECTORY);
  });

  it('refuses an expired refresh token and an unknown one', async () => {
    const session = await h.signIn('zhangwei');
    await h.db.database.db.updateTable('refresh_tokens').set({ expires_at: Date.now() - 1 }).where('userid', '=', 'zhangwei').execute();
    const expired = await refresh(h, session.refresh_token);
    assert.equal(expired.statusCode, 401);
    assert.equal(errorCode(expired.body), 'refresh_token_expired');
    const unknown = await refresh(h, 'dgr_thisisnotatoken');
    assert.equal(errorCode(unknown.body), 'refresh_token_invalid');
    const wrongGrant = await h.app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { grant_type: 'password', refresh_token: session.refresh_token },
    });
    assert.equal(wrongGrant.statusCode, 400);
  });

  it('logout revokes the session; logging out twice is fine', async () => {
    const session = await h.signIn('zhangwei');
    const out = await h.app.inject({ method: 'POST', url: '/v1/auth/logout', payload: { refresh_token: session.refresh_token } });
    assert.equal(out.statusCode, 204);
    assert.equal(out.body, '');
    const again = await h.app.inject({ method: 'POST', url: '/v1/auth/logout', payload: { refresh_token: session.refresh_token } });
    assert.equal(again.statusCode, 204);
    assert.equal(errorCode((await refresh(h, session.refresh_token)).body), 'refresh_token_invalid');
  });

  it('never stores a refresh token, only its hash', async () => {
    const session = await h.signIn('zhangwei');
    const rows = await h.db.database.db.selectFrom('refresh_tokens').select('token_hash').execute();
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash) && !r.token_hash.includes(session.refresh_token)));
  });
});

describe('dev login', () => {
  it('does not exist unless enabled', async () => {
    const h = await harness({ auth: { devLogin: false } });
    try {
      const response = await h.app.inject({ method: 'POST', url: '/v1/auth/dev-login', payload: { userid: ADMIN } });
      assert.equal(response.statusCode, 404);
      assert.equal(errorCode(response.body), 'not_found');
    } finally {
      await h.close();
    }
  });

  it('needs a tenant or a site when the server has several tenants', async () => {
    const h = await harness({
      tenants: [
        { id: 'acme', name: 'Acme', corpId: 'wwacme', admins: ['a1'] },
        { id: 'globex', name: 'Globex', corpId: 'wwglobex', admins: ['g1'] },
      ],
      sites: [{ id: 'gdocs', tenant: 'globex', name: 'Globex docs', origins: ['https://docs.globex.test'] }],
    });
    try {
      const inject = (payload: object) => h.app.inject({ method: 'POST', url: '/v1/auth/dev-login', payload });
      assert.equal(errorCode((await inject({ userid: 'g1' })).body), 'tenant_required');
      assert.equal((await inject({ userid: 'g1', site: 'gdocs' })).json<TokenResponse>().user.id, 'g1');
      assert.equal((await inject({ userid: 'g1', tenant: 'globex' })).statusCode, 200);
      assert.equal(errorCode((await inject({ userid: 'g1', tenant: 'acme' })).body), 'user_not_found');
      assert.equal(errorCode((await inject({ userid: 'g1', site: 'nope' })).body), 'unknown_site');
      assert.equal(errorCode((await inject({ userid: 'g1', tenant: 'nope' })).body), 'unknown_tenant');
    } finally {
      await h.close();
    }
  });
});

describe('rate limits on the auth routes', () => {
  it('answer 429 rate_limited with Retry-After once a client exceeds the limit', async () => {
    const h = await harness({ auth: { devLogin: true, rateLimitPerMinute: 3 } });
    try {
      const attempt = () => h.app.inject({ method: 'POST', url: '/v1/auth/token', payload: { grant_type: 'refresh_token', refresh_token: 'dgr_x' } });
      for (let i = 0; i < 3; i++) assert.equal((await attempt()).statusCode, 401);
      const limited = await attempt();
      assert.equal(limited.statusCode, 429);
      assert.equal(errorCode(limited.body), 'rate_limited');
      assert.ok(Number(limited.headers['retry-after']) > 0);
      const other = await h.app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(other.statusCode, 200, 'other routes are not limited');
    } finally {
      await h.close();
    }
  });
});
