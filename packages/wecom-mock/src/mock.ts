import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildMockApp } from './app.js';
import { CallbackDispatcher, type CallbackOptions, type DeliveryRecord } from './internal/callbacks.js';
import { Directory, type VisibleRange } from './internal/directory.js';
import { Faults, type Fault } from './internal/faults.js';
import { DEFAULT_LIMITS, RateLimiter, type Limits } from './internal/limits.js';
import { SignInStore } from './internal/sign-in.js';
import type { MockState } from './internal/state.js';
import { TokenStore } from './internal/tokens.js';
import { generateOrganisation } from './organisation/generate.js';
import type { GenerateOptions, MockOrganisation, MockUser } from './organisation/types.js';

export type { CallbackOptions } from './internal/callbacks.js';

export interface WecomMockOptions {
  /** default '127.0.0.1' */
  host?: string;
  /** default 0: any free port */
  port?: number;
  /** default 'wwmock0000000001' (letters and digits) */
  corpId?: string;
  /** default '1000002' */
  agentId?: string;
  /** the app's secret; default a deterministic 43-character string */
  secret?: string;
  /** the contacts-sync (通讯录同步) secret; must differ from secret */
  contactsSecret?: string;
  /** default: generateOrganisation({ seed: 1, members: 200, departments: 20 }) */
  organisation?: MockOrganisation | GenerateOptions;
  /** 'host:port' or 'host' allowed as OAuth/QR redirect_uri hosts; empty or undefined = any */
  trustedDomains?: string[];
  /** null or undefined = any IP; otherwise API calls from other IPs get 60020 */
  trustedIps?: string[] | null;
  /** the app's visible range; null = the whole corp (the contacts secret always sees all) */
  visibleRange?: { departments?: number[]; users?: string[]; tags?: number[] } | null;
  /** the 2022 rule: user/get and user/list omit mobile, email, avatar, thumb_avatar, gender, biz_mail, qr_code, address */
  fieldRestrictions?: boolean;
  /** defaults: 10000, 150000, 20000, 600000 (wecom.md) and maxConcurrentPerApi 200 */
  limits?: Partial<Limits>;
  /** default 7200 */
  tokenTtlSeconds?: number;
  /** default 300 */
  codeTtlSeconds?: number;
  /** a callback configured (and verified) before the mock started: no URL check is made */
  callback?: CallbackOptions | null;
  /** userids listed first on the sign-in pages, in this order (the accounts a demo prints) */
  featuredUsers?: string[];
  /** clock (ms) for expiry and limits; default Date.now */
  now?: () => number;
}

