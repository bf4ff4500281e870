/**
 * Document paths: the one normalization used by the server, the SDK and the components
 * (permission-model.md, "Document"). No dependencies: the browser bundle imports this file alone.
 *
 * A document is a path like `/handbook/finance/expenses`; a folder ends with `/`; `/` is the
 * site's root. Paths are case-sensitive.
 */

export interface PathOptions {
  /** the site treats `/a/b.html` and `/a/b` as one document */
  dropHtmlExtension?: boolean;
}

export type NormalizedPath = { ok: true; path: string } | { ok: false; reason: string };

export const MAX_PATH_LENGTH = 2048;

/**
 * Normalizes a path or an absolute http(s) URL, in this order: keep the path of a URL; strip the
 * query and the fragment; percent-decode once; refuse control characters and `..` segments;
 * collapse repeated slashes; drop a trailing `index.html`; optionally drop `.html`.
 */
export function normalizePath(input: string, options: PathOptions = {}): NormalizedPath {
  let raw = input.trim();
  const scheme = /^https?:\/\/[^/?#]*/i.exec(raw);
  if (scheme) raw = raw.slice(scheme[0].length) || '/';
  raw = raw.replace(/[?#].*$/s, '');
  if (!raw.startsWith('/')) return { ok: false, reason: 'a path must start with "/"' };
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return { ok: false, reason: 'the path has a malformed percent-encoding' };
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return { ok: false, reason: 'the path contains a control character' };
  path = path.replace(/\/{2,}/g, '/');
  if (path.split('/').includes('..')) return { ok: false, reason: 'the path contains a ".." segment' };
  if (path.endsWith('/index.html')) path = path.slice(0, -'index.html'.length);
  else if (options.dropHtmlExtension && path.endsWith('.html') && !path.endsWith('/.html')) path = path.slice(0, -'.html'.length);
  if (path.length > MAX_PATH_LENGTH) return { ok: false, reason: `the path is longer than ${MAX_PATH_LENGTH} characters` };
  return { ok: true, path };
}

export function isFolder(path: string): boolean {
  return path.endsWith('/');
}

/**
 * The path itself, then every folder above it up to `/`, nearest first:
 * `/a/b/c` → `/a/b/c`, `/a/b/`, `/a/`, `/`; `/a/b/` → `/a/b/`, `/a/`, `/`.
 */
export function pathAndAncestors(path: string): string[] {
  const out = [path];
  // `end` is where the last segment ends; each step cuts one segment off.
  let end = path.endsWith('/') ? path.length - 1 : path.length;
  while (end > 0) {
    const slash = path.lastIndexOf('/', end - 1);
    out.push(path.slice(0, slash + 1));
    end = slash;
  }
  return out;
}

/** The folder a path sits in (`/a/b` → `/a/`, `/a/` → `/`), or null for `/`. */
export function parentFolder(path: string): string | null {
  if (path === '/') return null;
  const end = path.endsWith('/') ? path.length - 1 : path.length;
  return path.slice(0, path.lastIndexOf('/', end - 1) + 1);
}
