/**
 * A WeCom API call that failed: WeCom's `errcode` and `errmsg` when it answered, or the
 * transport failure (errcode -1 for a network error or timeout, -2 for an HTTP error status).
 */
export class WecomError extends Error {
  override name = 'WecomError';
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly path: string,
  ) {
    super(`WeCom ${path} failed: ${errcode === -1 || errcode === -2 ? errmsg : `errcode ${errcode}, ${errmsg}`}`);
  }
}

/** errcodes and what they mean for us (wecom.md) */
export const WECOM = {
  /** access token invalid (often what an expired token gets) */
  invalidToken: 40014,
  tokenExpired: 42001,
  /** the secret is wrong: retrying cannot help */
  invalidSecret: 40001,
  invalidCode: 40029,
  frequencyLimit: 45009,
  concurrencyLimit: 45033,
  noPrivilege: 60011,
  userNotFound: 60111,
  departmentNotFound: 60003,
  invalidTagId: 40068,
  ipNotAllowed: 60020,
  redirectUnauthorized: 50001,
} as const;
