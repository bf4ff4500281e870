import type { TokenResponse } from '@docgate/protocol';
import type { Lang } from './lib/messages.js';

/** What a sign-in strategy can use. */
export interface SignInContext {
  server: string;
  site: string;
  lang: Lang;
  /** POST to the docgate server without a token, e.g. ('v1/auth/dev-login', {userid}) */
  post<T>(path: string, body: unknown): Promise<T>;
}

/**
 * How a reader gets their first tokens. WeCom's silent sign-in (issue #4) and the dev login of
 * demos and tests are two strategies; the SDK does not care which.
 */
export interface SignInStrategy {
  readonly name: string;
  /** can the reader sign in as someone else (the "no access" panel offers "switch account") */
  readonly switchable: boolean;
  /**
   * Finish a sign-in that came back through a redirect (e.g. a one-time code in the URL's
   * fragment); null when there is nothing to finish.
   */
  resume?(context: SignInContext): Promise<TokenResponse | null>;
  /**
   * Sign in. May navigate away (a redirect strategy), in which case it never settles.
   * `interactive`: the reader asked for it (a button), so no prompt first and no loop guard.
   */
  signIn(context: SignInContext, options?: { interactive?: boolean }): Promise<TokenResponse>;
}
