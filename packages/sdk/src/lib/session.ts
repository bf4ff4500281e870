import type { SessionUser, TokenResponse } from '@docgate/protocol';

/** What the SDK keeps of a sign-in, per server and site. */
export interface StoredSession {
  accessToken: string;
  /** epoch ms */
  expiresAt: number;
  refreshToken: string;
  user: SessionUser;
}

export function sessionFromTokens(tokens: TokenResponse, now = Date.now()): StoredSession {
  return {
    accessToken: tokens.access_token,
    expiresAt: now + tokens.expires_in * 1000,
    refreshToken: tokens.refresh_token,
    user: tokens.user,
  };
}

/**
 * Tokens live in the site's localStorage (sessionStorage or memory when it is unavailable, as
 * in some privacy modes), under one key per server and site, so every tab of the site shares
 * them and sees another tab's refresh through the `storage` event.
 */
export function sessionStore(server: string, site: string, storage: Storage | null = defaultStorage()) {
  const key = `docgate:${site}@${server}`;
  let memory: StoredSession | null = null;
  return {
    key,
    read(): StoredSession | null {
      if (!storage) return memory;
      try {
        const value = JSON.parse(storage.getItem(key) ?? 'null') as StoredSession | null;
        return value && typeof value.accessToken === 'string' && typeof value.refreshToken === 'string' ? value : null;
      } catch {
        return null;
      }
    },
    write(session: StoredSession | null): void {
      memory = session;
      if (!storage) return;
      try {
        if (session) storage.setItem(key, JSON.stringify(session));
        else storage.removeItem(key);
      } catch {
        // quota or privacy mode: the memory copy serves this page
      }
    },
  };
}

export type SessionStore = ReturnType<typeof sessionStore>;

function defaultStorage(): Storage | null {
  try {
    const probe = '__docgate__';
    localStorage.setItem(probe, probe);
    localStorage.removeItem(probe);
    return localStorage;
  } catch {
    return null;
  }
}
