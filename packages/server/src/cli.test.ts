import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DepartmentsResponse, TokenResponse, UsersResponse } from '@docgate/protocol';
import { openDatabase } from './db/database.js';
import { migrations } from './db/migrations/index.js';
import { testDatabase, type TestDatabase } from './testing/db.js';
import { runCli, startCli } from './testing/spawn.js';
import { startWecomMock } from '@docgate/wecom-mock';

const work = mkdtempSync(path.join(tmpdir(), 'docgate-cli-'));
after(() => rmSync(work, { recursive: true, force: true }));

const CONFIG = {
  server: { host: '127.0.0.1', port: 0 },
  auth: { devLogin: true },
  tenants: [{ id: 'acme', name: 'Acme 科技', corpId: 'wwacme', admins: ['admin1'] }],
  sites: [{ id: 'docs', tenant: 'acme', name: 'Docs', origins: ['https://docs.acme.test'] }],
};

describe('docgate CLI', () => {
  let t: TestDatabase;
  let configFile: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    t = await testDatabase();
    configFile = path.join(work, 'docgate.config.json');
    writeFileSync(configFile, JSON.stringify({ ...CONFIG, dataDir: t.dataDir }));
    env = t.url ? { DATABASE_URL: t.url } : {};
  });
  after(() => t.close());

  it('prints usage, its version, and refuses unknown commands and flags with exit code 2', async () => {
    const help = await runCli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /docgate import-directory <file.csv>/);
    const version = await runCli(['--version']);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
    const unknown = await runCli(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "frobnicate"/);
    const flag = await runCli(['migrate', '--colour']);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /colour/);
  });

  it('migrate applies the schema once and then says it is up to date', async () => {
    const first = await runCli(['migrate', '--config', configFile], env);
    assert.equal(first.code, 0, first.stderr);
    const count = Object.keys(migrations('sqlite')).length;
    assert.match(first.stdout, new RegExp(`applied ${count} migration\\(s\\)`));
    const second = await runCli(['migrate', '--config', configFile], env);
    assert.match(second.stdout, new RegExp(`is up to date \\(${count} migrations\\)`));
  });

  it('import-directory imports a file, and refuses a bad one with line numbers and exit code 1, writing nothing', async () => {
    const good = path.join(work, 'good.csv');
    writeFileSync(good, '\uFEFF姓名,帐号,手机,邮箱,部门,职务\r\n管理员,admin1,,,行政部,IT\r\n张伟,zhangwei,,,研发中心/前端组,工程师\r\n');
    const ok = await runCli(['import-directory', good, '--config', configFile], env);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /2 rows \(utf-8\) into acme .* added 2, updated 0, unchanged 0, disabled 0, departments added 4/);
    assert.match(ok.stderr, /reading…\ncomparing: 2 members…\nwriting: 2 members to write…/);

    const bad = path.join(work, 'bad.csv');
    writeFileSync(bad, '姓名,帐号,部门\n李娜,lina,研发\n坏,bad id,研发\n,nobody,研发\n');
    const refused = await runCli(['import-directory', bad, '--config', configFile, '--full'], env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /2 problems in the file.*nothing was imported/);
    assert.match(refused.stderr, /line 3 \(帐号\): the account "bad id"/);
    assert.match(refused.stderr, /line 4 \(姓名\): the name \(姓名\) is empty/);

    const dry = await runCli(['import-directory', good, '--config', configFile, '--full', '--dry-run'], env);
    assert.match(dry.stdout, /^dry run, nothing written: .* unchanged 2/);

    const database = await openDatabase({ url: t.url, dataDir: t.dataDir });
    try {
      const members = await database.db.selectFrom('members').select('userid').orderBy('userid').execute();
      assert.deepEqual(members.map((m) => m.userid), ['admin1', 'zhangwei']);
    } finally {
      await database.close();
    }
    const missing = await runCli(['import-directory', path.join(work, 'absent.csv'), '--config', configFile], env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*absent.csv/);
  });

  it('serve answers /readyz, then shuts down cleanly on SIGTERM', async () => {
    const server = startCli(['serve', '--config', configFile], env);
    try {
      const [, url] = await server.waitFor(/"url":"(http:\/\/127\.0\.0\.1:\d+)"/);
      const ready = await fetch(`${url}/readyz`);
      assert.equal(ready.status, 200);
      const login = await fetch(`${url}/v1/auth/dev-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userid: 'zhangwei' }),
      });
      assert.equal(login.status, 200);
      assert.equal(((await login.json()) as TokenResponse).user.name, '张伟');
      assert.match(server.output(), /"msg":"docgate is ready"/);
      assert.equal(await server.stop('SIGTERM'), 0);
      assert.match(server.output(), /SIGTERM: shutting down/);
    } finally {
      await server.stop('SIGKILL');
    }
  });

  it('on SIGTERM, finishes a request already in flight before exiting', async () => {
    const server = startCli(['serve', '--config', configFile], env);
    try {
      const [, url] = await server.waitFor(/"url":"(http:\/\/127\.0\.0\.1:\d+)"/);
      const login = await fetch(`${url}/v1/auth/dev-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userid: 'admin1' }),
      });
      const { access_token } = (await login.json()) as TokenResponse;
      const body = Buffer.from(`姓名,帐号,部门\n管理员,admin1,行政部\n张伟,zhangwei,研发中心/前端组\n晚到,latecomer,研发中心\n`);
      const { port } = new URL(url!);
      // Send half of the upload, signal the server, then send the rest.
      const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = http.request(
          { host: '127.0.0.1', port, method: 'POST', path: '/v1/directory/import', headers: { authorization: `Bearer ${access_token}`, 'content-type': 'text/csv', 'content-length': body.length } },
          (response) => {
            let text = '';
            response.on('data', (d: Buffer) => (text += d));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
          },
        );
        request.on('error', reject);
        request.write(body.subarray(0, 20));
        setTimeout(async () => {
          server.child.kill('SIGTERM');
          await server.waitFor(/SIGTERM: shutting down/);
          request.end(body.subarray(20));
        }, 200);
      });
      const { status, body: text } = await answer;
      const answered = performance.now();
      assert.equal(status, 200, text);
      assert.match(text, /"added":1/);
      assert.equal(await server.exited(), 0);
      // Not held open by the finished request's keep-alive connection.
      assert.ok(performance.now() - answered < 2000, `exited ${(performance.now() - answered).toFixed(0)} ms after answering`);
    } finally {
      await server.stop('SIGKILL');
    }
  });

  it('reports a bad configuration or an unreachable database in one line, without a stack trace', async () => {
    const broken = path.join(work, 'broken.json');
    writeFileSync(broken, JSON.stringify({ ...CONFIG, tenants: [{ ...CONFIG.tenants[0], secret: 'oops' }] }));
    const config = await runCli(['serve', '--config', broken]);
    assert.equal(config.code, 1);
    assert.match(config.stderr, /secrets are read only from the environment/);
    assert.doesNotMatch(config.stderr, /\n\s+at /);
    const database = await runCli(['migrate', '--config', configFile], { DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none' });
    assert.equal(database.code, 1);
    assert.match(database.stderr, /cannot connect to PostgreSQL at postgres:\/\/nobody@127\.0\.0\.1:9\/none/);
    const mysql = await runCli(['migrate', '--config', configFile], { DATABASE_URL: 'mysql://u:pw@db/x' });
    assert.match(mysql.stderr, /must start with postgres:\/\/.*mysql:\/\/u:\*\*\*@db\/x/);
  });
});

