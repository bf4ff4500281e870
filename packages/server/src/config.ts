import { readFileSync } from 'node:fs';
import path from 'node:path';
import Type from 'typebox';
import Value from 'typebox/value';

const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' });

const WecomFile = Type.Object(
  {
    /** default https://qyapi.weixin.qq.com (the simulator's URL in tests and the demo) */
    apiBaseUrl: Type.Optional(Type.String({ minLength: 1 })),
    /** default https://open.weixin.qq.com: the webview sign-in page */
    oauthBaseUrl: Type.Optional(Type.String({ minLength: 1 })),
    /** default https://login.work.weixin.qq.com: the QR sign-in page */
    qrBaseUrl: Type.Optional(Type.String({ minLength: 1 })),
    /** a full sync every day at this time (HH:MM, the tenant's time zone) */
    syncDailyAt: Type.Optional(Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' })),
    /**
     * The file WeCom asks for to prove the trusted domain (可信域名) is yours: served at the root
     * of this server, e.g. {"file": "WW_verify_AbC123.txt", "content": "AbC123…"}
     */
    domainVerification: Type.Optional(
      Type.Object(
        {
          file: Type.String({ pattern: '^WW_verify_[A-Za-z0-9]{1,64}\\.txt$' }),
          content: Type.String({ minLength: 1, maxLength: 256 }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const TenantFile = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    corpId: Type.String({ minLength: 1, maxLength: 64 }),
    agentId: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    timeZone: Type.Optional(Type.String({ minLength: 1 })),
    /** userids with `manage` everywhere in this tenant, and the right to manage its directory */
    admins: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }))),
    /** WeCom sign-in and sync; secrets come from the environment (docs/configuration.md) */
    wecom: Type.Optional(WecomFile),
  },
  { additionalProperties: false },
);

const SiteFile = Type.Object(
  {
    id: Id,
    tenant: Id,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    /** where the site's pages are served from, e.g. "https://docs.example.com" */
    origins: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
    /** `company`: everyone in the tenant may read unless a folder is restricted; `private`: nobody until granted */
    defaultPolicy: Type.Optional(Type.Union([Type.Literal('company'), Type.Literal('private')])),
    protection: Type.Optional(Type.Literal('soft')),
    /** treat /a/b.html and /a/b as the same document */
    dropHtmlExtension: Type.Optional(Type.Boolean()),
    /** userids with `manage` everywhere on this site */
    admins: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }))),
  },
  { additionalProperties: false },
);

