import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DocStats, SegmentsResponse, TokenResponse } from '@docgate/protocol';
import { testDatabase, type TestDatabase } from '../testing/db.js';
import { runCli, startCli, type LongRunning } from '../testing/spawn.js';

/**
 * A 202 from POST /v1/events means the events are committed: the real `docgate serve` process
 * is killed with SIGKILL the moment the first answers arrive, while other requests are still
 * being written, and every event answered with 202 is there after a restart, counted once by
 * the statistics.
 */
describe('reading events survive a crash right after 202', () => {
  let t: TestDatabase;
  let configFile: string;
  let env: NodeJS.ProcessEnv;
  let server: LongRunning | undefined;
  const start = async () => {
    server = startCli(['serve', '--config', configFile], env);
    return (await server.waitFor(/"url":"(http:\/\/127\.0\.0\.1:\d+)"/))[1]!;
  };
  const signIn = async (url: string, userid: string) => {
    const response = await fetch(`${url}/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userid }) });
    return ((await response.json()) as TokenResponse).access_token;
  };

  before(async () => {
    t = await testDatabase();
    configFile = path.join(t.dataDir, 'docgate.config.json');
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
    env = t.url ? { DATABASE_URL: t.url } : {};
    const csv = path.join(t.dataDir, 'people.csv');
    writeFileSync(csv, '姓名,帐号,部门\n管理员,admin1,IT\n张伟,zhangwei,研发中心\n');
    assert.equal((await runCli(['import-directory', csv, '--config', configFile], env)).code, 0);
  });
  after(async () => {
    await server?.stop('SIGKILL');
    await t.close();
  });

  it('every event answered 202 before a SIGKILL is there after the restart', async () => {
    const url = await start();
    const token = await signIn(url, 'zhangwei');
    const answered: string[] = [];
    let killed = false;
    const requests = Array.from({ length: 40 }, async (_, r) => {
      const segments = Array.from({ length: 20 }, (_, i) => `crash${String(r).padStart(3, '0')}x${String(i).padStart(3, '0')}`);
      const body = {
        site: 'docs',
        sentAt: Date.now(),
        events: segments.map((segment) => ({ segment, seq: 1, path: '/handbook/crash', startedAt: Date.now() - 30_000, activeMs: 20_000, visibleMs: 25_000, maxDepth: 0.5, completed: false })),
      };
      try {
        const response = await fetch(`${url}/v1/events`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ ...body, token }) });
        if (response.status === 202 && !killed) {
          // Counted before the kill: the server said these are written.
          answered.push(...segments);
          killed = true;
          server!.child.kill('SIGKILL');
        } else if (response.status === 202) {
          answered.push(...segments);
        }
      } catch {
        // cut off by the kill: no promise was made about these
      }
    });
    await Promise.all(requests);
    assert.equal(await server!.exited(), null, 'killed by a signal');
    assert.ok(answered.length >= 20);

    const again = await start();
    const admin = await signIn(again, 'admin1');
    const stored = new Set<string>();
    let cursor: string | null = null;
    do {
      const response = await fetch(`${again}/v1/sites/docs/stats/segments?path=/handbook/crash&user=zhangwei&limit=500${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: `Bearer ${admin}` } });
      assert.equal(response.status, 200);
      const page = (await response.json()) as SegmentsResponse;
      for (const s of page.segments) stored.add(s.segment);
      cursor = page.next_cursor;
    } while (cursor);
    const lost = answered.filter((s) => !stored.has(s));
    assert.deepEqual(lost, [], `${answered.length} events answered 202, ${stored.size} stored`);
    // The statistics count each stored segment once: what the rollup journal held at the kill
    // (or a fold had half written) is folded once after the restart.
    const doc = await fetch(`${again}/v1/sites/docs/stats/doc?path=/handbook/crash`, { headers: { authorization: `Bearer ${admin}` } });
    assert.equal(((await doc.json()) as DocStats).views, stored.size);
    await server!.stop();
  });
});
