import type { Docgate } from '@docgate/sdk';
import { failureOf } from './api-error.js';

/**
 * A CSV export of the API (`format=csv`), as text, its byte-order mark kept (Excel needs it to
 * read Chinese; `Response.text()` would drop it). The SDK's request() reads JSON, so this asks
 * for the token and fetches the file itself.
 */
export async function fetchCsv(client: Docgate, path: string, params: Record<string, string>): Promise<string> {
  const token = await client.token();
  const url = new URL(path.replace(/^\/+/, ''), `${client.server}/`);
  for (const [key, value] of Object.entries({ ...params, format: 'csv' })) url.searchParams.set(key, value);
  const response = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!response.ok) {
    const error = ((await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null)?.error;
    throw failureOf(response.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${response.status}`);
  }
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
}

/** Hands a file to the browser's downloads. */
export function saveFile(name: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A file name from a path and what it holds: "/finance/budget.html" + "readers" →
 * "finance-budget-readers.csv" (the page's own extension would read as the file's).
 */
export function csvName(path: string, what: string): string {
  const stem =
    path
      .replace(/\.(html?|md|php|aspx?)$/i, '')
      .replace(/^\/+|\/+$/g, '')
      .replace(/[\/\\:*?"<>|\s]+/g, '-') || 'site';
  return `${stem}-${what}.csv`;
}
