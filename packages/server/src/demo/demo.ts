import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { readFile } from 'node:fs/promises';
import { normalizePath } from '@docgate/protocol';
import { sitemapLocations } from '../lib/sitemap.js';
import { appendAudit } from '../store/audit.js';
import { upsertDocuments } from '../store/catalog.js';
import { insertGrant, newGrantId, setRestriction } from '../store/grants.js';
import { bumpRevision } from '../store/tenants.js';
import path from 'node:path';
import { generateOrganisation, startWecomMock, type MockOrganisation, type WecomMock } from '@docgate/wecom-mock';
import { loadConfig, wecomSecretNames, type Config } from '../config.js';
import { packageRoot } from '../lib/package-root.js';
import { startServer, type RunningServer } from '../server.js';
import { DEMO_COMPANY } from './org.js';
import { serveStaticSite } from './static-site.js';

export const DEMO_TENANT = 'lanting';
export const DEMO_SITE = 'handbook';

/** The accounts the demo prints, so anyone can sign in through dev login. */
export const DEMO_ACCOUNTS = {
  admin: { userid: 'liuyang', name: '刘洋', position: 'IT 管理员', departmentPath: ['行政部'] },
  employees: [
    { userid: 'zhangwei', name: '张伟', position: '前端工程师', departmentPath: ['研发中心', '前端组'] },
    { userid: 'chenjing', name: '陈静', position: '会计', departmentPath: ['财务部'] },
    { userid: 'emily.chen', name: 'Emily Chen', position: 'Account Executive', departmentPath: ['销售部', 'International Sales'] },
  ],
} as const;

export interface DemoOptions {
  host: string;
  port: number;
  sitePort: number;
  /** the WeCom simulator's port */
  wecomPort: number;
  dataDir: string;
  /** folder of the example site; default: examples/static-site of this repository */
  siteDir?: string | undefined;
  /** start from an empty database */
  reset?: boolean;
  /** pino level for the server's log */
  logLevel?: Config['logLevel'];
}

export interface RunningDemo {
  server: RunningServer;
  siteUrl: string;
  wecom: WecomMock;
  close(): Promise<void>;
}

/** examples/static-site of the repository this package sits in (absent from an npm install). */
export function defaultSiteDir(): string {
  return path.resolve(packageRoot(), '../../examples/static-site');
}

/** The demo corp's callback settings (a demo needs no secrecy: the simulator is local). */
const DEMO_CALLBACK = { token: 'lantingDemoCallbackToken', encodingAESKey: 'bGFudGluZ0RlbW9DYWxsYmFja0Flc0tleTAxMjM0NTY' };

/**
 * The demo company as WeCom holds it: 200 generated members in WeCom's departments, the
 * accounts the demo prints, and three tags.
 */
export function demoOrganisation(): MockOrganisation {
  const org = generateOrganisation({ seed: 20261122, members: 200, departments: 20, maxDepth: 4, tags: 0 });
  const byPath = (names: readonly string[]) => {
    let parent = 1;
    for (const name of names) parent = org.departments.find((d) => d.parentid === parent && d.name === name)!.id;
    return parent;
  };
  const template = org.users.find((u) => u.status === 1)!;
  // Generated pinyin userids may already be taken by the demo's accounts: those people make way.
  const fixed = new Set<string>([DEMO_ACCOUNTS.admin.userid, ...DEMO_ACCOUNTS.employees.map((e) => e.userid)]);
  org.users = org.users.filter((u) => !fixed.has(u.userid));
  for (const user of org.users) user.direct_leader = user.direct_leader.filter((l) => !fixed.has(l));
  for (const department of org.departments) department.department_leader = department.department_leader.filter((l) => !fixed.has(l));
  for (const account of [DEMO_ACCOUNTS.admin, ...DEMO_ACCOUNTS.employees].reverse()) {
    const department = byPath(account.departmentPath);
    org.users.unshift({
      ...template,
      userid: account.userid,
      name: account.name,
      position: account.position,
      department: [department],
      order: [0],
      is_leader_in_dept: [0],
      direct_leader: [],
      main_department: department,
      mobile: '',
      email: `${account.userid}@lanting.example`,
      biz_mail: '',
      alias: '',
      open_userid: `wo${account.userid.replace(/\W/g, '')}`,
      status: 1,
      extattr: { attrs: [] },
    });
  }
  const leaders = org.users.filter((u) => /总监|经理|Manager/.test(u.position)).map((u) => u.userid);
  const newcomers = org.users.filter((u, i) => i % 13 === 5 && u.status === 1).map((u) => u.userid);
  org.tags = [
    { tagid: 1, tagname: '管理层 Leadership', users: leaders, parties: [] },
    { tagid: 2, tagname: '新员工 New hires', users: newcomers, parties: [] },
    { tagid: 3, tagname: '财务审批人 Finance approvers', users: [DEMO_ACCOUNTS.admin.userid], parties: [byPath(['财务部'])] },
  ];
  return org;
}

/**
 * `docgate demo`: the server on SQLite in a local data directory with a seeded organisation and
 * dev login, plus the example site on its own origin (as a real documentation host would be).
 */
