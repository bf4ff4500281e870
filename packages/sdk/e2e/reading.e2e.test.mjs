// The 18 scenarios of reading-time.md ("Scenarios a headless-Chromium suite must pass"), end to
// end: the script-tag SDK in Chromium on a documentation site of its own origin, a real docgate
// server process (`docgate demo --site-dir` over the pages in fixtures/reading-site), and the
// server's totals read back over HTTP from GET /v1/sites/:site/stats/segments. Each scenario is
// compared with its scripted truth (±1 s unless it says otherwise) and, where it says so, with
// the client's own `window.docgate.tracker.snapshot()`. A table of expected, server and client
// values is printed at the end (docs/reading-scenarios.md holds the last one).
//
// Time is Playwright's fake clock (performance.now, Date, timers and requestAnimationFrame of the
// page), paused, and moved by the test: two idle minutes cost no real time. Input is real
// (mouse wheel, keyboard, clicks through CDP's Input domain), and so are visibility, focus,
// freezing, the back/forward cache, going offline and the renderer crashing:
//
// - Visibility. Playwright keeps every page "visible": it turns on CDP focus emulation for each
//   page, and Chromium holds a capture on a page with focus emulation (WebContents' capturer
//   count), which keeps it visible even in a background tab
//   (https://github.com/microsoft/playwright/issues/2286). So Chromium is started here by the
//   test and Playwright attaches with connectOverCDP({ noDefaults: true }): the default browser
//   context then gets no focus emulation, and a page behind another tab of its window is
//   really hidden (visibilitychange, document.hidden) and blurred, as in a desktop browser.
//   Every scenario works in that default context of a Chromium of its own (a fresh profile).
// - Visible but not focused (scenarios 5 and 18): CDP focus emulation turned on from one CDP
//   session (the capture that keeps the tab visible) and off from another (document.hasFocus()
//   real again); the tab behind another is then visible and really blurred, the state of a
//   window behind another on a desktop.
// - Frozen (12): Page.setWebLifecycleState (real `freeze` and `resume` events). Chromium freezes
//   only hidden pages; a visible page whose timers stop (a sleeping laptop) is the fake clock's
//   fastForward, which fires a due timer once after the jump.
// - Offline (14): the network emulated offline; Chromium still answers true to sendBeacon then,
//   and drops the beacon, so the SDK must not trust it offline: the server's totals tell.
// - Crash (13): Page.crash.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../../scripts/chromium.mjs';
import { startDemo } from './lib/demo.mjs';

