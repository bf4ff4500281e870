import type { CallbackDispatcher } from './callbacks.js';
import type { Directory, Visibility } from './directory.js';
import type { Faults } from './faults.js';
import type { RateLimiter } from './limits.js';
import type { SignInStore } from './sign-in.js';
import type { SecretKind, TokenStore } from './tokens.js';

export interface Corp {
  corpId: string;
  agentId: string;
  secret: string;
  contactsSecret: string;
}

/** Everything the routes share: one simulated corp with one self-built app. */
export interface MockState {
  corp: Corp;
  directory: Directory;
  tokens: TokenStore;
  limiter: RateLimiter;
  faults: Faults;
  signIn: SignInStore;
  callbacks: CallbackDispatcher;
  settings: {
    /** 'host:port' or 'host'; empty = any */
    trustedDomains: string[];
    /** null = any */
    trustedIps: string[] | null;
    fieldRestrictions: boolean;
    /** userids listed first on the sign-in pages (the accounts a demo prints) */
    featuredUsers: string[];
  };
  /** calls by path since start or reset */
  calls: Map<string, number>;
  now: () => number;
}

/** The visible range applies to the app's secret; the contacts-sync secret sees the whole corp. */
export function scopeOf(state: MockState, kind: SecretKind): Visibility | null {
  return kind === 'contacts' ? null : state.directory.visible();
}

export function isTrustedHost(state: MockState, host: string): boolean {
  const domains = state.settings.trustedDomains;
  return domains.length === 0 || domains.includes(host.toLowerCase());
}

export function countCall(state: MockState, path: string): void {
  state.calls.set(path, (state.calls.get(path) ?? 0) + 1);
}
