import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CheckResponse, Grant, GrantsResponse, TokenResponse } from '@docgate/protocol';
import { testDatabase, type TestDatabase } from './testing/db.js';
import { runCli, startCli, type LongRunning } from './testing/spawn.js';

/**
 * Two server processes on one database (PostgreSQL in CI's second run, the same SQLite file in
 * the first): a change made through one is seen by the other within a second
 * (permission-model.md: caches are keyed by the tenant's revision).
 */
describe('replicas', () => {
  let t: TestDatabase;
  let replicas: LongRunning[] = [];
  let urls: string[] = [];
  const token = new Map<string, string>();

  before(async () => {
    t = await testDatabase();
    const configFile = path.join(t.dataDir, 'docgate.config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        server: { host: '127.0.0.1', port: 0 },
        dataDir: t.dataDir,
        log: { level: 'info' },
        auth: { devLogin: true },
        tenants: [{ id: 'acme', name: 'Acme', corpId: 'wwacme', admins: ['admin1'] }],
        sites: [{ id: 'docs', tenant: 'acme', name: 'Docs', origins: ['https://docs.acme.test'] }],
      }),
    );
    const env = t.url ? { DATABASE_URL: t.url } : {};
    const csv = path.join(t.dataDir, 'people.csv');
    writeFileSync(csv, '姓名,帐号,部门\n管理员,admin1,IT\n张伟,zhangwei,研发中心\n');
    assert.equal((await runCli(['import-directory', csv, '--config', configFile], env)).code, 0);
    // Both start at the same moment: they also race to create the signing keys.
    replicas = [startCli(['serve', '--config', configFile], env), startCli(['serve', '--config', configFile], env)];
    urls = await Promise.all(replicas.map(async (r) => (await r.waitFor(/"url":"(http:\/\/127\.0\.0\.1:\d+)"/))[1]!));
    for (const [i, userid] of [[0, 'admin1'], [1, 'zhangwei']] as const) {
      const response = await fetch(`${urls[i]}/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userid }) });
      token.set(userid, ((await response.json()) as TokenResponse).access_token);
    }
  });
  after(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await t.close();
  });

  const call = async <T>(replica: number, userid: string, method: string, route: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${urls[replica]}/${route}`, {
      method,
      headers: { authorization: `Bearer ${token.get(userid)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    assert.ok(response.ok, `${method} ${route} on replica ${replica}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
  const allowedOn = async (replica: number, path: string) =>
    (await call<CheckResponse>(replica, 'zhangwei', 'POST', 'v1/check', { site: 'docs', path })).allowed;

  /** How long until `replica` answers `expected`, polling every 20 ms (at most 3 s). */
  async function timeUntil(replica: number, path: string, expected: boolean): Promise<number> {
    const started = performance.now();
    while (performance.now() - started < 3000) {
      if ((await allowedOn(replica, path)) === expected) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 20));
    }
    return Number.POSITIVE_INFINITY;
  }

  it('tokens from one replica are accepted by the other', async () => {
    assert.equal(await allowedOn(0, '/handbook/a'), true);
    assert.equal(await allowedOn(1, '/handbook/a'), true);
  });

  it('a revocation through one replica is enforced by the other within a second, and so is a new grant', async () => {
    assert.equal(await allowedOn(1, '/handbook/b'), true); // replica 1 has its model cached
    const { direct } = await call<GrantsResponse>(0, 'admin1', 'GET', 'v1/sites/docs/grants?path=/');
    const everyone = direct.find((g) => g.subject === 'everyone')!;
    await call(0, 'admin1', 'DELETE', `v1/sites/docs/grants/${everyone.id}`);
    const revoked = await timeUntil(1, '/handbook/b', false);
    assert.ok(revoked <= 1000, `replica 1 still allowed the reader ${revoked.toFixed(0)} ms after the revocation`);

    const grant = await call<Grant>(1, 'admin1', 'POST', 'v1/sites/docs/grants', { path: '/handbook/', subject: 'user:zhangwei', level: 'read' });
    const granted = await timeUntil(0, '/handbook/b', true);
    assert.ok(granted <= 1000, `replica 0 took ${granted.toFixed(0)} ms to see the grant`);
    assert.equal(grant.subject, 'user:zhangwei');
  });
});