const siteDir = fileURLToPath(new URL('./fixtures/reading-site', import.meta.url));
const SITE = 'handbook';
const ADMIN = 'liuyang';
const LONG = '/docs/long.html';
const NEXT = '/docs/next.html';
const SHORT = '/docs/short.html';
/** ±1 s: reading-time.md's tolerance for the server's totals */
const TOLERANCE = 1000;
/** the SDK's defaults (reading-time.md): idle window, tick */
const WINDOW = 30_000;
const TICK = 1_000;

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe('reading time in Chromium, against the server (reading-time.md)', () => {
  let demo;
  let serverUrl;
  let siteUrl;
  let adminToken;
  /** active members of the demo company, one per scenario (each reads alone) */
  let readers = [];
  /** scenario | expected | server | client | verdict */
  const table = [];
  /** the Chromium processes started here, killed at the end if a scenario left one behind */
  const chromes = new Set();

  before(async () => {
    demo = await startDemo(['--site-dir', siteDir]);
    ({ serverUrl, siteUrl } = demo);
    adminToken = (await devLogin(ADMIN)).access_token;
    const { users } = await api('GET', 'v1/directory/users?limit=100');
    const demoAccounts = new Set([ADMIN, 'zhangwei', 'chenjing', 'emily.chen']);
    readers = users.filter((u) => u.status === 'active' && !demoAccounts.has(u.id)).map((u) => u.id);
    assert.ok(readers.length >= 20, `${readers.length} active members to read`);
  });

  after(async () => {
    const columns = ['scenario', 'expected', 'server', 'client', 'verdict'];
    const width = (c) => Math.max(c.length, ...table.map((r) => String(r[c]).length));
    const line = (cells) => `| ${cells.map((cell, i) => String(cell).padEnd(width(columns[i]))).join(' | ')} |`;
    console.log(['', line(columns), `|${columns.map((c) => '-'.repeat(width(c) + 2)).join('|')}|`, ...table.map((r) => line(columns.map((c) => r[c])))].join('\n'));
    for (const chrome of chromes) chrome.kill('SIGKILL');
    await demo?.stop();
  });

  async function devLogin(userid) {
    const response = await fetch(`${serverUrl}/v1/auth/dev-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userid, site: SITE }),
    });
    assert.equal(response.status, 200, `dev login of ${userid}`);
    return response.json();
  }

  async function api(method, route) {
    const response = await fetch(`${serverUrl}/${route}`, { method, headers: { authorization: `Bearer ${adminToken}` } });
    const text = await response.text();
    assert.ok(response.ok, `${method} ${route}: ${response.status} ${text}`);
    return JSON.parse(text);
  }

  /** The segments the server holds for this document and reader (the values of each one's highest seq). */
  async function serverSegments(docPath, user) {
    const { segments } = await api('GET', `v1/sites/${SITE}/stats/segments?path=${encodeURIComponent(docPath)}&user=${encodeURIComponent(user)}`);
    return segments;
  }

  /** Waits (real time, reports travel over HTTP) until the server's segments satisfy `ready`. */
  async function settled(docPath, user, ready, what) {
    let segments = [];
    for (const until = Date.now() + 5_000; Date.now() < until; await sleep(50)) {
      segments = await serverSegments(docPath, user);
      if (ready(segments)) return segments;
    }
    assert.fail(`the server never had ${what} for ${user} on ${docPath}: ${JSON.stringify(segments)}`);
  }

  /** One row of the printed table; the verdict is set when the scenario ends. */
  function row(scenario) {
    const entry = { scenario, expected: '', server: '', client: '', verdict: 'FAIL' };
    table.push(entry);
    return entry;
  }

  /** Runs a scenario as one reader in a Chromium of its own; the row's verdict follows the assertions. */
  let scenarios = 0;
  function scenario(name, body) {
    const n = ++scenarios;
    it(name, { timeout: 60_000 }, async () => {
      const entry = row(name);
      const reader = await openBrowser(readers[n]);
      try {
        await body(reader, entry);
        assert.deepEqual(reader.pageErrors, [], 'no errors in the page');
        entry.verdict = 'pass';
      } finally {
        await reader.close();
      }
    });
  }

  /**
   * Chromium started by the test (a fresh profile) and attached with connectOverCDP({ noDefaults }):
   * its default context has no focus emulation, so visibility and focus are the browser's own
   * (see the top of this file). The reader is signed in already (a real dev login's tokens in
   * the site's localStorage, where the SDK keeps them), and the page's clock is fake and paused.
   */
  async function openBrowser(user) {
    const profile = mkdtempSync(path.join(tmpdir(), 'docgate-reading-profile-'));
    const chrome = spawn(
      chromiumPath,
      ['--headless', ...chromiumArgs, '--window-size=1000,700', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    chromes.add(chrome);
    chrome.once('exit', () => chromes.delete(chrome));
    let stderr = '';
    const started = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Chromium did not start:\n${stderr}`)), 15_000);
      chrome.stderr.on('data', (chunk) => {
        stderr += chunk;
        const match = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      chrome.once('exit', () => reject(new Error(`Chromium exited:\n${stderr}`)));
    });
    try {
      return await attach(chrome, await started, profile, user);
    } catch (error) {
      chrome.kill('SIGKILL');
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
      throw error;
    }
  }

  /** Playwright on the Chromium listening at `endpoint`: the reader's browser and its helpers. */
  async function attach(chrome, endpoint, profile, user) {
    const browser = await chromium.connectOverCDP(endpoint, { noDefaults: true, isLocal: true });
    const context = browser.contexts()[0];
    const browserCdp = await browser.newBrowserCDPSession();
    const tokens = await devLogin(user);
    await context.addInitScript(
      ({ origin, key, tokens }) => {
        if (location.origin !== origin || localStorage.getItem(key)) return;
        const session = { accessToken: tokens.access_token, expiresAt: Date.now() + tokens.expires_in * 1000, refreshToken: tokens.refresh_token, user: tokens.user };
        localStorage.setItem(key, JSON.stringify(session));
      },
      { origin: siteUrl, key: `docgate:${SITE}@${serverUrl}`, tokens },
    );
    // What the page lived through, to assert that the browser really did it.
    await context.addInitScript(() => {
      const log = (window.__lifecycle = []);
      const note = (what) => log.push(what);
      document.addEventListener('visibilitychange', () => note(`visibility:${document.visibilityState}`));
      document.addEventListener('freeze', () => note('freeze'));
      document.addEventListener('resume', () => note('resume'));
      addEventListener('focus', () => note('focus'));
      addEventListener('blur', () => note('blur'));
      addEventListener('pageshow', (event) => note(`pageshow:${event.persisted}`));
      addEventListener('offline', () => note('offline'));
      addEventListener('online', () => note('online'));
      // Wheel events received, so that the test moves the clock only once the page has its input.
      window.__wheels = 0;
      addEventListener('wheel', () => window.__wheels++, { capture: true, passive: true });
    });
    const start = Date.now();
    await context.clock.install({ time: start });
    await context.clock.pauseAt(start + 1_000);

    const events = [];
    const pageErrors = [];
    context.on('request', (request) => {
      if (request.url() === `${serverUrl}/v1/events`) events.push({ type: request.resourceType(), body: request.postData() });
    });
    const watch = (page) => page.on('pageerror', (error) => pageErrors.push(error.message));
    context.on('page', watch);
    const [first] = context.pages();
    watch(first);
    // An empty tab: brought to the front, it hides the page behind it.
    const cover = await context.newPage();

    const reader = {
      user,
      browser,
      context,
      browserCdp,
      cover,
      events,
      pageErrors,
      clock: context.clock,
      /** the first tab, in front, on `docPath`, once the tracker runs */
      async open(docPath, page = first) {
        await page.bringToFront();
        await page.goto(`${siteUrl}${docPath}`);
        await reader.tracking(page);
        await page.mouse.move(300, 300);
        return page;
      },
      async tracking(page) {
        await page.waitForFunction(() => window.docgate?.tracker, null, { polling: 50, timeout: 10_000 });
      },
      /**
       * A real wheel input (CDP), awaited until the page has dispatched it: the DOM event comes a
       * little after CDP answers, and the page's time must not move in between.
       */
      async wheel(page, pixels = 120) {
        const before = await page.evaluate(() => window.__wheels);
        await page.mouse.wheel(0, pixels);
        await page.waitForFunction((n) => window.__wheels > n, before, { polling: 5 });
      },
      /** Reads for `ms`: real input every 2 s, the last at the very end (the reader is active until then). */
      async read(page, ms) {
        for (let t = 0; t < ms; t += 2_000) {
          await reader.wheel(page);
          await context.clock.runFor(Math.min(2_000, ms - t));
        }
        await reader.wheel(page);
      },
      /** another tab in front: the page is hidden (and blurred), for real */
      async hide(page) {
        await cover.bringToFront();
        assert.equal(await page.evaluate(() => document.visibilityState), 'hidden', 'the page behind another tab is hidden');
      },
      async show(page) {
        await page.bringToFront();
        assert.deepEqual(await page.evaluate(() => [document.visibilityState, document.hasFocus()]), ['visible', true], 'the page in front is visible and focused');
      },
      snapshot: (page) => page.evaluate(() => window.docgate.tracker.snapshot()),
      lifecycle: (page) => page.evaluate(() => window.__lifecycle.slice()),
      async close() {
        const exited = chrome.exitCode === null && chrome.signalCode === null ? new Promise((resolve) => chrome.once('exit', resolve)) : null;
        await Promise.race([browserCdp.send('Browser.close').catch(() => {}), sleep(2_000)]);
        const timer = setTimeout(() => chrome.kill('SIGKILL'), 3_000);
        await exited;
        clearTimeout(timer);
        rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
      },
    };
    return reader;
  }

  /**
   * Keeps a tab visible when another tab comes in front of it, with a real focus: focus
   * emulation on from one CDP session (Chromium then holds a capture, which keeps the tab
   * visible) and off from another (document.hasFocus() is the browser's again). Call it once the
   * page is loaded: a renderer started by a later cross-origin navigation gets the emulation of
   * the first session only.
   */
  async function visibleWhenBehind(reader, page) {
    const capture = await reader.context.newCDPSession(page);
    await capture.send('Emulation.setFocusEmulationEnabled', { enabled: true });
    const real = await reader.context.newCDPSession(page);
    await real.send('Emulation.setFocusEmulationEnabled', { enabled: false });
  }

  const within = (actual, expected, tolerance, what) =>
    assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} ms, expected ${expected} ± ${tolerance} ms`);

  scenario('1. scroll every 2 s for 60 s → activeMs 60 s', async (reader, entry) => {
    const page = await reader.open(LONG);
    await reader.read(page, 60_000);
    await reader.hide(page);
    const client = await reader.snapshot(page);
    const [held] = await settled(LONG, reader.user, (s) => s.length === 1 && s[0].seq === client.seq, 'the hidden report');
    Object.assign(entry, { expected: 'active 60 s', server: `active ${seconds(held.activeMs)}`, client: `active ${seconds(client.activeMs)}` });
    within(held.activeMs, 60_000, TOLERANCE, 'server activeMs');
    within(held.visibleMs, 60_000, TOLERANCE, 'server visibleMs');
    within(client.activeMs, 60_000, TOLERANCE, 'client activeMs');
  });

  scenario('2. no input for 120 s after load → activeMs ≤ idle window', async (reader, entry) => {
    const page = await reader.open(LONG);
    await reader.clock.runFor(120_000);
    await reader.hide(page);
    const client = await reader.snapshot(page);
    const [held] = await settled(LONG, reader.user, (s) => s.length === 1 && s[0].seq === client.seq, 'the hidden report');
    Object.assign(entry, {
      expected: `active ≤ ${seconds(WINDOW)}, visible 120 s`,
      server: `active ${seconds(held.activeMs)}, visible ${seconds(held.visibleMs)}`,
      client: `active ${seconds(client.activeMs)}, visible ${seconds(client.visibleMs)}`,
    });
    assert.ok(held.activeMs <= WINDOW + TOLERANCE, `server activeMs ${held.activeMs} ≤ the window`);
    // The window is counted in full (an idle stretch counts up to the window): not merely ≤.
    within(held.activeMs, WINDOW, TOLERANCE, 'server activeMs');
    within(held.visibleMs, 120_000, TOLERANCE, 'server visibleMs');
  });

  scenario('3. active 20 s, idle 2 min, active 10 s → 20 s + window + 10 s', async (reader, entry) => {
    const page = await reader.open(LONG);
    await reader.read(page, 20_000);
    await reader.clock.runFor(120_000);
    await reader.read(page, 10_000);
    await reader.hide(page);
    const client = await reader.snapshot(page);
    const [held] = await settled(LONG, reader.user, (s) => s.length === 1 && s[0].seq === client.seq, 'the hidden report');
    const expected = 20_000 + WINDOW + 10_000;
    Object.assign(entry, { expected: `active ${seconds(expected)}`, server: `active ${seconds(held.activeMs)}`, client: `active ${seconds(client.activeMs)}` });
    within(held.activeMs, expected, TOLERANCE, 'server activeMs');
    within(held.visibleMs, 150_000, TOLERANCE, 'server visibleMs');
  });

  scenario('4. tab hidden for 30 s in the middle → adds 0 to activeMs and visibleMs', async (reader, entry) => {
    const page = await reader.open(LONG);
    await reader.read(page, 20_000);
    await reader.hide(page);
    await reader.clock.runFor(30_000);
    await reader.show(page);
    await reader.read(page, 20_000);
    await reader.hide(page);
    const client = await reader.snapshot(page);
    const [held] = await settled(LONG, reader.user, (s) => s.length === 1 && s[0].seq === client.seq, 'the last report');
    Object.assign(entry, {
      expected: 'active 40 s, visible 40 s',
      server: `active ${seconds(held.activeMs)}, visible ${seconds(held.visibleMs)}`,
      client: `active ${seconds(client.activeMs)}, visible ${seconds(client.visibleMs)}`,
    });
    within(held.activeMs, 40_000, TOLERANCE, 'server activeMs');
    within(held.visibleMs, 40_000, TOLERANCE, 'server visibleMs');
    assert.deepEqual((await reader.lifecycle(page)).filter((e) => e.startsWith('visibility')), ['visibility:hidden', 'visibility:visible', 'visibility:hidden']);
  });

  scenario('5. window blurred but visible for 30 s → adds 0', async (reader, entry) => {
    const page = await reader.open(LONG);
    await visibleWhenBehind(reader, page);
    await reader.read(page, 20_000);
    await reader.cover.bringToFront();
    assert.deepEqual(await page.evaluate(() => [document.visibilityState, document.hasFocus()]), ['visible', false], 'visible and not focused');
    await reader.clock.runFor(30_000);
    await reader.show(page);
    await reader.read(page, 20_000);
    const client = await reader.snapshot(page);
    await page.close();
    const [held] = await settled(LONG, reader.user, (s) => s.length === 1 && s[0].seq > client.seq, 'the final report');
    Object.assign(entry, {
      expected: 'active 40 s, visible 40 s',
      server: `active ${seconds(held.activeMs)}, visible ${seconds(held.visibleMs)}`,
      client: `active ${seconds(client.activeMs)}, visible ${seconds(client.visibleMs)}`,
    });
    within(held.activeMs, 40_000, TOLERANCE, 'server activeMs');
    within(held.visibleMs, 40_000, TOLERANCE, 'server visibleMs');
  });

  scenario('6. page opened in a background tab and never shown → no segment at all', async (reader, entry) => {
    const opened = reader.context.waitForEvent('page');
    await reader.browserCdp.send('Target.createTarget', { url: `${siteUrl}${SHORT}`, background: true });
    const page = await opened;
    await page.waitForLoadState();
    await reader.tracking(page);
    assert.equal(await page.evaluate(() => document.visibilityState), 'hidden', 'opened in the background');
    await reader.clock.runFor(30_000);
    const client = await reader.snapshot(page);
    await page.close();
    await sleep(500);
    const held = await serverSegments(SHORT, reader.user);
    Object.assign(entry, { expected: 'no segment, no request', server: `${held.length} segments`, client: `${client === null ? 'no segment' : 'a segment'}, ${reader.events.length} requests` });
    assert.equal(client, null, 'the tracker runs and has no segment');
    assert.deepEqual(held, []);
    assert.equal(reader.events.length, 0, 'nothing was sent');
  });

  scenario('7. page closed while active → exactly one final total on the server, equal to the client’s', async (reader, entry) => {
    const page = await reader.open(LONG);
    await reader.read(page, 20_000); // a heartbeat at 15 s
    await reader.clock.runFor(3_000);
    const client = await reader.snapshot(page);
    assert.ok(client.seq >= 1, 'a heartbeat went before');
    await page.close();
    const held = await settled(LONG, reader.user, (s) => s.length === 1 && s[0].seq > client.seq, 'the final report');
    Object.assign(entry, {
      expected: '1 segment, = client (23 s)',
      server: `${held.length} segment, active ${seconds(held[0].activeMs)}, seq ${held[0].seq}`,
      client: `active ${seconds(client.activeMs)}, seq ${client.seq} (+1 final)`,
    });
    assert.equal(held[0].seq, client.seq + 1, 'one final report after the last one the client sent');
    assert.deepEqual(
      { activeMs: held[0].activeMs, visibleMs: held[0].visibleMs, maxDepth: held[0].maxDepth, completed: held[0].completed },
      { activeMs: client.activeMs, visibleMs: client.visibleMs, maxDepth: client.maxDepth, completed: client.completed },
    );
    within(held[0].activeMs, 23_000, TOLERANCE, 'server activeMs');
  });

  scenario('8. away and back through the back/forward cache → a new segment; the old one unchanged', async (reader, entry) => {
    const page = await reader.open(LONG);
    const cdp = await reader.context.newCDPSession(page);
    const notRestored = [];
    cdp.on('Page.backForwardCacheNotUsed', (event) => notRestored.push(...event.notRestoredExplanations.map((e) => e.reason)));
    await cdp.send('Page.enable');
    await reader.read(page, 10_000);
    const first = await reader.snapshot(page);
    await page.click('header a'); // to /docs/next.html
    await page.waitForURL(`${siteUrl}${NEXT}`);
    const [old] = await settled(LONG, reader.user, (s) => s.length === 1 && s[0].seq > first.seq, 'the pagehide report');
    await reader.tracking(page);
    await reader.read(page, 5_000);
    await page.goBack({ waitUntil: 'commit' });
    await page.waitForFunction(() => window.__lifecycle.some((e) => e.startsWith('pageshow:true')), null, { polling: 50, timeout: 5_000 }).catch(() => {});
    const restored = (await reader.lifecycle(page)).includes('pageshow:true');
    assert.ok(restored, `the page came back from the back/forward cache (pageshow.persisted); Chromium said: ${notRestored.join(', ') || 'nothing'}`);
    await reader.read(page, 10_000);
    await reader.hide(page);
    const second = await reader.snapshot(page);
    assert.notEqual(second.segment, first.segment, 'a new segment');
    const held = await settled(LONG, reader.user, (s) => s.length === 2 && s.some((x) => x.segment === second.segment && x.seq === second.seq), 'two segments');
    const before = held.find((s) => s.segment === old.segment);
    const after = held.find((s) => s.segment === second.segment);
    Object.assign(entry, {
      expected: 'old 10 s unchanged, new 10 s',
      server: `old ${seconds(before.activeMs)} (seq ${before.seq}), new ${seconds(after.activeMs)}`,
      client: `old ${seconds(first.activeMs)}, new ${seconds(second.activeMs)}`,
    });
    assert.deepEqual(before, old, 'the old segment is as it was reported at pagehide');
    within(old.activeMs, 10_000, TOLERANCE, 'old segment activeMs');
    within(after.activeMs, 10_000, TOLERANCE, 'new segment activeMs');
  });

  scenario('9. three pushState route changes → three segments, no time leaking; replaceState to the same path → none', async (reader, entry) => {
    const page = await reader.open('/docs/spa/');
    const route = async (name) => {
      await page.click(`a[href="/docs/spa/${name}"]`);
      assert.equal(new URL(page.url()).pathname, `/docs/spa/${name}`);
    };
    await reader.read(page, 5_000);
    await route('a');
    await reader.read(page, 10_000);
    await route('b');
    await reader.read(page, 20_000);
    await route('c');
    await reader.read(page, 8_000);
    const c = await reader.snapshot(page);
    await page.evaluate(() => {
      history.replaceState(null, '', location.pathname);
      history.replaceState(null, '', `${location.pathname}?tab=2#part`);
    });
    await reader.read(page, 4_000);
    await reader.hide(page);
    const last = await reader.snapshot(page);
    assert.equal(last.segment, c.segment, 'replaceState to the same path: the same segment');
    const expected = { '/docs/spa/': 5_000, '/docs/spa/a': 10_000, '/docs/spa/b': 20_000, '/docs/spa/c': 12_000 };
    const got = {};
    for (const [docPath, activeMs] of Object.entries(expected)) {
      const ready = docPath === '/docs/spa/c' ? (s) => s.length === 1 && s[0].seq === last.seq : (s) => s.length >= 1;
      const held = await settled(docPath, reader.user, ready, 'its segment');
      assert.equal(held.length, 1, `one segment on ${docPath}`);
      got[docPath] = held[0].activeMs;
      within(held[0].activeMs, activeMs, TOLERANCE, `${docPath} activeMs`);
    }
    Object.assign(entry, {
      expected: '4 segments: 5, 10, 20, 12 s',
      server: `${Object.keys(got).length} segments: ${Object.values(got).map((v) => (v / 1000).toFixed(1)).join(', ')} s`,
      client: `c: ${seconds(last.activeMs)}, same segment after replaceState`,
    });
  });

  scenario('10. hidden/visible toggled 10 times within 1 s → no inflation, a bounded number of requests', async (reader, entry) => {
    const page = await reader.open(LONG);
    await reader.read(page, 10_000);
    const before = reader.events.length;
    for (let i = 0; i < 10; i++) {
      await reader.cover.bringToFront();
      await reader.clock.runFor(50);
      await page.bringToFront();
      await reader.clock.runFor(50);
    }
    const toggles = (await reader.lifecycle(page)).filter((e) => e.startsWith('visibility'));
    assert.equal(toggles.length, 20, `10 real hidden/visible pairs: ${toggles.join(' ')}`);
    await sleep(200); // requests are seen asynchronously
    const burst = reader.events.length - before;
    await reader.read(page, 5_000);
    await reader.hide(page);
    const client = await reader.snapshot(page);
    const [held] = await settled(LONG, reader.user, (s) => s.length === 1 && s[0].seq === client.seq, 'the last report');
    Object.assign(entry, {
      expected: 'active 15.5 s; ≤ 2 requests in the burst',
      server: `active ${seconds(held.activeMs)}, visible ${seconds(held.visibleMs)}`,
      client: `active ${seconds(client.activeMs)}; ${burst} request${burst === 1 ? '' : 's'} in the burst, ${reader.events.length} in all`,
    });
    within(held.activeMs, 15_500, TOLERANCE, 'server activeMs');
    within(held.visibleMs, 15_500, TOLERANCE, 'server visibleMs');
    assert.ok(burst <= 2, `${burst} requests for 10 toggles`);
    assert.ok(reader.events.length <= 4, `${reader.events.length} requests in all`);
  });

  scenario('11. wall clock moved +1 h while active → activeMs unaffected', async (reader, entry) => {
    const page = await reader.open(LONG);
    const wall = () => page.evaluate(() => Date.now());
    await reader.read(page, 10_000);
    const before = await wall();
    await reader.clock.setSystemTime(before + 3_600_000);
    assert.ok((await wall()) >= before + 3_600_000, 'the page’s Date moved forward');
    await reader.read(page, 10_000);
    // and back by 2 h (clocks are corrected both ways): a clock that went by Date would count
    // negative time here, or a gap there
    await reader.clock.setSystemTime((await wall()) - 7_200_000);
    await reader.read(page, 10_000);
    await reader.hide(page);
    const client = await reader.snapshot(page);
    const [held] = await settled(LONG, reader.user, (s) => s.length === 1 && s[0].seq === client.seq, 'the hidden report');
    Object.assign(entry, { expected: 'active 30 s (+1 h, then −2 h)', server: `active ${seconds(held.activeMs)}`, client: `active ${seconds(client.activeMs)}` });
    within(held.activeMs, 30_000, TOLERANCE, 'server activeMs');
    within(held.visibleMs, 30_000, TOLERANCE, 'server visibleMs');
  });

  scenario('12. page frozen 60 s → at most one tick credited', async (reader, entry) => {
    const page = await reader.open(LONG);
    const cdp = await reader.context.newCDPSession(page);
    await reader.read(page, 10_000);
    // Hidden, then frozen by Chromium while 60 s pass; the page's timers run again when it resumes.
    await reader.hide(page);
    const beforeFreeze = await reader.snapshot(page);
    await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
    const jump = reader.clock.fastForward(60_000); // runs in the page once it is resumed
    await sleep(100);
    await cdp.send('Page.setWebLifecycleState', { state: 'active' });
    await jump;
    const afterFreeze = await reader.snapshot(page);
    assert.deepEqual((await reader.lifecycle(page)).filter((e) => e === 'freeze' || e === 'resume'), ['freeze', 'resume'], 'really frozen and resumed');
    await reader.show(page);
    await reader.read(page, 10_000);
    // Visible and focused, the reader just active, and no timer runs for 60 s (the device slept).
    const beforeSleep = await reader.snapshot(page);
    await reader.clock.fastForward(60_000);
    const afterSleep = await reader.snapshot(page);
    await reader.read(page, 10_000);
    await reader.hide(page);
    const client = await reader.snapshot(page);
    const [held] = await settled(LONG, reader.user, (s) => s.length === 1 && s[0].seq === client.seq, 'the hidden report');
    const frozen = afterFreeze.activeMs - beforeFreeze.activeMs;
    const slept = afterSleep.activeMs - beforeSleep.activeMs;
    Object.assign(entry, {
      expected: 'active 30 s + ≤ 1 tick per gap',
      server: `active ${seconds(held.activeMs)}`,
      client: `active ${seconds(client.activeMs)}; frozen +${frozen} ms, asleep +${slept} ms`,
    });
    assert.ok(frozen >= 0 && frozen <= TICK, `frozen 60 s credited ${frozen} ms`);
    assert.ok(slept >= 0 && slept <= TICK, `asleep 60 s credited ${slept} ms`);
    assert.ok(held.activeMs >= 30_000 - TOLERANCE && held.activeMs <= 30_000 + 2 * TICK + TOLERANCE, `server activeMs ${held.activeMs}`);
  });

  scenario('13. renderer killed after 60 s active → the server has at least 45 s', async (reader, entry) => {
    const page = await reader.open(LONG);
    await reader.read(page, 60_000);
    const client = await reader.snapshot(page);
    const cdp = await reader.context.newCDPSession(page);
    const crashed = page.waitForEvent('crash');
    cdp.send('Page.crash').catch(() => {}); // never answers: the renderer is gone
    await crashed;
    await sleep(300);
    const held = await serverSegments(LONG, reader.user);
    Object.assign(entry, { expected: '≥ 45 s of 60 s', server: `active ${seconds(held[0]?.activeMs ?? 0)}`, client: `active ${seconds(client.activeMs)} when killed` });
    assert.equal(held.length, 1);
    assert.ok(held[0].activeMs >= 45_000, `server activeMs ${held[0].activeMs} ≥ 45 s`);
    assert.ok(held[0].activeMs <= 60_000 + TOLERANCE, `server activeMs ${held[0].activeMs} ≤ 60 s`);
  });

  scenario('14. offline 30 s, hidden, back online → replayed once; the same payload twice → counted once', async (reader, entry) => {
    const page = await reader.open(LONG);
    await reader.read(page, 20_000); // a heartbeat at 15 s, delivered
    const online = await reader.snapshot(page);
    await settled(LONG, reader.user, (s) => s.length === 1 && s[0].seq === online.seq, 'the heartbeat');
    await reader.context.setOffline(true);
    assert.equal(await page.evaluate(() => navigator.onLine), false);
    await reader.read(page, 30_000); // heartbeats at 30 and 45 s: not sent
    await reader.hide(page); // nor this one
    const client = await reader.snapshot(page);
    assert.ok(client.seq > online.seq, 'reports were made while offline');
    await sleep(200);
    const [whileOffline] = await serverSegments(LONG, reader.user);
    assert.equal(whileOffline.seq, online.seq, 'nothing reached the server while offline');
    const sentBefore = reader.events.length;
    await reader.context.setOffline(false);
    const [held] = await settled(LONG, reader.user, (s) => s.length === 1 && s[0].seq === client.seq, 'the replayed report');
    await sleep(300);
    const replays = reader.events.slice(sentBefore);
    assert.equal(replays.length, 1, `one replay request: ${replays.map((r) => r.type).join(', ')}`);
    assert.deepEqual({ activeMs: held.activeMs, visibleMs: held.visibleMs, maxDepth: held.maxDepth }, { activeMs: client.activeMs, visibleMs: client.visibleMs, maxDepth: client.maxDepth });
    within(held.activeMs, 50_000, TOLERANCE, 'server activeMs');
    // Offline and online again: the queue is empty, nothing is sent twice.
    await reader.context.setOffline(true);
    await reader.context.setOffline(false);
    await sleep(500);
    assert.equal(reader.events.length, sentBefore + 1, 'replayed once');
    // The same payload sent again (a retry whose answer was lost): counted once.
    const again = await fetch(`${serverUrl}/v1/events`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: replays[0].body });
    assert.equal(again.status, 202);
    const answer = await again.json();
    assert.deepEqual(answer, { accepted: 0, ignored: 1 });
    assert.deepEqual(await serverSegments(LONG, reader.user), [held], 'the same totals');
    Object.assign(entry, {
      expected: 'active 50 s; 1 replay; resend ignored',
      server: `active ${seconds(held.activeMs)}; resend: accepted ${answer.accepted}, ignored ${answer.ignored}`,
      client: `active ${seconds(client.activeMs)}; ${replays.length} replay request`,
    });
  });

  scenario('15. sendBeacon returns false → fetch fallback; nothing lost', async (reader, entry) => {
    await reader.context.addInitScript(() => {
      window.__beacons = 0;
      Navigator.prototype.sendBeacon = function sendBeacon() {
        window.__beacons++;
        return false;
      };
    });
    const page = await reader.open(LONG);
    await reader.read(page, 40_000); // heartbeats at 15 and 30 s
    await reader.clock.runFor(2_000);
    const client = await reader.snapshot(page);
    const beacons = await page.evaluate(() => window.__beacons);
    await page.close();
    const [held] = await settled(LONG, reader.user, (s) => s.length === 1 && s[0].seq === client.seq + 1, 'the final report');
    await sleep(200);
    const types = reader.events.map((e) => e.type);
    Object.assign(entry, {
      expected: 'active 42 s, all by fetch',
      server: `active ${seconds(held.activeMs)}, seq ${held.seq}`,
      client: `active ${seconds(client.activeMs)}; ${beacons} beacons refused, requests: ${types.join(', ')}`,
    });
    // sendBeacon is replaced in the page, so whatever reached the server went by fetch; the
    // requests seen before the page closed were fetches, and the final one (sent from pagehide
    // as the page went away) arrived: seq client.seq + 1.
    assert.ok(beacons >= 2, `the heartbeats tried a beacon first (${beacons})`);
    assert.ok(types.length >= 2 && types.every((t) => t === 'fetch'), `every report went by fetch: ${types.join(', ')}`);
    assert.equal(held.activeMs, client.activeMs);
    within(held.activeMs, 42_000, TOLERANCE, 'server activeMs');
  });

  scenario('16. scroll to 50 % and back → maxDepth 0.5; content appended → recomputed; short page → 1', async (reader, entry) => {
    const page = await reader.open(LONG);
    /** how far below the content's top the viewport's bottom is, as a fraction of the content */
    const seen = () => page.evaluate(() => {
      const main = document.querySelector('main').getBoundingClientRect();
      return { fraction: (innerHeight - main.top) / main.height, top: main.top + scrollY, height: main.height };
    });
    /** real wheel input until the page is at `y` */
    const scrollY = () => page.evaluate(() => scrollY);
    const scrollTo = async (y) => {
      for (let i = 0; i < 10 && Math.abs((await scrollY()) - y) > 1; i++) {
        await page.mouse.wheel(0, y - (await scrollY()));
        // until the scroll has ended (real time: scrolling is the compositor's)
        for (let last = NaN, now = await scrollY(); now !== last; last = now, now = (await sleep(30), await scrollY()));
      }
      await reader.clock.runFor(100); // the tracker reads layout in an animation frame
    };
    /** a report now (hidden then shown: a real tab switch), a second after the last one */
    const report = async () => {
      await reader.clock.runFor(1_000);
      await reader.hide(page);
      const client = await reader.snapshot(page);
      await reader.show(page);
      const [held] = await settled(LONG, reader.user, (s) => s.length === 1 && s[0].seq === client.seq, 'the report');
      return { client, held };
    };
    const layout = await seen();
    const innerHeight = await page.evaluate(() => innerHeight);
    await scrollTo(Math.round(layout.top + layout.height / 2 - innerHeight));
    const half = (await seen()).fraction;
    await scrollTo(0);
    const atHalf = await report();
    within(half * 1000, 500, 10, 'scrolled to half the content (‰)');
    assert.ok(Math.abs(atHalf.held.maxDepth - half) <= 0.005, `server maxDepth ${atHalf.held.maxDepth}, seen ${half.toFixed(3)}`);

    // The page appends as much content again (a lazily rendered section).
    await page.evaluate(() => {
      const main = document.querySelector('main');
      main.insertAdjacentHTML('beforeend', main.innerHTML);
    });
    await reader.clock.runFor(100);
    const grown = await seen();
    const recomputed = (half * layout.height) / grown.height;
    const afterGrowth = await report();
    assert.ok(Math.abs(afterGrowth.held.maxDepth - recomputed) <= 0.005, `server maxDepth ${afterGrowth.held.maxDepth} after the content grew, expected ${recomputed.toFixed(3)}`);
    await scrollTo(Math.round(grown.top + grown.height - innerHeight + 50));
    const atBottom = await report();
    assert.equal(atBottom.held.maxDepth, 1, 'the bottom of the grown content');

    // A page shorter than the window: depth 1 at once; read 10 s, it is read through.
    const short = await reader.open(SHORT);
    await reader.read(short, 10_000);
    await reader.hide(short);
    const shortClient = await reader.snapshot(short);
    const [shortHeld] = await settled(SHORT, reader.user, (s) => s.length === 1 && s[0].seq === shortClient.seq, 'the short page');
    Object.assign(entry, {
      expected: `0.5 → ${recomputed.toFixed(3)} → 1; short 1`,
      server: `${atHalf.held.maxDepth} → ${afterGrowth.held.maxDepth} → ${atBottom.held.maxDepth}; short ${shortHeld.maxDepth} (completed ${shortHeld.completed})`,
      client: `${atHalf.client.maxDepth} → ${afterGrowth.client.maxDepth} → ${atBottom.client.maxDepth}; short ${shortClient.maxDepth}`,
    });
    assert.equal(shortHeld.maxDepth, 1);
    assert.equal(shortHeld.completed, true, 'depth 1 and 10 s on a 40-word note: read through');
  });

  scenario('17. jump to the bottom within 1 s → maxDepth 1, completed false', async (reader, entry) => {
    const page = await reader.open(LONG);
    await reader.clock.runFor(300);
    await page.keyboard.press('End');
    await page.waitForFunction(() => Math.ceil(scrollY + innerHeight) >= document.documentElement.scrollHeight, null, { polling: 20, timeout: 5_000 });
    await reader.clock.runFor(700);
    await reader.hide(page);
    const client = await reader.snapshot(page);
    const [held] = await settled(LONG, reader.user, (s) => s.length === 1 && s[0].seq === client.seq, 'the hidden report');
    Object.assign(entry, {
      expected: 'maxDepth 1, completed false',
      server: `maxDepth ${held.maxDepth}, completed ${held.completed}, active ${seconds(held.activeMs)}`,
      client: `maxDepth ${client.maxDepth}, completed ${client.completed}`,
    });
    assert.equal(held.maxDepth, 1);
    assert.equal(held.completed, false);
    within(held.activeMs, 1_000, TOLERANCE, 'server activeMs');
  });

  scenario('18. two tabs on the same document → only the focused one accrues activeMs', async (reader, entry) => {
    const a = await reader.open(LONG);
    await visibleWhenBehind(reader, a);
    const b = await reader.open(LONG, await reader.context.newPage());
    await visibleWhenBehind(reader, b);
    await reader.show(a);
    assert.deepEqual(await b.evaluate(() => [document.visibilityState, document.hasFocus()]), ['visible', false], 'the other tab: visible, not focused');
    // Both scroll every 2 s: the focused one by the wheel, the other by the page (a wheel over a
    // window without focus scrolls it on a desktop; CDP's input would give the tab the focus).
    const readBoth = async (focused, other, ms) => {
      for (let t = 0; t < ms; t += 2_000) {
        await reader.wheel(focused);
        await other.evaluate(() => scrollBy(0, 120));
        await reader.clock.runFor(2_000);
      }
      assert.deepEqual(await other.evaluate(() => [document.visibilityState, document.hasFocus()]), ['visible', false], 'the other tab kept no focus');
    };
    await readBoth(a, b, 20_000);
    await reader.show(b);
    assert.deepEqual(await a.evaluate(() => [document.visibilityState, document.hasFocus()]), ['visible', false]);
    await readBoth(b, a, 10_000);
    const [clientA, clientB] = [await reader.snapshot(a), await reader.snapshot(b)];
    await a.close();
    await b.close();
    const final = (s, client) => s.segment === client.segment && s.seq >= client.seq && s.activeMs === client.activeMs;
    const held = await settled(LONG, reader.user, (s) => s.length === 2 && s.some((x) => final(x, clientA)) && s.some((x) => final(x, clientB)), 'both final reports');
    const heldA = held.find((s) => s.segment === clientA.segment);
    const heldB = held.find((s) => s.segment === clientB.segment);
    Object.assign(entry, {
      expected: 'A 20 s, B 10 s',
      server: `A ${seconds(heldA.activeMs)}, B ${seconds(heldB.activeMs)}`,
      client: `A ${seconds(clientA.activeMs)}, B ${seconds(clientB.activeMs)}`,
    });
    within(heldA.activeMs, 20_000, TOLERANCE, 'tab A activeMs');
    within(heldB.activeMs, 10_000, TOLERANCE, 'tab B activeMs');
  });
});
