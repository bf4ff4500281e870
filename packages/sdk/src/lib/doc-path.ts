import { normalizePath } from '@docgate/protocol/path';

/** The document a URL shows (default: this page), as the server will see it: query, fragment and index.html aside. */
export function docPath(href = location.href): string {
  const url = new URL(href, location.href);
  const normalized = normalizePath(url.href);
  return normalized.ok ? normalized.path : url.pathname;
}
