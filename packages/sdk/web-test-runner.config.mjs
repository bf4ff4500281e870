// Browser tests of the SDK: Chromium, against a real docgate server started here (SQLite in a
// temporary directory, dev login on), whose only allowed origin is this test runner's page, and
// a WeCom simulator the server signs in with.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importMembersCsv, loadConfig, startServer } from '@docgate/server';
import { startWecomMock } from '@docgate/wecom-mock';
import { browserTests, freePort } from '../../scripts/web-test-runner.mjs';

const port = await freePort();
const serverPort = await freePort();
const dataDir = mkdtempSync(path.join(tmpdir(), 'docgate-sdk-test-'));
const wecom = await startWecomMock({ organisation: { seed: 3, members: 20, departments: 4 }, trustedDomains: [`localhost:${serverPort}`] });
await wecom.createUser({ userid: 'zhangwei', name: '张伟', department: [1] });
await wecom.createUser({ userid: 'chenjing', name: '陈静', department: [1] });
const config = loadConfig({
  value: {
    server: { host: '127.0.0.1', port: serverPort, publicUrl: `http://localhost:${serverPort}` },
    dataDir,
    log: { level: 'warn' },
    auth: { devLogin: true, rateLimitPerMinute: 100000 },
    tenants: [
      {
        id: 'acme',
        name: 'Acme',
        corpId: wecom.corp.corpId,
        agentId: wecom.corp.agentId,
        admins: ['admin1'],
        wecom: { apiBaseUrl: wecom.url, oauthBaseUrl: wecom.url, qrBaseUrl: wecom.url },
      },
    ],
    sites: [{ id: 'docs', tenant: 'acme', name: 'Docs', origins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`] }],
  },
  env: { DOCGATE_WECOM_ACME_SECRET: wecom.corp.secret },
});
const docgate = await startServer(config, { logger: false });
await importMembersCsv(
  docgate.services.database,
  Buffer.from(['姓名,帐号,部门', '管理员,admin1,IT', '张伟,zhangwei,研发中心', '陈静,chenjing,财务部', 'Emily Chen,emily.chen,Sales'].join('\n')),
  { tenantId: 'acme', companyName: 'Acme', mode: 'merge', dryRun: false, actor: 'system:test' },
);
docgate.services.permissions.changed('acme');

export default browserTests({
  port,
  tsconfig: new URL('./tsconfig.json', import.meta.url).pathname,
  testData: { server: docgate.url.replace('127.0.0.1', 'localhost'), site: 'docs' },
  timeout: 15000,
  plugins: [
    {
      name: 'docgate-server',
      async serverStop() {
        await docgate.close();
        await wecom.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
      /**
       * executeServerCommand('wecom-sign-in', {userid, challenge, returnTo, mode}): a sign-in
       * through docgate and the simulated WeCom, hop by hop over HTTP, as the browser would go
       * (a test page cannot leave itself). Answers where the browser lands: returnTo#dg_code=….
       */
      async executeCommand({ command, payload }) {
        if (command !== 'wecom-sign-in') return undefined;
        const { userid, challenge, returnTo, mode = 'webview' } = payload;
        const hop = async (url) => {
          const response = await fetch(url, { redirect: 'manual' });
          if (response.status !== 302) throw new Error(`${url}: ${response.status} ${await response.text()}`);
          return new URL(response.headers.get('location'));
        };
        const page = await hop(`${docgate.url}/v1/auth/wecom/start?${new URLSearchParams({ site: 'docs', return_to: returnTo, code_challenge: challenge, mode })}`);
        page.hash = '';
        page.searchParams.set('mock_user', userid);
        return (await hop(await hop(page))).href;
      },
    },
  ],
});
