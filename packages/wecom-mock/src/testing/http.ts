import type { WecomMock } from '../mock.js';

/** loose JSON for assertions */
export type Json = any;

export async function getJson(url: string, headers: Record<string, string> = {}): Promise<Json> {
  const response = await fetch(url, { headers });
  return response.json();
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Json> {
  const response = await fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return response.json();
}

/** a response without following redirects */
export function visit(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { redirect: 'manual', headers });
}

export async function token(mock: WecomMock, which: 'app' | 'contacts' = 'app'): Promise<string> {
  const secret = which === 'app' ? mock.corp.secret : mock.corp.contactsSecret;
  const answer = await getJson(`${mock.url}/cgi-bin/gettoken?corpid=${mock.corp.corpId}&corpsecret=${encodeURIComponent(secret)}`);
  if (answer.errcode !== 0) throw new Error(`gettoken failed: ${JSON.stringify(answer)}`);
  return answer.access_token as string;
}

/** GET an API with the token, e.g. api(mock, t, '/cgi-bin/user/get', { userid: 'lisi' }) */
export function api(mock: WecomMock, accessToken: string, path: string, query: Record<string, string | number> = {}): Promise<Json> {
  const params = new URLSearchParams({ access_token: accessToken, ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])) });
  return getJson(`${mock.url}${path}?${params}`);
}
