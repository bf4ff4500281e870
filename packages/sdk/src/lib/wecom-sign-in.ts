import type { TokenResponse } from '@docgate/protocol';
import type { SignInContext, SignInStrategy } from '../strategies.js';
import { base64url } from './base64url.js';
import { el, signInDialog } from './dom.js';
import { HttpError } from './http.js';
import { messages } from './messages.js';
import { SignInError } from './sign-in-error.js';

export interface WecomSignInOptions {
  /** `auto` (default): silent inside WeCom's webview, the QR code page outside it */
  mode?: 'auto' | 'webview' | 'qr';
}

/** Inside WeCom's webview? (`wxwork/` in the user agent; `MicroMessenger` alone is plain WeChat: wecom.md) */
export function inWecom(userAgent = navigator.userAgent): boolean {
  return /wxwork\//i.test(userAgent);
}

/** Coming back within this long without a code means the last attempt failed: do not loop. */
const RETRY_GUARD_MS = 60_000;

/**
 * Sign-in with WeCom (docs/sdk.md). Inside WeCom's webview the page goes, at once and without
 * an entry in the history, to the docgate server, which sends it through WeCom's silent
 * (snsapi_base) authorisation and back with a one-time code in the fragment; outside WeCom the
 * reader is asked first, then sent to WeCom's QR code page. The code is exchanged with the PKCE
 * verifier kept in this tab, and removed from the address bar and the history.
 */
export function wecomSignIn(options: WecomSignInOptions = {}): SignInStrategy {
  const mode = options.mode ?? 'auto';
  const webview = () => mode === 'webview' || (mode === 'auto' && inWecom());
  const keys = (site: string) => ({ verifier: `docgate:pkce:${site}`, attempt: `docgate:attempt:${site}` });
  return {
    name: 'wecom',
    // Outside WeCom, the QR page can sign in someone else.
    switchable: !webview(),

    async resume(context) {
      const fragment = new URLSearchParams(location.hash.slice(1));
      const code = fragment.get('dg_code');
      const error = fragment.get('dg_error');
      if (!code && !error) return null;
      fragment.delete('dg_code');
      fragment.delete('dg_error');
      const rest = fragment.toString();
      // The code must not stay in the address bar, nor in the history behind the back button.
      history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
      const { verifier: verifierKey, attempt } = keys(context.site);
      const verifier = sessionStorage.getItem(verifierKey);
      sessionStorage.removeItem(verifierKey);
      const m = messages(context.lang);
      if (error) throw new SignInError(error, m.signInErrors[error] ?? m.signInIncomplete);
      if (!verifier) throw new SignInError('sign_in_expired', m.signInErrors.sign_in_expired!);
      try {
        const tokens = await context.post<TokenResponse>('v1/auth/token', { grant_type: 'authorization_code', code, code_verifier: verifier });
        sessionStorage.removeItem(attempt);
        return tokens;
      } catch (failure) {
        // Refused (spent or expired code, the member left meanwhile): say why. A network
        // failure stays what it is, and the guard offers to try again.
        if (failure instanceof HttpError && failure.status < 500) {
          throw new SignInError(failure.code, m.signInErrors[failure.code] ?? m.signInErrors.sign_in_expired!);
        }
        throw failure;
      }
    },

    async signIn(context, signInOptions = {}) {
      const { verifier: verifierKey, attempt } = keys(context.site);
      const m = messages(context.lang);
      const inside = webview();
      // Back here without a code soon after leaving for WeCom: something failed on the way. Say
      // so instead of leaving again (never a redirect loop); a button retries on purpose.
      if (!signInOptions.interactive && Date.now() - Number(sessionStorage.getItem(attempt) ?? 0) < RETRY_GUARD_MS) {
        throw new SignInError('sign_in_incomplete', m.signInIncomplete);
      }
      if (!inside && !signInOptions.interactive) await prompt(context);
      const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
      const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
      sessionStorage.setItem(verifierKey, verifier);
      sessionStorage.setItem(attempt, String(Date.now()));
      const returnTo = new URL(location.href);
      returnTo.hash = '';
      const start = `${context.server}/v1/auth/wecom/start?${new URLSearchParams({
        site: context.site,
        return_to: returnTo.href,
        code_challenge: challenge,
        mode: inside ? 'webview' : 'qr',
        lang: context.lang === 'zh-CN' ? 'zh' : 'en',
      })}`;
      if (inside) location.replace(start);
      else location.assign(start);
      return new Promise<TokenResponse>(() => {}); // the page is going away
    },
  };
}

/** Outside WeCom: a small dialog with one button to the QR code page. */
function prompt(context: SignInContext): Promise<void> {
  const m = messages(context.lang);
  return new Promise((resolve) => {
    const button = el('button', m.wecomButton);
    button.type = 'button';
    button.addEventListener('click', () => {
      button.disabled = true;
      resolve();
    });
    signInDialog(context.lang, m.wecomTitle, m.wecomHint, button);
    button.focus();
  });
}
