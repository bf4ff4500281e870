/**
 * The SDK's HTTP client, written here instead of taking ky: ky 1.14 is 4.9 KB gzip, half of the
 * 10 KB the whole script-tag file may weigh (bench/size.mjs), and the SDK needs only this:
 * JSON to one server, a 10 s timeout, two retries with backoff on network errors, timeouts and
 * 408/429/5xx (every docgate route is safe to repeat, POST included; Retry-After is honoured),
 * and, with `auth`, the access token on every request and one refresh on a 401.
 */

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  searchParams?: Record<string, string>;
}

export interface HttpAuth {
  token(): Promise<string | null>;
  refresh(): Promise<string | null>;
}

/** A response that was not OK, with the API's error `{code, message, details?}` when it sent one. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** the error's `details` (e.g. the line-numbered errors of a refused CSV import) */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export type Http = <T>(path: string, options?: RequestOptions) => Promise<T>;

const RETRY_STATUS = [408, 429, 500, 502, 503, 504];
const TIMEOUT_MS = 10_000;
const RETRIES = 2;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createHttp(server: string, auth?: HttpAuth): Http {
  const base = `${server.replace(/\/+$/, '')}/`;
  return async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(path.replace(/^\/+/, ''), base);
    for (const [key, value] of Object.entries(options.searchParams ?? {})) url.searchParams.set(key, value);
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      const headers = new Headers(options.headers);
      let body = options.body;
      if (options.json !== undefined) {
        headers.set('Content-Type', 'application/json');
        body = JSON.stringify(options.json);
      }
      const token = auth && (await auth.token());
      if (token) headers.set('Authorization', `Bearer ${token}`);
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
      let response: Response;
      try {
        response = await fetch(url, { method: options.method ?? 'GET', headers, body, signal: controller.signal });
      } catch (error) {
        // offline, DNS, connection reset, or our timeout
        if (attempt < RETRIES) {
          await sleep(backoff(attempt));
          continue;
        }
        throw error;
      } finally {
        clearTimeout(timer);
      }
      if (response.status === 401 && auth && !refreshed) {
        refreshed = true;
        // The server no longer takes this token (expired early, keys rotated): refresh once.
        if (await auth.refresh()) {
          attempt--;
          continue;
        }
      }
      if (RETRY_STATUS.includes(response.status) && attempt < RETRIES) {
        const after = Number(response.headers.get('Retry-After'));
        await sleep(after > 0 ? Math.min(after * 1000, 10_000) : backoff(attempt));
        continue;
      }
      if (!response.ok) {
        const error = ((await response.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
        throw new HttpError(response.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${response.status}`, error?.details);
      }
      return (response.status === 204 ? undefined : await response.json()) as T;
    }
  };
}

/** 0.3 s, 0.6 s, … with jitter, at most 3 s. */
function backoff(attempt: number): number {
  return Math.min(3_000, 300 * 2 ** attempt) * (0.5 + Math.random() / 2);
}
