// What the script-tag SDK costs the page it is on, in Chromium (issue #5: "the tracker does
// nothing the page would feel"). Measured from Chromium's own trace (CDP Tracing,
// devtools.timeline), with baselines measured in the same run:
//
// 1. Evaluating /sdk/docgate.js: the main thread's EvaluateScript of that URL (compiling what
//    was not compiled off the thread, and running its top level), on page loads of a fresh
//    profile each (no code cache: an employee's first visit) and reloads in one profile (the
//    visits after, with V8's code cache). Baselines, served the same way (`async`, from the
//    server's origin): the same bytes wrapped in a function that is never called (the price of
//    any script that size that does nothing), and a script that only starts one request to the
//    server (what any script that calls an API pays for its first fetch).
// 2. Scrolling with the reading tracker running (a signed-in reader, visible and focused): the
//    main thread's time in each scroll and wheel event's dispatch and in animation-frame
//    callbacks, over a few hundred real wheel inputs (CDP Input), against the same page without
//    the SDK, and with two empty passive listeners (the cost of having listeners at all).
// 3. The file's size: bench/size.mjs (≤ 10 KB gzip), quoted here.
//
// Runs `docgate demo` (ports 0) as the server; its example-site server serves the pages below.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../scripts/chromium.mjs';
import { percentile, repoDir, report } from './lib/report.mjs';

const LOADS = Number(process.env.LOADS ?? 30);
const WHEELS = Number(process.env.WHEELS ?? 300);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const cli = path.join(repoDir, 'packages/server/dist/bin/docgate.js');
const sdkBytes = readFileSync(path.join(repoDir, 'packages/sdk/dist/docgate.js'));
const sdk = sdkBytes.toString('utf8');
const work = mkdtempSync(path.join(tmpdir(), 'docgate-bench-sdk-cost-'));
const siteDir = path.join(work, 'site');
const SERVER = 'http://localhost:8787'; // the demo's site server rewrites it to the real one

