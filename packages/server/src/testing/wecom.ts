import { createServer } from 'node:net';
import { startWecomMock, type CallbackOptions, type MockOrganisation, type WecomMock, type WecomMockOptions } from '@docgate/wecom-mock';
import type { TokenResponse } from '@docgate/protocol';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig, wecomSecretNames, type Config } from '../config.js';
import { createServices, type ServiceOptions } from '../server.js';
import type { Services } from '../services.js';
import type { Database } from '../db/database.js';
import { tagsWithContents } from '../store/directory.js';
import { testDatabase, type TestDatabase } from './db.js';
import { ADMIN, SITE, SITE_ORIGIN, TENANT, testConfigValue } from './harness.js';

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
  });

export interface WecomWorld {
  mock: WecomMock;
  app: FastifyInstance;
  services: Services;
  config: Config;
  db: TestDatabase;
  /** the docgate server's URL (real HTTP, 127.0.0.1) */
  url: string;
  /** the callback token and EncodingAESKey docgate was given */
  callback: { token: string; encodingAESKey: string };
  /** a tenant admin's access token (dev login) */
  adminToken(): Promise<string>;
  /** runs a full sync to its end */
  sync(): Promise<Awaited<ReturnType<Services['sync']['run']>>>;
  close(): Promise<void>;
}

export interface WecomWorldOptions {
  organisation?: MockOrganisation | { seed?: number; members: number; departments: number; tags?: number };
  mock?: Omit<WecomMockOptions, 'organisation'>;
  /** give docgate the contacts-sync secret (default true) */
  contactsSecret?: boolean;
  /** point WeCom's change callbacks at docgate (default true) */
  callbacks?: boolean;
  /** reduced (ids only) callback payloads, retry delays… */
  callback?: Partial<Omit<CallbackOptions, 'url' | 'token' | 'encodingAESKey'>>;
  services?: ServiceOptions;
}

/** WeCom's test vector key (wecom.md): any valid 43-character EncodingAESKey does. */
const AES_KEY = '4Ma3YBrSBbX2aez8MJpXGBne5LSDwgGqHbhM9WPYIws';

/**
 * The WeCom simulator and a docgate server wired to it over real HTTP on 127.0.0.1: the tenant's
 * WeCom URLs point at the simulator, its secrets are the simulator's, the simulator trusts the
 * server's host as the app's domain, and (optionally) sends its change callbacks to the server.
 */
