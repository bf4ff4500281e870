import { apiError } from './api-error.js';
import { fill, type Lang } from './lang.js';
import { loaded, type Loaders } from './words.js';

/** Words every element uses, in `messages.<lang>.ts`, one module per language. */
export interface CommonMessages {
  loading: string;
  retry: string;
  signIn: string;
  signInNeeded: string;
  noClient: string;
  exportCsv: string;
  exporting: string;
  close: string;
  cancel: string;
  confirm: string;
  loadMore: string;
  unknownError: string;
  networkError: string;
  /** by API error code */
  errors: Record<string, string>;
}

/** Loaded with each element's own (DocgateElement), so every render has them. */
export const commonMessages: Loaders<CommonMessages> = {
  'zh-CN': () => import('./messages.zh-CN.js'),
  en: () => import('./messages.en.js'),
};

/**
 * The common words of `lang`. An element renders only once they are here; an event handler that
 * runs while another language's are on their way gets those on the screen.
 */
export function common(lang: Lang): CommonMessages {
  return (loaded(commonMessages, lang) ?? loaded(commonMessages, lang === 'en' ? 'zh-CN' : 'en'))!;
}

/**
 * What to tell an admin about a failure, in their language: a known API error code reads as
 * ours, another API error as the server's own message (English, naming what was wrong), a
 * network failure as such; never an object, never "undefined".
 */
export function describeError(lang: Lang, error: unknown, extra: Record<string, string> = {}): { text: string; code: string | null } {
  const m = common(lang);
  const failure = apiError(error);
  if (failure) {
    const known = extra[failure.code] ?? m.errors[failure.code];
    if (known) return { text: fill(known, { message: failure.message }), code: failure.code };
    return { text: failure.message || m.unknownError, code: failure.code };
  }
  if (error instanceof TypeError || (error instanceof DOMException && error.name === 'AbortError')) return { text: m.networkError, code: null };
  return { text: m.unknownError, code: null };
}
