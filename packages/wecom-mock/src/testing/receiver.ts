import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decrypt, getSignature } from '@wecom/crypto';

export interface ReceivedEvent {
  /** element → text */
  fields: Record<string, string>;
  /** elements written as CDATA */
  cdata: Set<string>;
  plain: string;
  envelope: string;
  contentType: string | undefined;
}

export interface Receiver {
  url: string;
  events: ReceivedEvent[];
  /** POSTs seen, valid or not */
  posts: number;
  /** problems found in what arrived (bad signature, wrong receiveid, …) */
  problems: string[];
  /** statuses for the next POSTs; then 200 */
  statuses: number[];
  /** how the URL check is answered; default: the decrypted echostr */
  answerCheck: (plain: string) => string;
  checks: number;
  close(): Promise<void>;
}

/**
 * A callback receiver like docgate's: checks msg_signature and decrypts with @wecom/crypto
 * (independent of the mock's own code path), and answers the URL check.
 */
export async function startReceiver(options: { token: string; encodingAESKey: string; corpId: string }): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    events: [],
    posts: 0,
    problems: [],
    statuses: [],
    answerCheck: (plain) => plain,
    checks: 0,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://receiver');
    const q = (name: string) => url.searchParams.get(name) ?? '';
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      if (request.method === 'GET') {
        receiver.checks++;
        const echostr = q('echostr');
        if (getSignature(options.token, q('timestamp'), q('nonce'), echostr) !== q('msg_signature')) {
          receiver.problems.push('URL check: bad signature');
          response.writeHead(403).end();
          return;
        }
        const { message, id } = decrypt(options.encodingAESKey, echostr);
        if (id !== options.corpId) receiver.problems.push(`URL check: receiveid ${id}`);
        response.writeHead(200, { 'content-type': 'text/plain' }).end(receiver.answerCheck(message));
        return;
      }
      receiver.posts++;
      const encrypted = /<Encrypt><!\[CDATA\[([^\]]*)\]\]><\/Encrypt>/.exec(body)?.[1] ?? '';
      if (getSignature(options.token, q('timestamp'), q('nonce'), encrypted) !== q('msg_signature')) {
        receiver.problems.push('event: bad signature');
        response.writeHead(403).end();
        return;
      }
      const { message, id } = decrypt(options.encodingAESKey, encrypted);
      if (id !== options.corpId) receiver.problems.push(`event: receiveid ${id}`);
      const status = receiver.statuses.shift() ?? 200;
      if (status === 200) receiver.events.push({ ...parseXml(message), plain: message, envelope: body, contentType: request.headers['content-type'] });
      response.writeHead(status).end(status === 200 ? '' : 'not now');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wecom/callback`;
  return receiver;
}

export function parseXml(xml: string): { fields: Record<string, string>; cdata: Set<string> } {
  const fields: Record<string, string> = {};
  const cdata = new Set<string>();
  const inner = /^<xml>([\s\S]*)<\/xml>$/.exec(xml)?.[1] ?? '';
  for (const match of inner.matchAll(/<(\w+)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g)) {
    const [, name, text, bare] = match;
    fields[name!] = text ?? bare ?? '';
    if (text !== undefined) cdata.add(name!);
  }
  return { fields, cdata };
}