describe('docgate sync', () => {
  it('syncs the directory from WeCom with progress, and fails without changing anything when WeCom fails', async () => {
    const t = await testDatabase();
    const wecom = await startWecomMock({ organisation: { seed: 9, members: 150, departments: 12 } });
    try {
      const configFile = path.join(work, 'sync.config.json');
      writeFileSync(
        configFile,
        JSON.stringify({
          ...CONFIG,
          dataDir: t.dataDir,
          tenants: [{ ...CONFIG.tenants[0], corpId: wecom.corp.corpId, agentId: wecom.corp.agentId, wecom: { apiBaseUrl: wecom.url } }],
        }),
      );
      const env = { ...(t.url ? { DATABASE_URL: t.url } : {}), DOCGATE_WECOM_ACME_SECRET: wecom.corp.secret, DOCGATE_WECOM_ACME_CONTACTS_SECRET: wecom.corp.contactsSecret };
      const done = await runCli(['sync', '--config', configFile], env);
      assert.equal(done.code, 0, done.stderr);
      assert.match(done.stdout, /^synced acme from WeCom in [\d.]+s — added 150, updated 0, left 0\. WeCom calls: gettoken 1, department\/list 1, user\/list_id 1, user\/list \d+, tag\/list 1, tag\/get \d+\n$/);
      assert.match(done.stderr, /members \d+\/\d+/);

      await wecom.updateUser(wecom.organisation.users[0]!.userid, { name: '改名' });
      wecom.injectFault({ path: '/cgi-bin/tag/list', errcode: 60011, times: Infinity });
      const failed = await runCli(['sync', '--config', configFile], env);
      assert.equal(failed.code, 1);
      assert.match(failed.stderr, /sync of acme failed after [\d.]+s: WeCom \/cgi-bin\/tag\/list failed: errcode 60011/);
      assert.match(failed.stderr, /nothing was changed/);

      const unconfigured = await runCli(['sync', '--config', configFile], t.url ? { DATABASE_URL: t.url } : {});
      assert.equal(unconfigured.code, 1);
      assert.match(unconfigured.stderr, /^docgate: WeCom is not configured for acme: set its secrets \(docs\/wecom-setup\.md\)\n$/);
    } finally {
      await wecom.close();
      await t.close();
    }
  });
});

