#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startWecomMock, type WecomMockOptions } from './mock.js';

const USAGE = `wecom-mock — a local WeCom (企业微信) simulator for tests, benchmarks and demos

Usage:
  wecom-mock [--port 9300] [--host 127.0.0.1]
             [--members 200] [--departments 20] [--seed 1] [--max-depth 10] [--tags 5]
             [--corp-id ID] [--agent-id ID] [--secret S] [--contacts-secret S]
             [--callback-url URL --callback-token T --callback-aes-key K] [--reduced-callbacks]
             [--field-restrictions] [--trusted-domain host:port ...] [--trusted-ip IP ...]
  wecom-mock --help

One origin serves qyapi.weixin.qq.com (/cgi-bin/…), open.weixin.qq.com (/connect/oauth2/authorize)
and login.work.weixin.qq.com (/wwlogin/sso/login); /__mock is the admin API (GET /__mock/state).
A callback given here is used as configured (no URL check); PUT /__mock/callback checks it.
`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        members: { type: 'string' },
        departments: { type: 'string' },
        seed: { type: 'string' },
        'max-depth': { type: 'string' },
        tags: { type: 'string' },
        'corp-id': { type: 'string' },
        'agent-id': { type: 'string' },
        secret: { type: 'string' },
        'contacts-secret': { type: 'string' },
        'callback-url': { type: 'string' },
        'callback-token': { type: 'string' },
        'callback-aes-key': { type: 'string' },
        'reduced-callbacks': { type: 'boolean' },
        'field-restrictions': { type: 'boolean' },
        'trusted-domain': { type: 'string', multiple: true },
        'trusted-ip': { type: 'string', multiple: true },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const callbackParts = [values['callback-url'], values['callback-token'], values['callback-aes-key']];
  if (callbackParts.some((p) => p !== undefined) && callbackParts.some((p) => p === undefined)) {
    throw new UsageError('--callback-url, --callback-token and --callback-aes-key go together');
  }
  const options: WecomMockOptions = {
    host: values.host ?? '127.0.0.1',
    port: whole(values.port ?? '9300', '--port'),
    organisation: {
      seed: whole(values.seed ?? '1', '--seed'),
      members: whole(values.members ?? '200', '--members'),
      departments: whole(values.departments ?? '20', '--departments'),
      maxDepth: whole(values['max-depth'] ?? '10', '--max-depth'),
      tags: whole(values.tags ?? '5', '--tags'),
    },
    fieldRestrictions: values['field-restrictions'] ?? false,
    trustedDomains: values['trusted-domain'] ?? [],
    trustedIps: values['trusted-ip'] ?? null,
    callback:
      values['callback-url'] === undefined
        ? null
        : { url: values['callback-url'], token: values['callback-token']!, encodingAESKey: values['callback-aes-key']!, reduced: values['reduced-callbacks'] ?? false },
    ...(values['corp-id'] ? { corpId: values['corp-id'] } : {}),
    ...(values['agent-id'] ? { agentId: values['agent-id'] } : {}),
    ...(values.secret ? { secret: values.secret } : {}),
    ...(values['contacts-secret'] ? { contactsSecret: values['contacts-secret'] } : {}),
  };
  const mock = await startWecomMock(options);
  const { corp, organisation } = mock;
  const callback = options.callback ? `${options.callback.url}${options.callback.reduced ? ' (reduced payloads)' : ''}` : 'off';
  process.stdout.write(
    [
      `WeCom mock listening on ${mock.url}`,
      `  corpid           ${corp.corpId}`,
      `  agentid          ${corp.agentId}`,
      `  secret           ${corp.secret}`,
      `  contacts secret  ${corp.contactsSecret}`,
      `  admin API        ${mock.url}/__mock  (GET ${mock.url}/__mock/state)`,
      `  directory        ${organisation.users.length} members, ${organisation.departments.length} departments, ${organisation.tags.length} tags`,
      `  trusted domains  ${options.trustedDomains!.length > 0 ? options.trustedDomains!.join(', ') : 'any'}`,
      `  callback         ${callback}`,
      `Use ${mock.url} as the base URL of qyapi.weixin.qq.com, open.weixin.qq.com and login.work.weixin.qq.com.`,
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await mock.close();
  return 0;
}

function whole(text: string, flag: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} needs a whole number, not "${text}"`);
  return Number(text);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`wecom-mock: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`wecom-mock: ${(error as Error).message ?? error}\n`);
      process.exitCode = 1;
    }
  },
);
