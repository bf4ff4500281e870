import { randomBytes, randomInt } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { encrypt, getSignature } from '@wecom/crypto';
import type { ContactChange } from './directory.js';

export interface CallbackOptions {
  url: string;
  token: string;
  encodingAESKey: string;
  /** newer callback URLs: only ids (UserID/NewUserID, Id, TagId) */
  reduced?: boolean;
  /** waits before the retries; default [1000, 2000, 4000]: 3 retries */
  retryDelaysMs?: number[];
  /** how long a delivery may take before it counts as failed; default 5000 */
  timeoutMs?: number;
}

export interface DeliveryRecord {
  changeType: string;
  attempts: number;
  delivered: boolean;
  lastStatus: number | null;
}

/** WeCom waits 1 s for the URL check answer */
const VERIFY_TIMEOUT_MS = 1000;
const DEFAULT_RETRY_DELAYS_MS = [1000, 2000, 4000];
const DEFAULT_TIMEOUT_MS = 5000;

/** The plain (decrypted) XML of a change_contact event. */
export function changeXml(corpId: string, createTime: number, change: ContactChange, reduced: boolean): string {
  const fields: ContactChange['fields'] = [
    ['ToUserName', corpId],
    ['FromUserName', 'sys'],
    ['CreateTime', createTime],
    ['MsgType', 'event'],
    ['Event', 'change_contact'],
    ['ChangeType', change.changeType],
    ...(reduced ? change.reduced : change.fields),
  ];
  return `<xml>${fields.map(([name, value]) => `<${name}>${typeof value === 'number' ? value : cdata(value)}</${name}>`).join('')}</xml>`;
}

