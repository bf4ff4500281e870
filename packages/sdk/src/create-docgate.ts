import type { BatchCheckResponse, BatchCheckResult, CatalogDoc, CheckResponse, ReadableResponse, SessionUser, TokenResponse } from '@docgate/protocol';
import { normalizePath } from '@docgate/protocol/path';
import { createHttp, HttpError, type RequestOptions } from './lib/http.js';
import { withLock } from './lib/lock.js';
import { chooseLang, type Lang } from './lib/messages.js';
import { sessionFromTokens, sessionStore, type StoredSession } from './lib/session.js';
import { wecomSignIn } from './lib/wecom-sign-in.js';
import type { SignInContext, SignInStrategy } from './strategies.js';

export interface DocgateOptions {
  /** the docgate server, e.g. "https://docgate.example.com" */
  server: string;
  /** the site's id in the server's configuration */
  site: string;
  /** how readers sign in; default: WeCom (silent inside WeCom's webview, QR code outside) */
  signIn?: SignInStrategy;
  /** "zh-CN" or "en"; default: the page's language */
  lang?: string | null;
  /** where tokens are kept; default: localStorage (null: memory only) */
  storage?: Storage | null;
}

export type DocgateEvent = 'user' | 'token';

/** The docgate client of one site on one page. */
export interface Docgate {
  readonly server: string;
  readonly site: string;
  readonly lang: Lang;
  readonly strategy: SignInStrategy;
  /** the signed-in member, or null */
  user(): SessionUser | null;
  /**
   * The signed-in member, signing in through the strategy first when nobody is. Rejects with a
   * SignInError (a stable `code`, a message in the reader's language) when the sign-in failed.
   * `interactive`: the reader asked (a button), so the strategy may skip its prompt and its
   * guard against redirect loops.
   */
  signIn(options?: { interactive?: boolean }): Promise<SessionUser>;
  /** forgets the tokens here and revokes the session on the server */
  signOut(): Promise<void>;
  /** may the reader open this path (default: this page)? Cached for the page until the token changes */
  check(path?: string, title?: string): Promise<CheckResponse>;
  /** many paths in as few requests as possible (500 per request) */
  checkMany(paths: string[]): Promise<BatchCheckResult[]>;
  /** every catalogued document the reader may open, under a prefix */
  readable(prefix?: string): Promise<CatalogDoc[]>;
  /**
   * The current access token, refreshed first when it is about to expire (`refresh`: even when
   * it is not, because the server refused it); null when nobody is signed in. For requests the
   * client cannot make itself, such as beacons, which carry the token in their body.
   */
  token(options?: { refresh?: boolean }): Promise<string | null>;
  /** an authenticated call to any docgate route, e.g. request('GET', 'v1/directory/tags') */
  request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options?: Omit<RequestOptions, 'method'>): Promise<T>;
  /** `user` when someone signs in or out (in this tab or another), `token` when the access token changes */
  on(event: DocgateEvent, listener: (user: SessionUser | null) => void): () => void;
}

/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;

