import { WECOM, WecomError } from './errors.js';
import { SlidingWindow } from './sliding-window.js';

export type SecretKind = 'app' | 'contacts';

export interface WecomClientOptions {
  baseUrl: string;
  corpId: string;
  secrets: Partial<Record<SecretKind, string>>;
  /** per request; default 10 s */
  timeoutMs?: number;
  /**
   * How long to keep trying a call that meets frequency limits, 5xx answers or a network that
   * does not answer, before giving up; default 3 minutes (a WeCom minute block lasts 60 s).
   */
  retryBudgetMs?: number;
  /**
   * Our own limits, below WeCom's (10 000 calls a minute per API and 20 000 per IP, 150 000 an
   * hour per API), so that a sync never trips them: default 90 % of each.
   */
  limits?: { perApiPerMinute?: number; perApiPerHour?: number; perMinute?: number };
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

/**
 * A WeCom API client (wecom.md):
 * - one access token per secret, cached until shortly before it expires; concurrent callers
 *   share one gettoken;
 * - on 40014 or 42001 (revoked or expired token) the token is fetched again and the call
 *   retried once;
 * - 45009, 45033, 5xx and timeouts are retried with exponential backoff and jitter, within a
 *   time budget; 40001 (a wrong secret) and every other error fail at once;
 * - calls are spaced so as never to exceed WeCom's frequency limits;
 * - failures are `WecomError`s carrying WeCom's errcode.
 */
export class WecomClient {
  readonly #options: Required<Omit<WecomClientOptions, 'limits' | 'secrets'>> & Pick<WecomClientOptions, 'secrets'>;
  readonly #tokens = new Map<SecretKind, CachedToken>();
  readonly #pendingTokens = new Map<SecretKind, Promise<string>>();
  readonly #perApi = new Map<string, SlidingWindow[]>();
  readonly #overall: SlidingWindow;
  readonly #limits: { perApiPerMinute: number; perApiPerHour: number; perMinute: number };
  /** calls made, by path (gettoken included) */
  readonly calls: Record<string, number> = {};

  constructor(options: WecomClientOptions) {
    this.#options = {
      timeoutMs: 10_000,
      retryBudgetMs: 180_000,
      fetch: globalThis.fetch,
      now: Date.now,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      random: Math.random,
      ...options,
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
    };
    this.#limits = { perApiPerMinute: 9_000, perApiPerHour: 135_000, perMinute: 18_000, ...options.limits };
    this.#overall = new SlidingWindow(this.#limits.perMinute, 60_000, this.#options.now, this.#options.sleep);
  }