export function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** Checks options the way WeCom's console does before it even tries the URL. */
export function callbackProblem(callback: CallbackOptions): string | undefined {
  if (!callback || typeof callback !== 'object') return 'the callback must be an object';
  let url: URL;
  try {
    url = new URL(callback.url);
  } catch {
    return `invalid callback url ${JSON.stringify(callback.url)}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'the callback url must be http or https';
  if (typeof callback.token !== 'string' || !/^[A-Za-z0-9]{1,32}$/.test(callback.token)) return 'token must be 1-32 letters or digits';
  if (typeof callback.encodingAESKey !== 'string' || !/^[A-Za-z0-9]{43}$/.test(callback.encodingAESKey)) return 'encodingAESKey must be 43 letters or digits';
  if (callback.retryDelaysMs !== undefined && !(Array.isArray(callback.retryDelaysMs) && callback.retryDelaysMs.every((d) => d >= 0))) {
    return 'retryDelaysMs must be a list of non-negative numbers';
  }
  if (callback.timeoutMs !== undefined && !(callback.timeoutMs > 0)) return 'timeoutMs must be positive';
  return undefined;
}

/**
 * Sends change_contact events to the configured URL, one at a time in the order of the
 * changes, retrying like WeCom; and performs the URL check WeCom does when a callback is saved.
 */
export class CallbackDispatcher {
  private callback: CallbackOptions | null = null;
  private readonly records: DeliveryRecord[] = [];
  private tail: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly sleeping = new Set<() => void>();
  private readonly requests = new Set<http.ClientRequest>();

  constructor(
    private readonly corpId: string,
    private readonly agentId: string,
    private readonly now: () => number,
  ) {}

  get current(): CallbackOptions | null {
    return this.callback;
  }

  /** sets the callback without the URL check (configured before the mock started) */
  set(callback: CallbackOptions | null): void {
    if (callback !== null) {
      const problem = callbackProblem(callback);
      if (problem) throw new TypeError(problem);
    }
    this.callback = callback === null ? null : { ...callback };
  }

  /** WeCom's URL check: GET with an encrypted echostr, the answer must be the plain text exactly */
  async verify(callback: CallbackOptions): Promise<{ verified: boolean; reason?: string }> {
    const problem = callbackProblem(callback);
    if (problem) return { verified: false, reason: problem };
    const plain = String(randomInt(1, 10)) + Array.from({ length: 18 + randomInt(0, 5) }, () => randomInt(0, 10)).join('');
    const echostr = encrypt(callback.encodingAESKey, plain, this.corpId);
    const timestamp = String(Math.floor(this.now() / 1000));
    const nonce = randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 16);
    const url = new URL(callback.url);
    url.searchParams.set('msg_signature', getSignature(callback.token, timestamp, nonce, echostr));
    url.searchParams.set('timestamp', timestamp);
    url.searchParams.set('nonce', nonce);
    url.searchParams.set('echostr', echostr);
    try {
      const answer = await this.request('GET', url, undefined, {}, VERIFY_TIMEOUT_MS);
      if (answer.status !== 200) return { verified: false, reason: `the URL check was answered with HTTP ${answer.status}` };
      if (answer.body !== plain) {
        return { verified: false, reason: `the URL check was answered with ${JSON.stringify(answer.body.slice(0, 200))}, not the decrypted echostr` };
      }
      return { verified: true };
    } catch (error) {
      return { verified: false, reason: `the URL check failed: ${(error as Error).message}` };
    }
  }

  /** queues the change's event for the callback configured now (nothing when there is none) */
  send(change: ContactChange): void {
    const callback = this.callback;
    if (!callback || this.closed) return;
    const createTime = Math.floor(this.now() / 1000);
    const encrypted = encrypt(callback.encodingAESKey, changeXml(this.corpId, createTime, change, callback.reduced === true), this.corpId);
    const nonce = randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 16);
    const timestamp = String(createTime);
    const url = new URL(callback.url);
    url.searchParams.set('msg_signature', getSignature(callback.token, timestamp, nonce, encrypted));
    url.searchParams.set('timestamp', timestamp);
    url.searchParams.set('nonce', nonce);
    const body = `<xml><ToUserName>${cdata(this.corpId)}</ToUserName><AgentID>${cdata(this.agentId)}</AgentID><Encrypt>${cdata(encrypted)}</Encrypt></xml>`;
    const record: DeliveryRecord = { changeType: change.changeType, attempts: 0, delivered: false, lastStatus: null };
    this.records.push(record);
    const delays = callback.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    const timeoutMs = callback.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.tail = this.tail.then(async () => {
      for (let attempt = 0; !this.closed; attempt++) {
        record.attempts++;
        try {
          const answer = await this.request('POST', url, body, { 'content-type': 'text/xml' }, timeoutMs);
          record.lastStatus = answer.status;
        } catch {
          record.lastStatus = null;
        }
        if (record.lastStatus === 200) {
          record.delivered = true;
          return;
        }
        if (attempt >= delays.length) return;
        await this.sleep(delays[attempt]!);
      }
    });
  }

  deliveries(): DeliveryRecord[] {
    return this.records.map((r) => ({ ...r }));
  }

  /** resolves when nothing is queued, being sent, or waiting to be retried */
  async waitForDeliveries(): Promise<void> {
    let tail: Promise<void>;
    do {
      tail = this.tail;
      await tail;
    } while (tail !== this.tail);
  }

  /** stops retrying and aborts what is in flight */
  close(): void {
    this.closed = true;
    for (const wake of this.sleeping) wake();
    for (const request of this.requests) request.destroy(new Error('the mock is closing'));
  }

  private sleep(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleeping.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleeping.add(wake);
    });
  }

  private request(method: 'GET' | 'POST', url: URL, body: string | undefined, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(body);
      const request = (url.protocol === 'https:' ? https : http).request(
        url,
        {
          method,
          agent: false,
          headers: { ...headers, 'user-agent': 'Mozilla/4.0', ...(payload ? { 'content-length': String(payload.length) } : {}) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= 1 << 20) chunks.push(chunk);
          });
          response.on('end', () => {
            finish();
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
          });
          response.on('error', (error) => {
            finish();
            reject(error);
          });
        },
      );
      const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.requests.delete(request);
      };
      this.requests.add(request);
      request.on('error', (error) => {
        finish();
        reject(error);
      });
      request.end(payload);
    });
  }
}