export interface WecomMock {
  /** e.g. 'http://127.0.0.1:41234': serves qyapi.weixin.qq.com, open.weixin.qq.com and login.work.weixin.qq.com */
  readonly url: string;
  readonly corp: { corpId: string; agentId: string; secret: string; contactsSecret: string };
  /** live view of the directory (read-only use) */
  readonly organisation: MockOrganisation;
  /** Directory changes as an admin makes them in WeCom's console; each sends its change_contact callback. */
  createUser(user: Partial<MockUser> & { userid: string; name: string; department: number[] }): Promise<void>;
  /** new_userid renames (update_user with NewUserID) */
  updateUser(userid: string, patch: Partial<MockUser> & { new_userid?: string }): Promise<void>;
  deleteUser(userid: string): Promise<void>;
  createDepartment(department: { id?: number; name: string; parentid: number; order?: number; name_en?: string }): Promise<number>;
  updateDepartment(id: number, patch: Partial<{ name: string; name_en: string; parentid: number; order: number }>): Promise<void>;
  deleteDepartment(id: number): Promise<void>;
  createTag(tag: { tagid?: number; tagname: string }): Promise<number>;
  updateTag(tagid: number, change: { tagname?: string; addUsers?: string[]; delUsers?: string[]; addParties?: number[]; delParties?: number[] }): Promise<void>;
  /** tokens issued so far stop working at once (40014) */
  revokeTokens(which?: 'app' | 'contacts' | 'all'): void;
  /** the next `times` calls of `path` (default 1; Infinity = until cleared) fail or wait */
  injectFault(fault: Fault): void;
  clearFaults(): void;
  /** performs WeCom's URL check first; the callback is only set when it passes (null turns callbacks off) */
  setCallback(callback: CallbackOptions | null): Promise<{ verified: boolean; reason?: string }>;
  setVisibleRange(range: WecomMockOptions['visibleRange']): void;
  setTrustedDomains(domains: string[]): void;
  setTrustedIps(ips: string[] | null): void;
  setFieldRestrictions(on: boolean): void;
  /** API calls by path since start (or reset), e.g. {'/cgi-bin/gettoken': 2, '/cgi-bin/user/list': 20} */
  calls(): Record<string, number>;
  resetCalls(): void;
  /** callback deliveries so far */
  deliveries(): Array<{ changeType: string; attempts: number; delivered: boolean; lastStatus: number | null }>;
  /** resolves when no callback delivery is pending (retries included) */
  waitForDeliveries(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a simulated WeCom corp with one self-built app, listening on host:port. */
export async function startWecomMock(options: WecomMockOptions = {}): Promise<WecomMock> {
  const state = createState(options);
  const mock = new RunningMock(state);
  const app = await buildMockApp(state, mock);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port ?? 0;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  mock.started(`http://${shownHost}:${port}`, app);
  return mock;
}

function createState(options: WecomMockOptions): MockState {
  const now = options.now ?? Date.now;
  const corpId = options.corpId ?? 'wwmock0000000001';
  if (!/^[A-Za-z0-9]{1,64}$/.test(corpId)) throw new TypeError('corpId must be letters and digits');
  const agentId = options.agentId ?? '1000002';
  if (!/^\d{1,10}$/.test(agentId)) throw new TypeError('agentId must be digits');
  const secret = options.secret ?? derivedSecret(corpId, 'app');
  const contactsSecret = options.contactsSecret ?? derivedSecret(corpId, 'contacts');
  if (!secret || !contactsSecret || secret === contactsSecret) throw new TypeError('secret and contactsSecret must be two different non-empty strings');
  const limits: Limits = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(options.limits ?? {}) as Array<[keyof Limits, number | undefined]>) {
    if (value === undefined) continue;
    if (!(value >= 1)) throw new RangeError(`limits.${key} must be at least 1`);
    limits[key] = value;
  }
  const tokenTtlSeconds = positive(options.tokenTtlSeconds ?? 7200, 'tokenTtlSeconds');
  const codeTtlSeconds = positive(options.codeTtlSeconds ?? 300, 'codeTtlSeconds');

  const source = options.organisation ?? { seed: 1, members: 200, departments: 20 };
  const directory = new Directory(isOrganisation(source) ? source : generateOrganisation(source));
  if (options.visibleRange) directory.setVisibleRange(options.visibleRange);
  const callbacks = new CallbackDispatcher(corpId, agentId, now);
  callbacks.set(options.callback ?? null);
  return {
    corp: { corpId, agentId, secret, contactsSecret },
    directory,
    tokens: new TokenStore(now, tokenTtlSeconds),
    limiter: new RateLimiter(limits, now),
    faults: new Faults(),
    signIn: new SignInStore(now, codeTtlSeconds),
    callbacks,
    settings: {
      trustedDomains: normaliseDomains(options.trustedDomains ?? []),
      trustedIps: normaliseIps(options.trustedIps ?? null),
      featuredUsers: [...(options.featuredUsers ?? [])],
      fieldRestrictions: options.fieldRestrictions ?? false,
    },
    calls: new Map(),
    now,
  };
}

class RunningMock implements WecomMock {
  private address = '';
  private app: FastifyInstance | null = null;

  constructor(private readonly state: MockState) {}

  started(url: string, app: FastifyInstance): void {
    this.address = url;
    this.app = app;
  }

  get url(): string {
    return this.address;
  }

  get corp() {
    return { ...this.state.corp };
  }

  get organisation(): MockOrganisation {
    return this.state.directory.organisation;
  }

  async createUser(user: Partial<MockUser> & { userid: string; name: string; department: number[] }): Promise<void> {
    this.state.callbacks.send(this.state.directory.createUser(user));
  }

  async updateUser(userid: string, patch: Partial<MockUser> & { new_userid?: string }): Promise<void> {
    const change = this.state.directory.updateUser(userid, patch);
    if (change) this.state.callbacks.send(change);
  }

  async deleteUser(userid: string): Promise<void> {
    this.state.callbacks.send(this.state.directory.deleteUser(userid));
  }