export async function runDemo(options: DemoOptions): Promise<RunningDemo> {
  const siteDir = options.siteDir ?? defaultSiteDir();
  if (!existsSync(path.join(siteDir, 'index.html'))) {
    throw new Error(`no example site at ${siteDir}; point --site-dir at a folder of HTML pages`);
  }
  if (options.reset) rmSync(options.dataDir, { recursive: true, force: true });

  let serverUrl = 'http://localhost:8787';
  const stack: Array<() => Promise<unknown>> = [];
  const unwind = () => Promise.all(stack.splice(0).map((close) => close().catch(() => {})));
  try {
    const site = await serveStaticSite(siteDir, options.host, options.sitePort, () => serverUrl);
    stack.push(() => site.app.close());
    const siteOrigins = [site.url, site.url.replace('localhost', '127.0.0.1')];
    // The server's port must be known before WeCom can trust it (the sign-in's redirect_uri).
    const port = options.port || (await freePort(options.host));
    const wecom = await startWecomMock({
      host: options.host,
      port: options.wecomPort,
      corpId: 'wwlanting0demo0corp',
      organisation: demoOrganisation(),
      trustedDomains: [`localhost:${port}`, `127.0.0.1:${port}`],
      featuredUsers: [DEMO_ACCOUNTS.admin.userid, ...DEMO_ACCOUNTS.employees.map((e) => e.userid)],
    });
    stack.push(() => wecom.close());
    const names = wecomSecretNames(DEMO_TENANT);
    const config = loadConfig({
      value: {
        server: { host: options.host, port, publicUrl: `http://localhost:${port}` },
        dataDir: options.dataDir,
        log: { level: options.logLevel ?? 'warn' },
        auth: { devLogin: true },
        tenants: [
          {
            id: DEMO_TENANT,
            name: DEMO_COMPANY,
            corpId: wecom.corp.corpId,
            agentId: wecom.corp.agentId,
            timeZone: 'Asia/Shanghai',
            admins: [DEMO_ACCOUNTS.admin.userid],
            wecom: { apiBaseUrl: wecom.url, oauthBaseUrl: wecom.url.replace('127.0.0.1', 'localhost'), qrBaseUrl: wecom.url.replace('127.0.0.1', 'localhost') },
          },
        ],
        sites: [{ id: DEMO_SITE, tenant: DEMO_TENANT, name: '兰亭科技内部文档 Lanting Docs', origins: siteOrigins }],
      },
      // The demo is self-contained: it ignores DATABASE_URL and the other variables on purpose,
      // and its WeCom secrets are the simulator's.
      env: {
        DOCGATE_LOG_LEVEL: process.env.DOCGATE_LOG_LEVEL,
        [names.secret]: wecom.corp.secret,
        [names.contactsSecret]: wecom.corp.contactsSecret,
        [names.callbackToken]: DEMO_CALLBACK.token,
        [names.callbackAesKey]: DEMO_CALLBACK.encodingAESKey,
      },
    });
    const server = await startServer(config);
    stack.unshift(() => server.close());
    serverUrl = server.url.replace('127.0.0.1', 'localhost');
    await seedDemo(server, siteDir);
    const callback = await wecom.setCallback({ url: `${server.url}/v1/wecom/callback`, ...DEMO_CALLBACK });
    if (!callback.verified) throw new Error(`the WeCom simulator refused the callback URL: ${callback.reason}`);
    return {
      server,
      siteUrl: site.url,
      wecom,
      async close() {
        await unwind();
      },
    };
  } catch (error) {
    await unwind();
    throw error;
  }
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
      .once('error', reject)
      .listen(0, host, () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
  });
}

/**
 * Brings the directory in from the simulated WeCom (a full sync, as a real deployment's first
 * step; again at each start, since the simulator starts afresh), and on the first start
 * catalogues the example site from its sitemap and restricts /finance/ and /hr/ to their
 * departments, so that two employees see different pages.
 */
async function seedDemo(server: RunningServer, siteDir: string): Promise<void> {
  const { database, sync } = server.services;
  const job = await sync.run({ tenantId: DEMO_TENANT, trigger: 'cli', requestedBy: 'system:demo' });
  if (job.state !== 'done') throw new Error(`the first sync from the WeCom simulator failed: ${job.error}`);
  const seeded = await database.db.selectFrom('audit_log').select('actor').where('tenant_id', '=', DEMO_TENANT).where('action', '=', 'restriction.set').where('actor', '=', 'system:demo').executeTakeFirst();
  if (seeded) return;
  const departments = await database.db.selectFrom('departments').select(['id', 'name']).where('tenant_id', '=', DEMO_TENANT).execute();
  const departmentId = (name: string) => Number(departments.find((d) => d.name === name)!.id);
  await database.db.transaction().execute(async (trx) => {
    await bumpRevision(trx, DEMO_TENANT);
    const actor = 'system:demo';
    for (const [folder, department] of [
      ['/finance/', departmentId('财务部')],
      ['/hr/', departmentId('人力资源部')],
    ] as const) {
      await setRestriction(trx, DEMO_TENANT, DEMO_SITE, folder, true, actor);
      const grant = { id: newGrantId(), siteId: DEMO_SITE, path: folder, subject: `dept:${department}/*`, level: 'read' as const, expiresAt: null, createdBy: actor, createdAt: Date.now() };
      await insertGrant(trx, DEMO_TENANT, grant);
      await appendAudit(trx, { tenantId: DEMO_TENANT, actor, action: 'restriction.set', siteId: DEMO_SITE, target: folder, after: { restricted: true } });
      await appendAudit(trx, { tenantId: DEMO_TENANT, actor, action: 'grant.create', siteId: DEMO_SITE, target: folder, after: grant });
    }
    const sitemap = sitemapLocations(await readFile(path.join(siteDir, 'sitemap.xml'), 'utf8').catch(() => '<urlset/>'));
    const docs = 'locations' in sitemap ? sitemap.locations.flatMap((loc) => {
      const normalized = normalizePath(loc);
      return normalized.ok ? [{ path: normalized.path, title: null }] : [];
    }) : [];
    await upsertDocuments(trx, DEMO_TENANT, DEMO_SITE, docs, 'sitemap');
  });
  server.services.permissions.changed(DEMO_TENANT);
}
