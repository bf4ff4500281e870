import { randomBytes } from 'node:crypto';

/**
 * WeCom's error codes with the English text its servers put before ", hint: […]". Texts seen
 * in real answers are used where known (invalid corpid, corpsecret missing, access_token
 * missing, invalid access_token, api freq out of limit, …); the others follow the same style.
 */
export const ERRMSG: Readonly<Record<number, string>> = {
  [-1]: 'system busy',
  40001: 'invalid credential',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40056: 'invalid agentid',
  40058: 'invalid parameter',
  40068: 'invalid tagid',
  41001: 'access_token missing',
  41002: 'corpid missing',
  41004: 'corpsecret missing',
  41008: 'code missing',
  41009: 'userid missing',
  41011: 'agentid missing',
  41017: 'tagid missing',
  42001: 'access_token expired',
  45009: 'api freq out of limit',
  45033: 'api concurrent out of limit',
  47001: 'data format error',
  48002: 'api forbidden',
  50001: 'redirect_url unauthorized',
  50002: 'user out of the app visible range',
  60003: 'department not found',
  60011: 'no privilege to access/modify contact/party/agent',
  60020: 'not allow to access from your ip',
  60111: 'userid not found',
  84014: 'user ticket expired',
  84015: 'invalid user ticket',
  84025: 'invalid state',
};

/** A WeCom error answer: thrown by handlers, turned into `{errcode, errmsg}` by the API pipeline. */
export class WecomError extends Error {
  constructor(
    readonly errcode: number,
    readonly detail?: string,
  ) {
    super(detail ?? ERRMSG[errcode] ?? `error ${errcode}`);
    this.name = 'WecomError';
  }
}

/** `<text>, hint: [<request id>], from ip: <ip>, more info at …?e=<code>`, as WeCom writes it. */
export function errmsg(errcode: number, ip: string, nowMs: number, text = ERRMSG[errcode] ?? `error ${errcode}`): string {
  return `${text}, hint: [${requestId(nowMs)}], from ip: ${ip}, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`;
}

/** like WeCom's hints: seconds, a small server number and 32 hex digits */
export function requestId(nowMs: number): string {
  const server = 1 + (randomBytes(1)[0]! % 120);
  return `${Math.floor(nowMs / 1000)}_${server}_${randomBytes(16).toString('hex')}`;
}

export function errorBody(errcode: number, ip: string, nowMs: number, text?: string): { errcode: number; errmsg: string } {
  return { errcode, errmsg: errmsg(errcode, ip, nowMs, text) };
}