  async createDepartment(department: { id?: number; name: string; parentid: number; order?: number; name_en?: string }): Promise<number> {
    const { id, change } = this.state.directory.createDepartment(department);
    this.state.callbacks.send(change);
    return id;
  }

  async updateDepartment(id: number, patch: Partial<{ name: string; name_en: string; parentid: number; order: number }>): Promise<void> {
    const change = this.state.directory.updateDepartment(id, patch);
    if (change) this.state.callbacks.send(change);
  }

  async deleteDepartment(id: number): Promise<void> {
    this.state.callbacks.send(this.state.directory.deleteDepartment(id));
  }

  async createTag(tag: { tagid?: number; tagname: string }): Promise<number> {
    // WeCom has no create_tag event: a new tag is announced when its members change.
    return this.state.directory.createTag(tag);
  }

  async updateTag(tagid: number, change: { tagname?: string; addUsers?: string[]; delUsers?: string[]; addParties?: number[]; delParties?: number[] }): Promise<void> {
    const event = this.state.directory.updateTag(tagid, change);
    if (event) this.state.callbacks.send(event);
  }

  revokeTokens(which: 'app' | 'contacts' | 'all' = 'all'): void {
    if (which !== 'app' && which !== 'contacts' && which !== 'all') throw new TypeError("which must be 'app', 'contacts' or 'all'");
    this.state.tokens.revoke(which);
  }

  injectFault(fault: Fault): void {
    this.state.faults.inject(fault);
  }

  clearFaults(): void {
    this.state.faults.clear();
  }

  async setCallback(callback: CallbackOptions | null): Promise<{ verified: boolean; reason?: string }> {
    if (callback === null) {
      this.state.callbacks.set(null);
      return { verified: false, reason: 'no callback URL: change callbacks are off' };
    }
    const result = await this.state.callbacks.verify(callback);
    // Like WeCom's console, a URL that fails the check is not saved.
    if (result.verified) this.state.callbacks.set(callback);
    return result;
  }

  setVisibleRange(range: VisibleRange | undefined): void {
    this.state.directory.setVisibleRange(range ?? null);
  }

  setTrustedDomains(domains: string[]): void {
    this.state.settings.trustedDomains = normaliseDomains(domains);
  }

  setTrustedIps(ips: string[] | null): void {
    this.state.settings.trustedIps = normaliseIps(ips);
  }

  setFieldRestrictions(on: boolean): void {
    this.state.settings.fieldRestrictions = Boolean(on);
  }

  calls(): Record<string, number> {
    return Object.fromEntries(this.state.calls);
  }

  resetCalls(): void {
    this.state.calls.clear();
  }

  deliveries(): DeliveryRecord[] {
    return this.state.callbacks.deliveries();
  }

  waitForDeliveries(): Promise<void> {
    return this.state.callbacks.waitForDeliveries();
  }

  async close(): Promise<void> {
    this.state.callbacks.close();
    await this.app?.close();
  }
}

/** deterministic per corp, 43 characters like WeCom's secrets */
function derivedSecret(corpId: string, which: string): string {
  return createHash('sha256').update(`wecom-mock ${which} secret for ${corpId}`).digest('base64url');
}

function isOrganisation(value: MockOrganisation | GenerateOptions): value is MockOrganisation {
  return Array.isArray((value as MockOrganisation).departments) && Array.isArray((value as MockOrganisation).users);
}

function normaliseDomains(domains: string[]): string[] {
  if (!Array.isArray(domains) || domains.some((d) => typeof d !== 'string' || d === '')) throw new TypeError('trusted domains must be a list of host or host:port');
  // Accept a pasted origin ('https://docs.example.com:8443') as its host:port.
  return domains.map((d) => (d.includes('://') ? new URL(d).host : d).toLowerCase());
}

function normaliseIps(ips: string[] | null): string[] | null {
  if (ips === null) return null;
  if (!Array.isArray(ips) || ips.some((ip) => typeof ip !== 'string')) throw new TypeError('trusted IPs must be a list of addresses or null');
  return ips.map((ip) => (ip.startsWith('::ffff:') ? ip.slice(7) : ip));
}

function positive(value: number, name: string): number {
  if (!(value > 0)) throw new RangeError(`${name} must be positive`);
  return value;
}
