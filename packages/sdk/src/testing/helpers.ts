/** Browser-side helpers for the SDK's tests: the docgate server they run against is real. */
import type { TokenResponse } from '@docgate/protocol';
import type { StoredSession } from '../lib/session.js';

export const { server, site } = (window as unknown as { DOCGATE_TEST: { server: string; site: string } }).DOCGATE_TEST;
export const storageKey = (forSite = site) => `docgate:${forSite}@${server}`;

export async function tokensFor(userid: string): Promise<TokenResponse> {
  const response = await fetch(`${server}/v1/auth/dev-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userid }),
  });
  if (!response.ok) throw new Error(`dev login of ${userid}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<TokenResponse>;
}

/** Signs `userid` in the way the SDK would have, by writing its stored session. */
export async function storeSession(userid: string, patch: Partial<StoredSession> = {}): Promise<StoredSession> {
  const tokens = await tokensFor(userid);
  const session: StoredSession = {
    accessToken: tokens.access_token,
    expiresAt: Date.now() + tokens.expires_in * 1000,
    refreshToken: tokens.refresh_token,
    user: tokens.user,
    ...patch,
  };
  localStorage.setItem(storageKey(), JSON.stringify(session));
  return session;
}

let adminToken: string | undefined;
/** A call to the docgate API as the tenant admin. */
export async function asAdmin(method: string, path: string, body?: unknown): Promise<Response> {
  adminToken ??= (await tokensFor('admin1')).access_token;
  return fetch(`${server}/${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

export interface FetchCall {
  method: string;
  path: string;
  status: number | null;
}

/** Records every request the page makes (they still go out for real). */
export function recordFetches(): { calls: FetchCall[]; restore(): void } {
  const original = window.fetch;
  const calls: FetchCall[] = [];
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const call: FetchCall = { method: init?.method ?? (input instanceof Request ? input.method : 'GET'), path: url.pathname, status: null };
    calls.push(call);
    const response = await original(input, init);
    call.status = response.status;
    return response;
  };
  return {
    calls,
    restore() {
      window.fetch = original;
    },
  };
}

/** Resolves once `predicate` holds, polling each animation frame (fails after `ms`). */
export async function until(predicate: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = performance.now() + ms;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => requestAnimationFrame(r));
  }
}

/** Moves the test page to `path` without reloading (as a client-side router would). */
export function goTo(path: string): void {
  history.pushState(null, '', path);
}

/**
 * The server state the tests rely on, set up by each test file that needs it (files run in any
 * order): /secret/ is restricted, 陈静 may read it, Emily Chen manages it.
 */
export async function setUpSecretFolder(): Promise<void> {
  const results = await Promise.all([
    asAdmin('PUT', `v1/sites/${site}/restrictions`, { path: '/secret/', restricted: true }),
    asAdmin('POST', `v1/sites/${site}/grants`, { path: '/secret/', subject: 'user:chenjing', level: 'read' }),
    asAdmin('POST', `v1/sites/${site}/grants`, { path: '/secret/', subject: 'user:emily.chen', level: 'manage' }),
  ]);
  for (const r of results) if (!r.ok) throw new Error(`setting up /secret/: ${r.status} ${await r.text()}`);
}