export async function wecomWorld(options: WecomWorldOptions = {}): Promise<WecomWorld> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const mock = await startWecomMock({
    organisation: options.organisation ?? { seed: 7, members: 60, departments: 12, tags: 3 },
    trustedDomains: [`127.0.0.1:${port}`],
    ...options.mock,
  });
  const callback = { token: 'docgateCallbackToken', encodingAESKey: AES_KEY };
  const names = wecomSecretNames(TENANT);
  const env: Record<string, string> = {
    [names.secret]: mock.corp.secret,
    [names.callbackToken]: callback.token,
    [names.callbackAesKey]: callback.encodingAESKey,
  };
  if (options.contactsSecret !== false) env[names.contactsSecret] = mock.corp.contactsSecret;
  const db = await testDatabase();
  const config = loadConfig({
    value: testConfigValue({
      server: { host: '127.0.0.1', port, publicUrl: url },
      tenants: [
        {
          id: TENANT,
          name: 'Acme 科技',
          corpId: mock.corp.corpId,
          agentId: mock.corp.agentId,
          admins: [ADMIN],
          wecom: { apiBaseUrl: mock.url, oauthBaseUrl: mock.url, qrBaseUrl: mock.url },
        },
      ],
      sites: [{ id: SITE, tenant: TENANT, name: 'Acme docs', origins: [SITE_ORIGIN] }],
    }),
    env,
  });
  const services = await createServices(config, db.database, { wecom: { retryBudgetMs: 2_000, ...options.services?.wecom } });
  const app = await buildApp(services, { logger: false });
  await app.listen({ host: '127.0.0.1', port });
  services.lifecycle.ready = true;
  if (options.callbacks !== false) {
    const set = await mock.setCallback({ url: `${url}/v1/wecom/callback`, ...callback, ...options.callback });
    if (!set.verified) throw new Error(`the simulator refused docgate's callback URL: ${set.reason}`);
  }
  return {
    mock,
    app,
    services,
    config,
    db,
    url,
    callback,
    async adminToken() {
      const response = await fetch(`${url}/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userid: ADMIN }) });
      if (!response.ok) throw new Error(`dev login failed: ${response.status} ${await response.text()}`);
      return ((await response.json()) as TokenResponse).access_token;
    },
    sync: () => services.sync.run({ tenantId: TENANT, trigger: 'api', requestedBy: 'system:test' }),
    async close() {
      await app.close();
      await mock.close();
      await db.close();
    },
  };
}

export interface DirectoryDump {
  departments: Array<{ id: number; name: string; nameEn: string | null; parentId: number | null; order: number }>;
  members: Array<{ userid: string; name: string; position: string; mobile: string | null; email: string | null; mainDepartment: number | null; status: string; departments: number[] }>;
  tags: Array<{ id: number; name: string; userids: string[]; departmentIds: number[] }>;
}

/** The tenant's directory as docgate holds it, in a stable order, for comparisons. */
export async function dumpDirectory(database: Database, tenantId = TENANT): Promise<DirectoryDump> {
  const db = database.db;
  const departments = await db.selectFrom('departments').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
  const members = await db.selectFrom('members').selectAll().where('tenant_id', '=', tenantId).orderBy('userid').execute();
  const memberships = await db.selectFrom('member_departments').select(['userid', 'department_id']).where('tenant_id', '=', tenantId).execute();
  const byMember = new Map<string, number[]>();
  for (const m of memberships) byMember.set(m.userid, [...(byMember.get(m.userid) ?? []), Number(m.department_id)]);
  const tags = await tagsWithContents(db, tenantId);
  return {
    departments: departments.map((d) => ({ id: Number(d.id), name: d.name, nameEn: d.name_en, parentId: d.parent_id === null ? null : Number(d.parent_id), order: Number(d.order_no) })),
    // Sorted here, not by the database: PostgreSQL's collation is not JavaScript's order.
    members: [...members].sort((a, b) => (a.userid < b.userid ? -1 : a.userid > b.userid ? 1 : 0)).map((m) => ({
      userid: m.userid,
      name: m.name,
      position: m.position,
      mobile: m.mobile,
      email: m.email,
      mainDepartment: m.main_department === null ? null : Number(m.main_department),
      status: m.status,
      departments: (byMember.get(m.userid) ?? []).sort((a, b) => a - b),
    })),
    tags: [...tags].sort((a, b) => a.id - b.id).map((t) => ({ id: t.id, name: t.name, userids: [...t.userids].sort(), departmentIds: [...t.departmentIds].sort((a, b) => a - b) })),
  };
}

/** What docgate must hold after a full sync of this organisation (wecom.md's fields, docgate's names). */
export function expectedDirectory(organisation: MockOrganisation): DirectoryDump {
  const status = { 1: 'active', 2: 'disabled', 4: 'active', 5: 'left' } as const;
  return {
    departments: [...organisation.departments]
      .sort((a, b) => a.id - b.id)
      .map((d) => ({ id: d.id, name: d.name, nameEn: d.name_en || null, parentId: d.parentid === 0 ? null : d.parentid, order: d.order })),
    members: [...organisation.users]
      .sort((a, b) => (a.userid < b.userid ? -1 : a.userid > b.userid ? 1 : 0))
      .map((u) => ({
        userid: u.userid,
        name: u.name,
        position: u.position,
        mobile: u.mobile || null,
        email: u.email || null,
        mainDepartment: u.main_department,
        status: status[u.status],
        departments: [...u.department].sort((a, b) => a - b),
      })),
    tags: [...organisation.tags]
      .sort((a, b) => a.tagid - b.tagid)
      .map((t) => ({ id: t.tagid, name: t.tagname, userids: [...t.users].sort(), departmentIds: [...t.parties].sort((a, b) => a - b) })),
  };
}
