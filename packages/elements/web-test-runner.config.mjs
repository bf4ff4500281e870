// Browser tests of the elements: Chromium, against a real docgate server started here (SQLite in
// a temporary directory, dev login on) whose directory comes from a simulated WeCom through a
// real sync, and a second company of 5 000 departments and 20 000 members imported from CSV
// (large-organisation behaviour: virtualised tree and search).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importMembersCsv, loadConfig, startServer } from '@docgate/server';
import { startWecomMock } from '@docgate/wecom-mock';
import { browserTests, freePort } from '../../scripts/web-test-runner.mjs';
import { bigOrganisationCsv, seedWorld } from './test-world.mjs';

const port = await freePort();
const serverPort = await freePort();
const origins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
const dataDir = mkdtempSync(path.join(tmpdir(), 'docgate-elements-test-'));
const wecom = await startWecomMock({ organisation: { seed: 11, members: 40, departments: 6, maxDepth: 3, tags: 0 }, trustedDomains: [`localhost:${serverPort}`] });
const config = loadConfig({
  value: {
    server: { host: '127.0.0.1', port: serverPort, publicUrl: `http://localhost:${serverPort}` },
    dataDir,
    log: { level: 'warn' },
    auth: { devLogin: true, rateLimitPerMinute: 1000000 },
    tenants: [
      {
        id: 'acme',
        name: 'Acme',
        corpId: wecom.corp.corpId,
        agentId: wecom.corp.agentId,
        admins: ['admin1'],
        wecom: { apiBaseUrl: wecom.url, oauthBaseUrl: wecom.url, qrBaseUrl: wecom.url },
      },
      { id: 'big', name: '大公司', corpId: 'wwbig0company0001', agentId: '1000002', admins: ['bigadmin'] },
    ],
    sites: [
      { id: 'docs', tenant: 'acme', name: 'Docs', origins },
      { id: 'bigdocs', tenant: 'big', name: 'Big docs', origins },
    ],
  },
  env: { DOCGATE_WECOM_ACME_SECRET: wecom.corp.secret, DOCGATE_WECOM_ACME_CONTACTS_SECRET: wecom.corp.contactsSecret },
});
const docgate = await startServer(config, { logger: false });
const server = docgate.url.replace('127.0.0.1', 'localhost');
const world = await seedWorld({ server: docgate.url, wecom, sync: () => docgate.services.sync.run({ tenantId: 'acme', trigger: 'cli', requestedBy: 'system:test' }) });
await importMembersCsv(docgate.services.database, Buffer.from(bigOrganisationCsv()), {
  tenantId: 'big',
  companyName: '大公司',
  mode: 'merge',
  dryRun: false,
  actor: 'system:test',
});
docgate.services.permissions.changed('big');

export default browserTests({
  port,
  tsconfig: new URL('./tsconfig.json', import.meta.url).pathname,
  testData: { server, site: 'docs', world },
  timeout: 20000,
  plugins: [
    {
      name: 'docgate-server',
      async serverStop() {
        await docgate.close();
        await wecom.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
      /**
       * Server-side commands for tests: `wecom` changes the simulated WeCom (add a member before
       * a sync, make WeCom fail), so a sync has something to bring in.
       */
      async executeCommand({ command, payload }) {
        if (command === 'wecom-create-user') {
          await wecom.createUser(payload);
          return true;
        }
        if (command === 'wecom-fault') {
          wecom.injectFault(payload);
          return true;
        }
        if (command === 'wecom-clear-faults') {
          wecom.clearFaults();
          return true;
        }
        return undefined;
      },
    },
  ],
});