const ConfigFile = Type.Object(
  {
    server: Type.Optional(
      Type.Object(
        {
          host: Type.Optional(Type.String({ minLength: 1 })),
          port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
          publicUrl: Type.Optional(Type.String({ minLength: 1 })),
          trustProxy: Type.Optional(Type.Boolean()),
          bodyLimitBytes: Type.Optional(Type.Integer({ minimum: 1024 })),
          importLimitBytes: Type.Optional(Type.Integer({ minimum: 1024 })),
        },
        { additionalProperties: false },
      ),
    ),
    dataDir: Type.Optional(Type.String({ minLength: 1 })),
    log: Type.Optional(
      Type.Object({ level: Type.Optional(Type.String()) }, { additionalProperties: false }),
    ),
    auth: Type.Optional(
      Type.Object(
        {
          audience: Type.Optional(Type.String({ minLength: 1 })),
          accessTokenMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
          refreshTokenDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
          devLogin: Type.Optional(Type.Boolean()),
          rateLimitPerMinute: Type.Optional(Type.Integer({ minimum: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
    tenants: Type.Array(TenantFile, { minItems: 1 }),
    sites: Type.Array(SiteFile),
  },
  { additionalProperties: false },
);
export type ConfigFile = Type.Static<typeof ConfigFile>;

export interface WecomConfig {
  apiBaseUrl: string;
  oauthBaseUrl: string;
  qrBaseUrl: string;
  syncDailyAt: string | null;
  domainVerification: { file: string; content: string } | null;
  /** the self-built app's secret (sign-in; the visible range) */
  secret: string | undefined;
  /** the contacts-sync secret (通讯录同步): the whole directory, and user/list_id */
  contactsSecret: string | undefined;
  /** the change callback's Token and EncodingAESKey */
  callbackToken: string | undefined;
  callbackAesKey: string | undefined;
}

export interface TenantConfig {
  id: string;
  name: string;
  corpId: string;
  agentId: string | null;
  timeZone: string;
  admins: string[];
  wecom: WecomConfig;
}

/** Environment variables holding a tenant's WeCom secrets: DOCGATE_WECOM_<TENANT>_SECRET, … */
export function wecomSecretNames(tenantId: string) {
  const prefix = `DOCGATE_WECOM_${tenantId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_`;
  return {
    secret: `${prefix}SECRET`,
    contactsSecret: `${prefix}CONTACTS_SECRET`,
    callbackToken: `${prefix}CALLBACK_TOKEN`,
    callbackAesKey: `${prefix}CALLBACK_AES_KEY`,
  };
}

export interface SiteConfig {
  id: string;
  tenant: string;
  name: string;
  origins: string[];
  defaultPolicy: 'company' | 'private';
  protection: 'soft';
  dropHtmlExtension: boolean;
  admins: string[];
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface Config {
  host: string;
  port: number;
  /** how browsers reach this server; also the token issuer */
  publicUrl: string;
  trustProxy: boolean;
  bodyLimitBytes: number;
  importLimitBytes: number;
  dataDir: string;
  /** from DATABASE_URL only (it may hold a password) */
  databaseUrl: string | undefined;
  logLevel: LogLevel;
  auth: {
    audience: string;
    accessTokenSeconds: number;
    refreshTokenSeconds: number;
    devLogin: boolean;
    rateLimitPerMinute: number;
  };
  tenants: TenantConfig[];
  sites: SiteConfig[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid configuration (${source}):\n  - ${problems.join('\n  - ')}`);
  }
}

/** Keys that look like secrets are refused in the file: secrets come only from the environment. */
const SECRET_KEY = /secret|password|passwd|token(?!.*(minutes|days))|aes.?key|private.?key|credential/i;

export interface LoadConfigOptions {
  /** path of the JSON file; default: $DOCGATE_CONFIG, else ./docgate.config.json */
  file?: string | undefined;
  /** the configuration itself, instead of a file (the demo and tests) */
  value?: unknown;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export const DEFAULT_CONFIG_FILE = 'docgate.config.json';

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  let raw: unknown;
  let source: string;
  let baseDir = cwd;
  if (options.value !== undefined) {
    raw = options.value;
    source = 'inline configuration';
  } else {
    const file = path.resolve(cwd, options.file ?? env.DOCGATE_CONFIG ?? DEFAULT_CONFIG_FILE);
    source = file;
    baseDir = path.dirname(file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ConfigError(file, [
        code === 'ENOENT'
          ? `no configuration file at ${file}; create one (see docs/configuration.md) or pass --config <file>`
          : `cannot read ${file}: ${(error as Error).message}`,
      ]);
    }
    try {
      raw = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new ConfigError(file, [`not valid JSON: ${(error as Error).message}`]);
    }
  }
  return resolveConfig(raw, { env, baseDir, source });
}

function resolveConfig(raw: unknown, ctx: { env: NodeJS.ProcessEnv; baseDir: string; source: string }): Config {
  const problems: string[] = [];
  findSecretKeys(raw, '', problems);
  if (problems.length) throw new ConfigError(ctx.source, problems);
  if (!Value.Check(ConfigFile, raw)) {
    for (const error of Value.Errors(ConfigFile, raw)) {
      if (error.keyword === 'boolean') continue; // repeats the additionalProperties error
      const where = error.instancePath || '(top level)';
      const extra =
        error.keyword === 'additionalProperties'
          ? ` (${(error.params as { additionalProperties: string[] }).additionalProperties.join(', ')})`
          : '';
      problems.push(`${where}: ${error.message}${extra}`);
    }
    throw new ConfigError(ctx.source, problems);
  }
  const file = raw as ConfigFile;
  const { env } = ctx;

  const host = env.DOCGATE_HOST ?? file.server?.host ?? '127.0.0.1';
  const port = parseEnvInt(env, 'DOCGATE_PORT', problems) ?? file.server?.port ?? 8787;
  const publicHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const publicUrl = stripSlash(env.DOCGATE_PUBLIC_URL ?? file.server?.publicUrl ?? `http://${publicHost}:${port}`);
  if (!isHttpOrigin(publicUrl, true)) problems.push(`server.publicUrl: "${publicUrl}" is not an http(s) URL`);
  const logLevel = (env.DOCGATE_LOG_LEVEL ?? file.log?.level ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`log.level: "${logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);

  const tenantIds = new Set<string>();
  const tenants: TenantConfig[] = file.tenants.map((t, i) => {
    if (tenantIds.has(t.id)) problems.push(`/tenants/${i}/id: tenant "${t.id}" is defined twice`);
    tenantIds.add(t.id);
    const timeZone = t.timeZone ?? 'Asia/Shanghai';
    if (!isTimeZone(timeZone)) problems.push(`/tenants/${i}/timeZone: "${timeZone}" is not an IANA time zone`);
    const names = wecomSecretNames(t.id);
    const wecom: WecomConfig = {
      apiBaseUrl: stripSlash(t.wecom?.apiBaseUrl ?? 'https://qyapi.weixin.qq.com'),
      oauthBaseUrl: stripSlash(t.wecom?.oauthBaseUrl ?? 'https://open.weixin.qq.com'),
      qrBaseUrl: stripSlash(t.wecom?.qrBaseUrl ?? 'https://login.work.weixin.qq.com'),
      syncDailyAt: t.wecom?.syncDailyAt ?? null,
      domainVerification: t.wecom?.domainVerification ?? null,
      secret: env[names.secret] || undefined,
      contactsSecret: env[names.contactsSecret] || undefined,
      callbackToken: env[names.callbackToken] || undefined,
      callbackAesKey: env[names.callbackAesKey] || undefined,
    };
    for (const key of ['apiBaseUrl', 'oauthBaseUrl', 'qrBaseUrl'] as const) {
      if (!isHttpOrigin(wecom[key], true)) problems.push(`/tenants/${i}/wecom/${key}: "${wecom[key]}" is not an http(s) URL`);
    }
    if (wecom.callbackAesKey !== undefined && !/^[A-Za-z0-9+/]{43}$/.test(wecom.callbackAesKey)) {
      problems.push(`${names.callbackAesKey}: an EncodingAESKey is 43 letters and digits`);
    }
    return {
      id: t.id,
      name: t.name,
      corpId: t.corpId,
      agentId: t.agentId ?? null,
      timeZone,
      admins: [...new Set(t.admins ?? [])],
      wecom,
    };
  });
  const siteIds = new Set<string>();
  const sites: SiteConfig[] = file.sites.map((s, i) => {
    if (siteIds.has(s.id)) problems.push(`/sites/${i}/id: site "${s.id}" is defined twice`);
    siteIds.add(s.id);
    if (!tenantIds.has(s.tenant)) problems.push(`/sites/${i}/tenant: no tenant "${s.tenant}" is defined`);
    const origins = s.origins.map((o) => stripSlash(o));
    origins.forEach((o, j) => {
      if (!isHttpOrigin(o, false)) {
        problems.push(`/sites/${i}/origins/${j}: "${o}" is not an origin (scheme://host[:port], no path)`);
      }
    });
    return {
      id: s.id,
      tenant: s.tenant,
      name: s.name,
      origins: [...new Set(origins)],
      defaultPolicy: s.defaultPolicy ?? 'company',
      protection: s.protection ?? 'soft',
      dropHtmlExtension: s.dropHtmlExtension ?? false,
      admins: [...new Set(s.admins ?? [])],
    };
  });

  const devLogin = parseEnvBool(env, 'DOCGATE_DEV_LOGIN', problems) ?? file.auth?.devLogin ?? false;
  const trustProxy = parseEnvBool(env, 'DOCGATE_TRUST_PROXY', problems) ?? file.server?.trustProxy ?? false;
  if (problems.length) throw new ConfigError(ctx.source, problems);

  return {
    host,
    port,
    publicUrl,
    trustProxy,
    bodyLimitBytes: file.server?.bodyLimitBytes ?? 1024 * 1024,
    importLimitBytes: file.server?.importLimitBytes ?? 50 * 1024 * 1024,
    dataDir: path.resolve(ctx.baseDir, env.DOCGATE_DATA_DIR ?? file.dataDir ?? 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    logLevel,
    auth: {
      audience: file.auth?.audience ?? 'docgate',
      accessTokenSeconds: (file.auth?.accessTokenMinutes ?? 15) * 60,
      refreshTokenSeconds: (file.auth?.refreshTokenDays ?? 30) * 86400,
      devLogin,
      // Generous: a whole company often reaches us from one NAT address.
      rateLimitPerMinute: file.auth?.rateLimitPerMinute ?? 600,
    },
    tenants,
    sites,
  };
}

function findSecretKeys(value: unknown, at: string, problems: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => findSecretKeys(v, `${at}/${i}`, problems));
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (SECRET_KEY.test(key)) {
        problems.push(
          `${at}/${key}: secrets are read only from the environment, never from the configuration file (see docs/configuration.md)`,
        );
      }
      findSecretKeys(v, `${at}/${key}`, problems);
    }
  }
}

function parseEnvInt(env: NodeJS.ProcessEnv, name: string, problems: string[]): number | undefined {
  const v = env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    problems.push(`${name}: "${v}" is not a port number`);
    return undefined;
  }
  return n;
}

function parseEnvBool(env: NodeJS.ProcessEnv, name: string, problems: string[]): boolean | undefined {
  const v = env[name]?.toLowerCase();
  if (v === undefined || v === '') return undefined;
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  problems.push(`${name}: "${env[name]}" is not a boolean (true/false)`);
  return undefined;
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function isHttpOrigin(value: string, allowPath: boolean): boolean {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    return allowPath ? true : url.origin === value;
  } catch {
    return false;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
