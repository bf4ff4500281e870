import type { TokenResponse } from '@docgate/protocol';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { importMembersCsv } from '../directory/import.js';
import { createServices, type ServiceOptions } from '../server.js';
import type { Services } from '../services.js';
import { testDatabase, type TestDatabase } from './db.js';

export const TENANT = 'acme';
export const SITE = 'docs';
export const SITE_ORIGIN = 'https://docs.acme.test';
export const ADMIN = 'admin1';

/** The configuration tests start from; `patch` overrides top-level sections. */
export function testConfigValue(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    server: { host: '127.0.0.1', port: 0, publicUrl: 'http://docgate.test' },
    auth: { devLogin: true },
    log: { level: 'silent' },
    tenants: [{ id: TENANT, name: 'Acme 科技', corpId: 'wwacme', admins: [ADMIN] }],
    sites: [{ id: SITE, tenant: TENANT, name: 'Acme docs', origins: [SITE_ORIGIN] }],
    ...patch,
  };
}

export interface Harness {
  app: FastifyInstance;
  services: Services;
  config: Config;
  db: TestDatabase;
  /** signs in through dev login and returns the token answer */
  signIn(userid: string, tenant?: string): Promise<TokenResponse>;
  /** imports a CSV (UTF-8 text) into the tenant, as the CLI would */
  importCsv(csv: string, mode?: 'merge' | 'full', tenantId?: string): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** environment variables the configuration reads (WeCom secrets) */
  env?: Record<string, string>;
  services?: ServiceOptions;
}

/** A complete app on a fresh database, without a socket: call `app.inject()`. */
export async function harness(patch: Record<string, unknown> = {}, options: HarnessOptions = {}): Promise<Harness> {
  const db = await testDatabase();
  const config = loadConfig({ value: testConfigValue(patch), env: options.env ?? {} });
  const services = await createServices(config, db.database, options.services);
  services.lifecycle.ready = true;
  const app = await buildApp(services, { logger: false });
  return {
    app,
    services,
    config,
    db,
    async signIn(userid, tenant) {
      const response = await app.inject({
        method: 'POST',
        url: '/v1/auth/dev-login',
        payload: tenant ? { userid, tenant } : { userid },
      });
      if (response.statusCode !== 200) throw new Error(`dev login of ${userid} failed: ${response.statusCode} ${response.body}`);
      return response.json<TokenResponse>();
    },
    async importCsv(csv, mode = 'merge', tenantId = TENANT) {
      const tenant = config.tenants.find((t) => t.id === tenantId)!;
      await importMembersCsv(db.database, Buffer.from(csv), {
        tenantId,
        companyName: tenant.name,
        mode,
        dryRun: false,
        actor: 'system:test',
      });
    },
    async close() {
      await app.close();
      await services.reading.close();
      await db.close();
    },
  };
}

/** A small directory: the admin, two engineers (one also in QA), a salesperson. */
export const SMALL_DIRECTORY = [
  '姓名,帐号,手机,邮箱,部门,职务',
  '管理员,admin1,13800000000,admin1@acme.test,行政部,IT 管理员',
  '张伟,zhangwei,13800000001,zhangwei@acme.test,研发中心/前端组,前端工程师',
  '李娜,lina,13800000002,,研发中心/后端组;研发中心/测试组,后端工程师',
  'Emily Chen,emily.chen,,emily@acme.test,销售部,Account Executive',
].join('\n');