// One long document (≈ 3 000 words); the variants differ only in the script they load.
const words = 'the reader follows the argument from one section to the next and the document explains how expenses are approved who signs what and when the budget closes'.split(' ');
const body = Array.from({ length: 50 }, (_, i) => `<p>${Array.from({ length: 60 }, (_, k) => words[(i * 7 + k) % words.length]).join(' ')}.</p>`).join('\n');
const page = (script) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SDK cost</title><link rel="icon" href="data:,">${script}</head>
<body><header style="height:120px">Docs</header><main>${body}</main></body></html>`;
mkdirSync(siteDir, { recursive: true });
writeFileSync(path.join(siteDir, 'index.html'), page(''));
writeFileSync(path.join(siteDir, 'none.html'), page(''));
writeFileSync(path.join(siteDir, 'sdk.html'), page(`<script src="${SERVER}/sdk/docgate.js" data-site="handbook" data-sign-in="dev" async></script>`));
writeFileSync(path.join(siteDir, 'baseline.html'), page(`<script src="${SERVER}/assets/baseline.js" async></script>`));
writeFileSync(path.join(siteDir, 'fetch.html'), page(`<script src="${SERVER}/assets/fetch.js" async></script>`));
writeFileSync(
  path.join(siteDir, 'listeners.html'),
  page(`<script>for (const type of ['scroll', 'wheel']) addEventListener(type, () => {}, { capture: true, passive: true });</script>`),
);
// The baseline scripts: the SDK's own bytes, never run; one request, as the SDK's first one.
const baselines = {
  'baseline.js': `function docgateBaseline(){${sdk}}`,
  'fetch.js': `fetch(document.currentScript.src.replace(/\\/assets\\/.*/, '/v1/check'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).catch(() => {});`,
};

const demo = spawn(process.execPath, [cli, 'demo', '--port', '0', '--site-port', '0', '--wecom-port', '0', '--data-dir', path.join(work, 'data'), '--site-dir', siteDir], {
  stdio: ['ignore', 'pipe', 'pipe'],
});
let browser;
try {
  let output = '';
  await new Promise((resolve, reject) => {
    demo.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Press Ctrl+C')) resolve();
    });
    demo.stderr.on('data', (chunk) => (output += chunk));
    demo.on('exit', () => reject(new Error(`the demo exited:\n${output}`)));
  });
  const serverUrl = output.match(/server\s+(http:\/\/localhost:\d+)/)[1];
  const siteUrl = output.match(/site\s+(http:\/\/localhost:\d+)/)[1];
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });

  /** A profile whose reader is signed in (a dev login's tokens where the SDK keeps them). */
  async function profile() {
    const tokens = await (
      await fetch(`${serverUrl}/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userid: 'zhangwei' }) })
    ).json();
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    await context.addInitScript(
      ({ origin, key, tokens }) => {
        if (location.origin !== origin || localStorage.getItem(key)) return;
        localStorage.setItem(key, JSON.stringify({ accessToken: tokens.access_token, expiresAt: Date.now() + tokens.expires_in * 1000, refreshToken: tokens.refresh_token, user: tokens.user }));
      },
      { origin: siteUrl, key: `docgate:handbook@${serverUrl}`, tokens },
    );
    return context;
  }

  // The light categories: the heavier ones (disabled-by-default-*, v8) double what is measured.
  const CATEGORIES = ['devtools.timeline', 'toplevel'];
  /** Runs `action` while Chromium traces `target`; answers the trace's events. */
  async function traced(target, action) {
    await browser.startTracing(target, { categories: CATEGORIES });
    await action();
    return JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  }
  /** the renderer main thread(s) of the trace: the thread named CrRendererMain */
  const mainThreads = (events) => new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const onMain = (events) => {
    const main = mainThreads(events);
    return events.filter((e) => main.has(`${e.pid}:${e.tid}`));
  };

  /**
   * The main thread's EvaluateScript (ms) of `scriptUrl` while `page` loads `url`: running the
   * top level, with the functions it calls compiled on first call (V8 compiles lazily; the code
   * cache of later visits holds them).
   */
  async function evaluation(target, url, scriptUrl, ready) {
    const events = await traced(target, async () => {
      await target.goto(url);
      await ready(target);
    });
    const evaluate = onMain(events).filter((e) => e.name === 'EvaluateScript' && e.args?.data?.url === scriptUrl);
    if (evaluate.length !== 1) throw new Error(`${evaluate.length} EvaluateScript events for ${scriptUrl}`);
    return { evaluate: evaluate[0].dur / 1000 };
  }

  const loaded = (p) => p.waitForLoadState('load');
  const variants = {
    sdk: { url: `${siteUrl}/sdk.html`, script: `${serverUrl}/sdk/docgate.js`, ready: (p) => p.waitForFunction(() => window.docgate?.tracker) },
    baseline: { url: `${siteUrl}/baseline.html`, script: `${serverUrl}/assets/baseline.js`, ready: loaded },
    fetch: { url: `${siteUrl}/fetch.html`, script: `${serverUrl}/assets/fetch.js`, ready: loaded },
  };
  // Served from the server's origin like the SDK, with its caching, through a route.
  const withBaselines = async (context) => {
    for (const [file, body] of Object.entries(baselines)) {
      await context.route(`${serverUrl}/assets/${file}`, (route) => route.fulfill({ body, contentType: 'text/javascript', headers: { 'cache-control': 'public, max-age=300' } }));
    }
    return context;
  };

  const cold = { sdk: [], baseline: [], fetch: [] };
  const warm = { sdk: [], baseline: [], fetch: [] };
  for (let i = 0; i < LOADS; i++) {
    for (const [name, v] of Object.entries(variants)) {
      const context = await withBaselines(await profile());
      const target = await context.newPage();
      cold[name].push(await evaluation(target, v.url, v.script, v.ready));
      await context.close();
    }
  }
  // Later visits: one profile per script, loaded in turns; V8 caches code from the third load.
  const profiles = {};
  for (const [name, v] of Object.entries(variants)) {
    const context = await withBaselines(await profile());
    profiles[name] = { context, target: await context.newPage() };
    for (let i = 0; i < 3; i++) await evaluation(profiles[name].target, v.url, v.script, v.ready);
  }
  for (let i = 0; i < LOADS; i++) {
    for (const [name, v] of Object.entries(variants)) warm[name].push(await evaluation(profiles[name].target, v.url, v.script, v.ready));
  }
  for (const { context } of Object.values(profiles)) await context.close();

  const ms2 = (v) => `${v.toFixed(2)} ms`;
  const rows = [];
  const add = (measure, page, values, tail, unit) => {
    const format = unit === 'µs' ? (v) => `${(v * 1000).toFixed(0)} µs` : ms2;
    rows.push({ measure, page, n: values.length, median: values.length ? format(percentile(values, 50)) : '—', [`p95 (p99 for events)`]: values.length ? format(percentile(values, tail)) : '—' });
  };
  for (const [name, label] of [
    ['sdk', 'docgate.js'],
    ['baseline', 'baseline: same bytes, never run'],
    ['fetch', 'baseline: one request, nothing else'],
  ]) {
    add('evaluate, first visit', label, cold[name].map((r) => r.evaluate), 95);
    add('evaluate, later visit (code cache)', label, warm[name].map((r) => r.evaluate), 95);
  }

  // Scrolling: WHEELS real wheel inputs of 60 px, one every ~16 ms, ROUNDS times per page.
  const scrollPages = {
    'no SDK': `${siteUrl}/none.html`,
    'two empty passive listeners': `${siteUrl}/listeners.html`,
    'SDK, tracker running': `${siteUrl}/sdk.html`,
  };
  const scrolls = Object.fromEntries(Object.keys(scrollPages).map((k) => [k, { scroll: [], wheel: [], frame: [], busy: [], events: 0, inputs: 0 }]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, url] of Object.entries(scrollPages)) {
      const context = await profile();
      const target = await context.newPage();
      await target.goto(url);
      if (name.startsWith('SDK')) await target.waitForFunction(() => window.docgate?.tracker?.snapshot());
      await target.mouse.move(500, 350);
      await target.waitForTimeout(300);
      const events = await traced(target, async () => {
        for (let i = 0; i < WHEELS; i++) {
          await target.mouse.wheel(0, i % 100 < 50 ? 60 : -60); // down and back up, never at an end
          await target.waitForTimeout(16);
        }
        await target.waitForTimeout(200);
      });
      if (name.startsWith('SDK')) {
        const snapshot = await target.evaluate(() => window.docgate.tracker.snapshot());
        if (!(snapshot.activeMs > 0)) throw new Error('the tracker did not count the scrolling');
      }
      const main = onMain(events);
      const dispatch = (type) => main.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === type).map((e) => e.dur / 1000);
      const s = scrolls[name];
      s.scroll.push(...dispatch('scroll'));
      s.wheel.push(...dispatch('wheel'));
      s.frame.push(...main.filter((e) => e.name === 'FireAnimationFrame').map((e) => e.dur / 1000));
      // main-thread busy time: its top-level tasks while the wheels went on
      const tasks = main.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && e.ph === 'X');
      s.busy.push(tasks.reduce((sum, e) => sum + e.dur, 0) / 1000);
      s.inputs += WHEELS;
      await context.close();
    }
  }
  for (const [what, key, tail] of [
    ['scroll event dispatch', 'scroll', 99],
    ['wheel event dispatch', 'wheel', 99],
    ['animation-frame callbacks', 'frame', 99],
  ]) {
    for (const [name, s] of Object.entries(scrolls)) add(what, name, s[key], tail, 'µs');
  }
  for (const [name, s] of Object.entries(scrolls)) {
    rows.push({ measure: 'main thread busy per wheel input', page: name, n: s.inputs, median: `${((s.busy.reduce((a, b) => a + b, 0) / s.inputs) * 1000).toFixed(0)} µs (mean)`, 'p95 (p99 for events)': '' });
  }

  const gzip = gzipSync(sdkBytes, { level: 9 }).length;
  report(
    'sdk-cost',
    'SDK cost in the page (Chromium, from its trace)',
    rows,
    [
      `evaluation: ${LOADS} loads per script and visit kind; EvaluateScript on the renderer's main thread (an async script is mostly compiled off it, while it downloads).`,
      `scrolling: ${ROUNDS} × ${WHEELS} wheel inputs per page; dispatch is the main thread's EventDispatch of each event; "busy" is all of its top-level tasks (input, frames, the tracker's timers) divided by the inputs.`,
      `size: docgate.js is ${sdkBytes.length} bytes, ${gzip} gzip (budget 10 240: bench/size.mjs).`,
      `Chromium ${browser.version()}, headless.`,
    ],
  );
} finally {
  await browser?.close();
  demo.kill('SIGINT');
  await new Promise((resolve) => (demo.exitCode !== null ? resolve() : demo.once('exit', resolve)));
  rmSync(work, { recursive: true, force: true });
}