  has(kind: SecretKind): boolean {
    return Boolean(this.#options.secrets[kind]);
  }

  get<T>(kind: SecretKind, path: string, query: Record<string, string | number> = {}): Promise<T> {
    return this.#call<T>(kind, 'GET', path, query, undefined);
  }

  post<T>(kind: SecretKind, path: string, body: unknown, query: Record<string, string | number> = {}): Promise<T> {
    return this.#call<T>(kind, 'POST', path, query, body);
  }

  /** Forget a cached token (it was revoked, the secret changed). */
  forgetToken(kind: SecretKind): void {
    this.#tokens.delete(kind);
  }

  async token(kind: SecretKind): Promise<string> {
    const cached = this.#tokens.get(kind);
    if (cached && this.#options.now() < cached.expiresAt) return cached.token;
    let pending = this.#pendingTokens.get(kind);
    if (!pending) {
      pending = this.#fetchToken(kind).finally(() => this.#pendingTokens.delete(kind));
      this.#pendingTokens.set(kind, pending);
    }
    return pending;
  }

  async #fetchToken(kind: SecretKind): Promise<string> {
    const secret = this.#options.secrets[kind];
    if (!secret) throw new WecomError(41004, `no ${kind === 'app' ? 'app' : 'contacts-sync'} secret is configured`, '/cgi-bin/gettoken');
    const answer = await this.#send<{ access_token: string; expires_in: number }>('GET', '/cgi-bin/gettoken', { corpid: this.#options.corpId, corpsecret: secret }, undefined);
    // Renew five minutes early, so a token never expires between our check and WeCom's.
    this.#tokens.set(kind, { token: answer.access_token, expiresAt: this.#options.now() + Math.max(60, answer.expires_in - 300) * 1000 });
    return answer.access_token;
  }

  async #call<T>(kind: SecretKind, method: 'GET' | 'POST', path: string, query: Record<string, string | number>, body: unknown): Promise<T> {
    let renewed = false;
    for (;;) {
      const token = await this.token(kind);
      try {
        return await this.#send<T>(method, path, { ...query, access_token: token }, body);
      } catch (error) {
        const stale = error instanceof WecomError && (error.errcode === WECOM.invalidToken || error.errcode === WECOM.tokenExpired);
        if (!stale || renewed) throw error;
        // Revoked early or expired (an expired token often comes back as 40014): once.
        renewed = true;
        if (this.#tokens.get(kind)?.token === token) this.#tokens.delete(kind);
      }
    }
  }

  /** One call, spaced by the limits and retried on transient failures within the budget. */
  async #send<T>(method: 'GET' | 'POST', path: string, query: Record<string, string | number>, body: unknown): Promise<T> {
    const started = this.#options.now();
    for (let attempt = 0; ; attempt++) {
      await this.#throttle(path);
      this.calls[path] = (this.calls[path] ?? 0) + 1;
      let failure: WecomError;
      try {
        const answer = await this.#request(method, path, query, body);
        if (answer.errcode === 0 || answer.errcode === undefined) return answer as T;
        failure = new WecomError(answer.errcode, String(answer.errmsg ?? ''), path);
      } catch (error) {
        failure = error instanceof WecomError ? error : new WecomError(-1, (error as Error).message, path);
      }
      const delay = this.#retryDelay(failure, attempt);
      if (delay === null || this.#options.now() - started + delay > this.#options.retryBudgetMs) throw failure;
      await this.#options.sleep(delay);
    }
  }

  /** How long to wait before trying again, or null when trying again cannot help. */
  #retryDelay(error: WecomError, attempt: number): number | null {
    const jitter = (ms: number) => ms * (0.5 + this.#options.random() / 2);
    switch (error.errcode) {
      case WECOM.frequencyLimit:
        // A minute block lasts 60 s: begin at 15 s, never more than 60 s between tries.
        return jitter(Math.min(60_000, 15_000 * 2 ** attempt));
      case WECOM.concurrencyLimit:
        return jitter(Math.min(5_000, 200 * 2 ** attempt));
      case -1: // network error or timeout
      case -2: // 5xx
        return jitter(Math.min(30_000, 500 * 2 ** attempt));
      default:
        return null;
    }
  }

  async #throttle(path: string): Promise<void> {
    let windows = this.#perApi.get(path);
    if (!windows) {
      windows = [
        new SlidingWindow(this.#limits.perApiPerMinute, 60_000, this.#options.now, this.#options.sleep),
        new SlidingWindow(this.#limits.perApiPerHour, 3_600_000, this.#options.now, this.#options.sleep),
      ];
      this.#perApi.set(path, windows);
    }
    for (const window of windows) await window.take();
    await this.#overall.take();
  }

  async #request(method: 'GET' | 'POST', path: string, query: Record<string, string | number>, body: unknown): Promise<{ errcode?: number; errmsg?: string } & Record<string, unknown>> {
    const url = new URL(this.#options.baseUrl + path);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value));
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#options.timeoutMs);
    try {
      const response = await this.#options.fetch(url, {
        method,
        signal: controller.signal,
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
      if (response.status >= 500) throw new WecomError(-2, `HTTP ${response.status}`, path);
      if (!response.ok) throw new WecomError(-3, `HTTP ${response.status}`, path);
      return (await response.json()) as { errcode?: number; errmsg?: string };
    } catch (error) {
      if (error instanceof WecomError) throw error;
      const reason = controller.signal.aborted ? `no answer within ${this.#options.timeoutMs} ms` : (error as Error).message;
      throw new WecomError(-1, reason, path);
    } finally {
      clearTimeout(timer);
    }
  }
}