describe('docgate demo', () => {
  it('starts the server on SQLite, the WeCom simulator with the demo company, and the example site, and prints how to sign in', async () => {
    const dataDir = path.join(work, 'demo');
    // DATABASE_URL is ignored on purpose: the demo is the embedded default.
    const demo = startCli(['demo', '--port', '0', '--site-port', '0', '--wecom-port', '0', '--data-dir', dataDir], { DATABASE_URL: 'postgres://x@127.0.0.1:9/x' });
    try {
      const [, server] = await demo.waitFor(/server\s+(http:\/\/localhost:\d+)/);
      const [, site] = await demo.waitFor(/site\s+(http:\/\/localhost:\d+)/);
      const [, wecom, wecomMembers] = await demo.waitFor(/wecom\s+(http:\/\/localhost:\d+)\s.*?(\d+) members/);
      const [, adminPage] = await demo.waitFor(/admin\s+(http:\/\/localhost:\d+\/admin\/)/);
      const [, admin] = await demo.waitFor(/^\s+admin\s+(\w[\w.]*)\s/m);
      const employees = [...(await demo.waitFor(/Press Ctrl\+C/)).input!.matchAll(/employee\s+(\S+)/g)].map((m) => m[1]!);
      assert.equal(employees.length, 3);
      assert.match(demo.output(), /docgate\.sqlite/);

      assert.equal((await fetch(`${server}/readyz`)).status, 200);
      const page = await fetch(`${site}/handbook/onboarding.html`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /新员工入职指南/);
      assert.equal((await fetch(`${site}/no/such/page`)).status, 404);
      const adminHtml = await (await fetch(adminPage!)).text();
      assert.match(adminHtml, /<dg-permission-editor/, 'the admin page holds the components');
      assert.match(adminHtml, new RegExp(`src="${server}/sdk/docgate-elements\\.js"`), 'loaded from this server');
      const elements = await fetch(`${server}/sdk/docgate-elements.js`, { headers: { origin: site! } });
      assert.equal(elements.status, 200);
      assert.equal(elements.headers.get('access-control-allow-origin'), site, 'a module script from another origin needs CORS');

      const signIn = async (userid: string) => {
        const response = await fetch(`${server}/v1/auth/dev-login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: site! },
          body: JSON.stringify({ userid }),
        });
        assert.equal(response.status, 200, `dev login of ${userid}`);
        assert.equal(response.headers.get('access-control-allow-origin'), site, 'the example site may call the server');
        return (await response.json()) as TokenResponse;
      };
      // /finance/ is restricted to the finance department: the employees see different pages.
      const finance: Record<string, boolean> = {};
      for (const employee of employees) {
        const session = await signIn(employee);
        assert.ok(session.user.departments.length > 0);
        const check = await fetch(`${server}/v1/check`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${session.access_token}` },
          body: JSON.stringify({ site: 'handbook', path: '/finance/budget-2027.html' }),
        });
        finance[employee] = ((await check.json()) as { allowed: boolean }).allowed;
      }
      assert.deepEqual(finance, { zhangwei: false, chenjing: true, 'emily.chen': false });
      const script = await fetch(`${server}/sdk/docgate.js`, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(script.status, 200);
      assert.match(String(script.headers.get('content-type')), /javascript/);
      assert.match(await (await fetch(`${site}/handbook/onboarding.html`)).text(), new RegExp(`<script src="${server}/sdk/docgate.js" data-site="handbook"`));
      const token = (await signIn(admin!)).access_token;
      const get = async <T>(url: string) =>
        (await (await fetch(`${server}${url}`, { headers: { authorization: `Bearer ${token}` } })).json()) as T;
      const { departments } = await get<DepartmentsResponse>('/v1/directory/departments');
      assert.ok(departments.length >= 18 && departments.length <= 25, `about 20 departments, got ${departments.length}`);
      let members = 0;
      let names = '';
      for (let cursor: string | null = ''; cursor !== null; ) {
        const page: UsersResponse = await get<UsersResponse>(`/v1/directory/users?status=all&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
        members += page.users.length;
        names += page.users.map((u) => u.name).join(' ');
        cursor = page.next_cursor;
      }
      assert.equal(members, Number(wecomMembers), 'every member of the simulated WeCom, synced');
      assert.match(names, /[\u4e00-\u9fff]{2,3}/, 'Chinese names');
      assert.match(names, /[A-Z][a-z]+ [A-Z][a-z]+/, 'English names');

      // Sign-in goes through the simulated WeCom: start → its QR page → the callback → the page.
      const hop = async (url: string) => {
        const response = await fetch(url, { redirect: 'manual' });
        assert.equal(response.status, 302, `${url}: ${response.status}`);
        return new URL(response.headers.get('location')!);
      };
      const verifier = 'v'.repeat(43);
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const qr = await hop(`${server}/v1/auth/wecom/start?${new URLSearchParams({ site: 'handbook', return_to: `${site}/finance/`, code_challenge: challenge, mode: 'qr' })}`);
      assert.equal(qr.origin, wecom);
      qr.searchParams.set('mock_user', 'chenjing');
      const landed = await hop((await hop(qr.href)).href);
      assert.equal(`${landed.origin}${landed.pathname}`, `${site}/finance/`);
      const exchanged = await fetch(`${server}/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'authorization_code', code: new URLSearchParams(landed.hash.slice(1)).get('dg_code'), code_verifier: verifier }),
      });
      assert.equal(((await exchanged.json()) as TokenResponse).user.name, '陈静');

      // A change in WeCom reaches docgate through the change callback.
      const created = await fetch(`${wecom}/__mock/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userid: 'newhire', name: '新同事', department: [1] }) });
      assert.equal(created.status, 201);
      const deadline = Date.now() + 10_000;
      let found = false;
      while (!found && Date.now() < deadline) {
        found = (await get<UsersResponse>('/v1/directory/users?q=newhire')).users.some((u) => u.id === 'newhire');
        if (!found) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(found, 'newhire arrived through the callback');
    } finally {
      assert.equal(await demo.stop('SIGINT'), 0);
    }

    // A second start keeps the data, syncs again, and does not seed again.
    const again = startCli(['demo', '--port', '0', '--site-port', '0', '--wecom-port', '0', '--data-dir', dataDir]);
    try {
      await again.waitFor(/Press Ctrl\+C/);
    } finally {
      await again.stop();
    }
    const database = await openDatabase({ dataDir });
    try {
      const syncs = await database.db.selectFrom('audit_log').select('id').where('action', '=', 'directory.sync').execute();
      assert.equal(syncs.length, 2);
      const seeds = await database.db.selectFrom('audit_log').select('id').where('action', '=', 'restriction.set').execute();
      assert.equal(seeds.length, 2, '/finance/ and /hr/, once');
      // newhire came by callback only; the simulator started afresh, so the second sync saw them leave.
      const newhire = await database.db.selectFrom('members').select('status').where('userid', '=', 'newhire').executeTakeFirstOrThrow();
      assert.equal(newhire.status, 'left');
    } finally {
      await database.close();
    }
  });

  it('says clearly when its port is taken', async () => {
    const first = startCli(['demo', '--port', '0', '--site-port', '0', '--wecom-port', '0', '--data-dir', path.join(work, 'demo-a')]);
    try {
      const [, port] = await first.waitFor(/server\s+http:\/\/localhost:(\d+)/);
      const second = await runCli(['demo', '--port', port!, '--site-port', '0', '--wecom-port', '0', '--data-dir', path.join(work, 'demo-b')]);
      assert.equal(second.code, 2);
      assert.match(second.stderr, /already in use.*--port/);
    } finally {
      await first.stop();
    }
  });
});
