/** Browser-side helpers for the elements' tests: the docgate server they run against is real. */
import { createDocgate, devSignIn, type Docgate } from '@docgate/sdk';

interface World {
  departments: { rd: number; frontend: number; finance: number };
  tags: { newHires: number };
  people: Array<{ userid: string; name: string; department: number[] }>;
}

export const { server, site, world } = (window as unknown as { DOCGATE_TEST: { server: string; site: string; world: World } }).DOCGATE_TEST;

/** A client signed in as `userid` through dev login, its session kept in memory only. */
export async function clientFor(userid: string, forSite = site): Promise<Docgate> {
  const client = createDocgate({ server, site: forSite, signIn: devSignIn({ userid }), storage: null, lang: 'en' });
  await client.signIn();
  return client;
}

const tokens = new Map<string, string>();
/** A call to the docgate API as `userid`; answers the parsed JSON (null for 204) or throws with the status. */
export async function api<T = unknown>(userid: string, method: string, path: string, body?: unknown, forSite = site): Promise<T> {
  let token = tokens.get(`${forSite}:${userid}`);
  if (!token) {
    const login = await fetch(`${server}/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userid, site: forSite }) });
    if (!login.ok) throw new Error(`dev login of ${userid}: ${login.status}`);
    token = ((await login.json()) as { access_token: string }).access_token;
    tokens.set(`${forSite}:${userid}`, token);
  }
  const response = await fetch(`${server}/${path.replace(/^\/+/, '')}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} as ${userid}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

let counter = 0;
/** A folder no other test uses: tests that grant and read stay out of each other's way. */
export function freshFolder(name = 't'): string {
  return `/${name}-${Date.now().toString(36)}-${(counter++).toString(36)}/`;
}

/** Waits until `check` returns something truthy (the element re-rendered after a request). */
export async function until<T>(check: () => T | null | undefined | false, what = 'the condition', timeoutMs = 8000): Promise<T> {
  const started = performance.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Text of an element's shadow root, whitespace collapsed. */
export function textOf(element: Element): string {
  return (element.shadowRoot?.textContent ?? element.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** One element in the shadow root, or a clear failure. */
export function $(host: Element, selector: string): HTMLElement {
  const found = host.shadowRoot!.querySelector<HTMLElement>(selector);
  if (!found) throw new Error(`no ${selector} in <${host.localName}>`);
  return found;
}

export function $$(host: Element, selector: string): HTMLElement[] {
  return [...host.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
}