export function createDocgate(options: DocgateOptions): Docgate {
  const server = options.server.replace(/\/+$/, '');
  const { site } = options;
  const lang = chooseLang(options.lang);
  const strategy = options.signIn ?? wecomSignIn();
  const store = sessionStore(server, site, options.storage);
  const listeners = { user: new Set<(u: SessionUser | null) => void>(), token: new Set<(u: SessionUser | null) => void>() };
  let session = store.read();
  let refreshing: Promise<string | null> | null = null;
  let signingIn: Promise<SessionUser> | null = null;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  const decisions = new Map<string, Promise<CheckResponse>>();

  const plain = createHttp(server);
  const http = createHttp(server, { token: accessToken, refresh: () => refresh(session?.refreshToken ?? '') });
  const context: SignInContext = {
    server,
    site,
    lang,
    post: (path, body) => plain(path, { method: 'POST', json: body }),
  };

  function emit(event: DocgateEvent) {
    for (const listener of listeners[event]) listener(session?.user ?? null);
  }

  /** Adopt a new session (or none), tell listeners what changed, schedule the next refresh. */
  function adopt(next: StoredSession | null, persist: boolean) {
    const before = session;
    session = next;
    if (persist) store.write(next);
    if (before?.accessToken !== next?.accessToken) {
      decisions.clear();
      emit('token');
    }
    if (before?.user.id !== next?.user.id) emit('user');
    clearTimeout(refreshTimer);
    if (next) {
      refreshTimer = setTimeout(() => {
        // A hidden tab waits: a visible one, or the next request, refreshes soon enough.
        if (document.visibilityState === 'visible') void accessToken();
      }, Math.max(0, next.expiresAt - Date.now() - REFRESH_MARGIN_MS));
    }
  }

  async function accessToken(): Promise<string | null> {
    if (!session) return null;
    if (session.expiresAt - Date.now() > REFRESH_MARGIN_MS) return session.accessToken;
    return refresh(session.refreshToken);
  }

  /**
   * One refresh at a time in this tab (a shared promise) and across tabs (a Web Lock). Inside
   * the lock the stored session is read again: if another tab refreshed meanwhile, its tokens are
   * used and ours, already spent, is not presented again.
   */
  function refresh(spent: string): Promise<string | null> {
    refreshing ??= withLock(`docgate-refresh:${store.key}`, async () => {
      const stored = store.read();
      if (stored && stored.refreshToken !== spent && stored.expiresAt - Date.now() > REFRESH_MARGIN_MS) {
        adopt(stored, false);
        return stored.accessToken;
      }
      const current = stored ?? session;
      if (!current) return null;
      try {
        const tokens = await plain<TokenResponse>('v1/auth/token', {
          method: 'POST',
          json: { grant_type: 'refresh_token', refresh_token: current.refreshToken },
        });
        adopt(sessionFromTokens(tokens), true);
        return tokens.access_token;
      } catch (error) {
        if (error instanceof HttpError && error.status < 500) {
          // Spent, revoked, expired, or the member left: the session is over.
          adopt(null, true);
          return null;
        }
        return current.accessToken; // the network failed: keep the session and let the caller see
      }
    }).finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  // Another tab signed in, refreshed or signed out.
  addEventListener('storage', (event) => {
    if (event.key === store.key) adopt(store.read(), false);
  });
  addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && session && session.expiresAt - Date.now() < REFRESH_MARGIN_MS) void accessToken();
  });
  if (session) adopt(session, false);

  const docgate: Docgate = {
    server,
    site,
    lang,
    strategy,
    user: () => session?.user ?? null,

    signIn(signInOptions = {}) {
      signingIn ??= (async () => {
        // A sign-in coming back through a redirect wins over a stored session: the reader may
        // just have switched accounts.
        const resumed = await strategy.resume?.(context);
        if (resumed) {
          adopt(sessionFromTokens(resumed), true);
          return resumed.user;
        }
        if (session && (await accessToken())) return session.user;
        const tokens = await strategy.signIn(context, signInOptions);
        adopt(sessionFromTokens(tokens), true);
        return tokens.user;
      })().finally(() => {
        signingIn = null;
      });
      return signingIn;
    },

    async signOut() {
      const current = session;
      adopt(null, true);
      if (current) await plain('v1/auth/logout', { method: 'POST', json: { refresh_token: current.refreshToken } }).catch(() => {});
    },

    check(path = location.href, title) {
      // The server's normalization, so /a/index.html?x and /a/ share one decision. The site's
      // own options (dropHtmlExtension) are applied by the server on top.
      const normalized = normalizePath(path);
      const key = normalized.ok ? normalized.path : path;
      let decision = decisions.get(key);
      if (!decision) {
        decision = http<CheckResponse>('v1/check', { method: 'POST', json: { site, path: key, ...(title ? { title } : {}) } });
        decisions.set(key, decision);
        decision.catch(() => decisions.delete(key));
      }
      return decision;
    },

    async checkMany(paths) {
      const results: BatchCheckResult[] = [];
      for (let i = 0; i < paths.length; i += 500) {
        const batch = await http<BatchCheckResponse>('v1/check/batch', { method: 'POST', json: { site, paths: paths.slice(i, i + 500) } });
        results.push(...batch.results);
      }
      return results;
    },

    async readable(prefix) {
      const docs: CatalogDoc[] = [];
      let cursor: string | null = null;
      do {
        const searchParams: Record<string, string> = { limit: '1000' };
        if (prefix) searchParams.prefix = prefix;
        if (cursor) searchParams.cursor = cursor;
        const page: ReadableResponse = await http<ReadableResponse>(`v1/sites/${encodeURIComponent(site)}/readable`, { searchParams });
        docs.push(...page.docs);
        cursor = page.next_cursor;
      } while (cursor);
      return docs;
    },

    token: (tokenOptions) => (tokenOptions?.refresh && session ? refresh(session.refreshToken) : accessToken()),

    request(method, path, requestOptions = {}) {
      return http(path.replace(/^\/+/, ''), { ...requestOptions, method });
    },

    on(event, listener) {
      listeners[event].add(listener);
      return () => listeners[event].delete(listener);
    },
  };
  return docgate;
}
