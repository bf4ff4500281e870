import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { getJson } from './testing/http.js';

const CLI = fileURLToPath(new URL('./cli.js', import.meta.url));

function run(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args]);
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d));
  child.stderr.on('data', (d: Buffer) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const waitFor = (pattern: RegExp, timeoutMs = 15_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const started = Date.now();
      const check = () => {
        const match = output.match(pattern);
        if (match) return resolve(match);
        if (Date.now() - started > timeoutMs || child.exitCode !== null) return reject(new Error(`no ${pattern} in:\n${output}`));
        setTimeout(check, 20);
      };
      check();
    });
  return { child, exited, waitFor, output: () => output };
}

describe('wecom-mock CLI', () => {
  it('starts, prints what a client needs, answers gettoken, and stops on SIGTERM', async () => {
    const cli = run(['--port', '0', '--members', '50', '--departments', '8', '--seed', '4', '--trusted-domain', 'docs.example.test:8443']);
    try {
      const [, url] = await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const [, secret] = await cli.waitFor(/ secret +(\S{43})\n/);
      const [, contacts] = await cli.waitFor(/contacts secret +(\S{43})\n/);
      assert.notEqual(secret, contacts);
      assert.match(cli.output(), /corpid +wwmock0000000001/);
      assert.match(cli.output(), /agentid +1000002/);
      assert.match(cli.output(), /50 members, 8 departments, 5 tags/);
      assert.match(cli.output(), /admin API +http:\/\/127\.0\.0\.1:\d+\/__mock/);
      const answer = await getJson(`${url}/cgi-bin/gettoken?corpid=wwmock0000000001&corpsecret=${secret}`);
      assert.equal(answer.errcode, 0);
      assert.equal(answer.expires_in, 7200);
      const state = await getJson(`${url}/__mock/state`);
      assert.equal(state.counts.users, 50);
      assert.deepEqual(state.trustedDomains, ['docs.example.test:8443']);
    } finally {
      cli.child.kill('SIGTERM');
    }
    assert.equal(await cli.exited, 0);
  });

  it('prints usage with --help and refuses unknown flags with exit code 2', async () => {
    const help = run(['--help']);
    assert.equal(await help.exited, 0);
    assert.match(help.output(), /wecom-mock \[--port 9300\]/);
    const bad = run(['--colour']);
    assert.equal(await bad.exited, 2);
    assert.match(bad.output(), /colour/);
    const half = run(['--callback-url', 'http://x']);
    assert.equal(await half.exited, 2);
    assert.match(half.output(), /go together/);
  });
});
