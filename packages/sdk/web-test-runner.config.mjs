// Browser tests of the SDK: Chromium, against a real docgate server started here (SQLite in a
// temporary directory, dev login on), whose only allowed origin is this test runner's page.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { importMembersCsv, loadConfig, startServer } from '@docgate/server';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';

const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

const port = await freePort();
const dataDir = mkdtempSync(path.join(tmpdir(), 'docgate-sdk-test-'));
const config = loadConfig({
  value: {
    server: { host: '127.0.0.1', port: 0 },
    dataDir,
    log: { level: 'warn' },
    auth: { devLogin: true, rateLimitPerMinute: 100000 },
    tenants: [{ id: 'acme', name: 'Acme', corpId: 'wwacme', admins: ['admin1'] }],
    sites: [{ id: 'docs', tenant: 'acme', name: 'Docs', origins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`] }],
  },
  env: {},
});
const docgate = await startServer(config, { logger: false });
await importMembersCsv(
  docgate.services.database,
  Buffer.from(['姓名,帐号,部门', '管理员,admin1,IT', '张伟,zhangwei,研发中心', '陈静,chenjing,财务部', 'Emily Chen,emily.chen,Sales'].join('\n')),
  { tenantId: 'acme', companyName: 'Acme', mode: 'merge', dryRun: false, actor: 'system:test' },
);
docgate.services.permissions.changed('acme');

export default {
  files: ['src/**/*.test.ts'],
  port,
  nodeResolve: true,
  concurrency: 1,
  // The browser talks to the docgate server through real HTTP; tests read where it is here.
  testRunnerHtml: (testFramework) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<script>window.DOCGATE_TEST = ${JSON.stringify({ server: docgate.url.replace('127.0.0.1', 'localhost'), site: 'docs' })};</script>
</head><body><script type="module" src="${testFramework}"></script></body></html>`,
  testFramework: { config: { timeout: 15000 } },
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: new URL('./tsconfig.json', import.meta.url).pathname, target: 'es2022' }),
    {
      name: 'docgate-server',
      async serverStop() {
        await docgate.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    },
  ],
  browsers: [chromeLauncher({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } })],
};
