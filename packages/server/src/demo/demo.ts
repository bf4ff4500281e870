import { existsSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { normalizePath } from '@docgate/protocol';
import { sitemapLocations } from '../lib/sitemap.js';
import { appendAudit } from '../store/audit.js';
import { upsertDocuments } from '../store/catalog.js';
import { insertGrant, newGrantId, setRestriction } from '../store/grants.js';
import path from 'node:path';
import { loadConfig, type Config } from '../config.js';
import { packageRoot } from '../lib/package-root.js';
import { importMembersCsv } from '../directory/import.js';
import { startServer, type RunningServer } from '../server.js';
import { countMembers, listDepartments, upsertTag } from '../store/directory.js';
import { bumpRevision } from '../store/tenants.js';
import { DEMO_COMPANY, generateOrganisation, organisationCsv, type Organisation } from './org.js';
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
  close(): Promise<void>;
}

/** examples/static-site of the repository this package sits in (absent from an npm install). */
export function defaultSiteDir(): string {
  return path.resolve(packageRoot(), '../../examples/static-site');
}

export function demoOrganisation(): Organisation {
  return generateOrganisation({
    seed: 20261122,
    members: 200,
    departments: 20,
    maxDepth: 4,
    fixed: [DEMO_ACCOUNTS.admin, ...DEMO_ACCOUNTS.employees],
  });
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
  const site = await serveStaticSite(siteDir, options.host, options.sitePort, () => serverUrl);
  const siteOrigins = [site.url, site.url.replace('localhost', '127.0.0.1')];
  let server: RunningServer;
  try {
    const config = loadConfig({
      value: {
        server: { host: options.host, port: options.port },
        dataDir: options.dataDir,
        log: { level: options.logLevel ?? 'warn' },
        auth: { devLogin: true },
        tenants: [
          {
            id: DEMO_TENANT,
            name: DEMO_COMPANY,
            corpId: 'wwlanting0demo0corp',
            agentId: '1000002',
            timeZone: 'Asia/Shanghai',
            admins: [DEMO_ACCOUNTS.admin.userid],
          },
        ],
        sites: [{ id: DEMO_SITE, tenant: DEMO_TENANT, name: '兰亭科技内部文档 Lanting Docs', origins: siteOrigins }],
      },
      // The demo is self-contained: it ignores DATABASE_URL and the other variables on purpose.
      env: { DOCGATE_LOG_LEVEL: process.env.DOCGATE_LOG_LEVEL },
    });
    server = await startServer(config);
    serverUrl = server.url.replace('127.0.0.1', 'localhost');
  } catch (error) {
    await site.app.close();
    throw error;
  }
  try {
    await seedDemo(server, siteDir);
  } catch (error) {
    await server.close();
    await site.app.close();
    throw error;
  }
  return {
    server,
    siteUrl: site.url,
    async close() {
      await Promise.all([server.close(), site.app.close()]);
    },
  };
}

/**
 * Fills an empty directory with the demo company, catalogues the example site from its sitemap,
 * and restricts /finance/ and /hr/ to their departments, so that two employees see different
 * pages. A database that already has members is left alone.
 */
async function seedDemo(server: RunningServer, siteDir: string): Promise<void> {
  const { database } = server.services;
  if ((await countMembers(database.db, DEMO_TENANT)) > 0) return;
  const org = demoOrganisation();
  await importMembersCsv(database, Buffer.from(organisationCsv(org)), {
    tenantId: DEMO_TENANT,
    companyName: DEMO_COMPANY,
    mode: 'merge',
    dryRun: false,
    actor: 'system:demo',
  });
  const leaders = org.members.filter((m) => /总监|经理|Manager/.test(m.position)).map((m) => m.userid);
  const newcomers = org.members.filter((_, i) => i % 13 === 5).map((m) => m.userid);
  // The import gives departments their own ids: look them up by name.
  const departments = await listDepartments(database.db, DEMO_TENANT);
  const departmentId = (name: string) => departments.find((d) => d.name === name)!.id;
  const finance = departmentId('财务部');
  await database.db.transaction().execute(async (trx) => {
    await bumpRevision(trx, DEMO_TENANT);
    await upsertTag(trx, DEMO_TENANT, { id: 1, name: '管理层 Leadership', userids: leaders, departmentIds: [] });
    await upsertTag(trx, DEMO_TENANT, { id: 2, name: '新员工 New hires', userids: newcomers, departmentIds: [] });
    await upsertTag(trx, DEMO_TENANT, {
      id: 3,
      name: '财务审批人 Finance approvers',
      userids: [DEMO_ACCOUNTS.admin.userid],
      departmentIds: [finance],
    });
    const hr = departmentId('人力资源部');
    const actor = 'system:demo';
    for (const [folder, department] of [
      ['/finance/', finance],
      ['/hr/', hr],
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
