// `docgate demo` as the end-to-end tests run it: its own data directory, every port chosen by
// the system, ready once it says so; stop() ends it and removes its data.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../../server/dist/bin/docgate.js', import.meta.url));

/** Starts the demo (`args`: more options, e.g. ['--site-dir', dir]); answers its addresses and stop(). */
export async function startDemo(args = []) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'docgate-e2e-'));
  const demo = spawn(process.execPath, [cli, 'demo', '--port', '0', '--site-port', '0', '--wecom-port', '0', '--data-dir', dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = async () => {
    demo.kill('SIGINT');
    await new Promise((resolve) => (demo.exitCode !== null || demo.signalCode !== null ? resolve() : demo.once('exit', resolve)));
    rmSync(dataDir, { recursive: true, force: true });
  };
  let output = '';
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the demo did not start:\n${output}`)), 20_000);
      const onData = (chunk) => {
        output += chunk;
        if (output.includes('Press Ctrl+C')) {
          clearTimeout(timer);
          resolve();
        }
      };
      demo.stdout.on('data', onData);
      demo.stderr.on('data', onData);
      demo.on('exit', () => reject(new Error(`the demo exited:\n${output}`)));
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    serverUrl: output.match(/server\s+(http:\/\/localhost:\d+)/)[1],
    siteUrl: output.match(/site\s+(http:\/\/localhost:\d+)/)[1],
    stop,
  };
}

/**
 * Signs `userid` in on a demo page as a person would outside WeCom: the SDK's sign-in prompt,
 * then the simulated WeCom QR page, where clicking the employee stands for their scan (the
 * simulator lists the demo's accounts first; anyone else is found by its search). Resolves once
 * the page is back and the guard has decided.
 */
export async function signInWithQr(page, userid) {
  await page.waitForSelector('dialog.dg-signin[open]');
  await page.click('dialog.dg-signin button');
  await page.waitForURL((url) => url.pathname === '/wwlogin/sso/login');
  if ((await page.locator(`a[data-userid="${userid}"]`).count()) === 0) {
    await page.fill('input[name=q]', userid);
    await page.press('input[name=q]', 'Enter');
  }
  await page.click(`a[data-userid="${userid}"]`);
  await page.waitForSelector('main[data-dg-state=allowed], main[data-dg-state=denied]');
}
