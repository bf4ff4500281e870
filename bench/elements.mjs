// How fast the admin components answer input in a large organisation (issue #6: "a 5 000-
// department tree and search over 50 000 members respond within 100 ms of input").
//
// A docgate server (SQLite) holds a company of 5 051 departments and 50 000 members (imported
// from CSV); a page on another origin loads docgate.js and docgate-elements.js from it, as an
// admin page does, with <dg-permission-editor path="/"> signed in as the company's admin. Input
// is real (CDP key events through Playwright); each measurement runs in the page, from the input
// event's timestamp (when Chromium received the key) to the first moment after the frame that
// shows the answer has been painted (requestAnimationFrame, then a task). Interactions:
//
// - tree filter: type a department's name into the tree's filter; measured on the last key,
//   the rest typed and settled first (5 051 departments filtered and the list re-windowed);
// - tree keys: ArrowDown through the tree, and ArrowRight to expand a division;
// - member search: type an account into the member search; measured on the last key, up to the
//   matching member's row on screen (a request to the server, 50 000 members searched);
//
// Baselines in the same run and page: a plain <input> whose handler writes its value into the
// page (the browser's own floor for "input → painted"), and the member-search request alone
// (fetch from the page to the server and JSON, no rendering).
//
//   npm run build && node bench/elements.mjs      (ROUNDS, default 25 per interaction)
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { importMembersCsv, loadConfig, startServer } from '@docgate/server';
import { bigOrganisationCsv } from '../packages/elements/test-world.mjs';
import { chromiumArgs, chromiumPath } from '../scripts/chromium.mjs';
import { percentile, report } from './lib/report.mjs';

const ROUNDS = Number(process.env.ROUNDS ?? 25);
const MEMBERS = 50_000;
const GOAL_MS = 100;

const work = mkdtempSync(path.join(tmpdir(), 'docgate-bench-elements-'));
const page = await new Promise((resolve) => {
  const server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(pageHtml);
  }).listen(0, '127.0.0.1', () => resolve(server));
});
const pageUrl = `http://localhost:${page.address().port}`;
let pageHtml = '';

const config = loadConfig({
  value: {
    server: { host: '127.0.0.1', port: 0 },
    dataDir: work,
    log: { level: 'warn' },
    auth: { devLogin: true, rateLimitPerMinute: 1_000_000 },
    tenants: [{ id: 'big', name: '大公司', corpId: 'wwbig0company0001', agentId: '1000002', admins: ['bigadmin'] }],
    sites: [{ id: 'bigdocs', tenant: 'big', name: 'Big docs', origins: [pageUrl] }],
  },
  env: {},
});
const docgate = await startServer(config, { logger: false });
const serverUrl = docgate.url.replace('127.0.0.1', 'localhost');
const started = performance.now();
const imported = await importMembersCsv(docgate.services.database, Buffer.from(bigOrganisationCsv(MEMBERS)), {
  tenantId: 'big',
  companyName: '大公司',
  mode: 'merge',
  dryRun: false,
  actor: 'system:bench',
});
docgate.services.permissions.changed('big');
console.log(`imported ${imported.added} members, ${imported.departmentsAdded} departments in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const login = await fetch(`${docgate.url}/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userid: 'bigadmin', site: 'bigdocs' }) });
const tokens = await login.json();
const session = { accessToken: tokens.access_token, expiresAt: Date.now() + tokens.expires_in * 1000, refreshToken: tokens.refresh_token, user: tokens.user };

pageHtml = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<script>localStorage.setItem(${JSON.stringify(`docgate:bigdocs@${serverUrl}`)}, ${JSON.stringify(JSON.stringify(session))});</script>
<script>window.docgate=window.docgate||function(){(docgate.q=docgate.q||[]).push(arguments)}</script>
<script src="${serverUrl}/sdk/docgate.js" data-site="bigdocs" data-guard="off" data-track="off" async></script>
<script type="module" src="${serverUrl}/sdk/docgate-elements.js"></script>
</head><body>
<label>baseline <input id="baseline"></label><output id="echo"></output>
<dg-permission-editor path="/"></dg-permission-editor>
<script>
  document.getElementById('baseline').addEventListener('input', (event) => { document.getElementById('echo').textContent = event.target.value; });
  // Resolves with the time from the next \`type\` event on \`target\` (input, or keydown caught
  // on its way down) to just after the first frame painted once \`ready()\` holds.
  const measureNext = (type) => (target, ready) => new Promise((resolve, reject) => {
    target.addEventListener(type, (event) => {
      const from = event.timeStamp;
      const deadline = performance.now() + 5000;
      const poll = () => {
        if (ready()) requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - from)));
        else if (performance.now() > deadline) reject(new Error('no answer within 5 s'));
        else requestAnimationFrame(poll);
      };
      poll();
    }, { once: true, capture: true });
  });
  window.measureNextInput = measureNext('input');
  window.measureNextKey = measureNext('keydown');
</script></body></html>`;

const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
const rows = [];
let tab;
try {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  tab = await context.newPage();
  tab.on('pageerror', (error) => console.error(`page error: ${error.message}`));

  await tab.goto(pageUrl);
  tab.on('console', (message) => message.type() === 'error' && console.error(`page: ${message.text()}`));
  await tab.waitForSelector('dg-permission-editor [role=treeitem]', { timeout: 30_000 }).catch(async (error) => {
    console.error(await tab.evaluate(() => document.querySelector('dg-permission-editor')?.shadowRoot?.textContent ?? document.documentElement.outerHTML.slice(0, 3000)));
    throw error;
  });
  const editor = tab.locator('dg-permission-editor');
  const random = mulberry32(6);
  const pick = (n) => Math.floor(random() * n);

  // Baseline: the browser's own input → paint.
  const baseline = [];
  for (let i = 0; i < ROUNDS; i++) {
    await tab.fill('#baseline', '');
    const text = `typed${i}`;
    await tab.fill('#baseline', text.slice(0, -1));
    await tab.focus('#baseline');
    const measured = await arm((value) => window.measureNextInput(document.getElementById('baseline'), () => document.getElementById('echo').textContent === value), text);
    await tab.keyboard.type(text.slice(-1));
    baseline.push(await measured());
  }
  rows.push(row('baseline: plain <input> → its value painted', baseline, false));

  // Tree filter: a team's full name (one match among 5 051).
  const filter = editor.locator('#department-filter');
  const filtered = [];
  for (let i = 0; i < ROUNDS; i++) {
    const name = `小队${1 + pick(50)}-${1 + pick(10)}-${1 + pick(9)}`;
    // The rest is filled and settled first; the measured last key is a digit, a real key press.
    await filter.fill(name.slice(0, -1));
    await filter.focus();
    await tab.waitForTimeout(50);
    const measured = await arm(
      (value) => {
        const root = document.querySelector('dg-permission-editor').shadowRoot;
        return window.measureNextInput(root.querySelector('#department-filter'), () =>
          [...root.querySelectorAll('[role=treeitem]')].some((item) => item.textContent.includes(value)) && /\b1\b|1 /.test(root.querySelector('.count[role=status]')?.textContent ?? ''),
        );
      },
      name,
    );
    await tab.keyboard.type(name.slice(-1));
    filtered.push(await measured());
  }
  rows.push(row('tree filter: a name typed → the one match of 5 051 departments painted', filtered));
  await filter.fill('');

  // Tree keys: down the company's divisions (collapsed), expanding each on the way (the tree
  // re-windows around the new rows), then collapsing it again.
  const down = [];
  const expand = [];
  const focused = () =>
    tab.evaluate(() => {
      const item = document.querySelector('dg-permission-editor').shadowRoot.activeElement;
      return { id: item?.getAttribute('data-id'), expanded: item?.getAttribute('aria-expanded') };
    });
  await editor.locator('[role=treeitem]').first().focus();
  await tab.keyboard.press('Home');
  for (let i = 0; down.length < ROUNDS || expand.length < ROUNDS; i++) {
    const before = await focused();
    const measuredDown = await arm((id) => {
      const root = document.querySelector('dg-permission-editor').shadowRoot;
      return window.measureNextKey(root.querySelector('[role=tree]'), () => root.activeElement?.getAttribute('data-id') !== id);
    }, before.id);
    await tab.keyboard.press('ArrowDown');
    down.push(await measuredDown());
    if ((await focused()).expanded !== 'false') continue;
    const measuredExpand = await arm(() => {
      const root = document.querySelector('dg-permission-editor').shadowRoot;
      return window.measureNextKey(root.querySelector('[role=tree]'), () => root.activeElement?.getAttribute('aria-expanded') === 'true');
    });
    await tab.keyboard.press('ArrowRight');
    expand.push(await measuredExpand());
    await tab.keyboard.press('ArrowLeft');
  }
  rows.push(row('tree keys: ArrowDown → the next department focused, painted', down.slice(0, ROUNDS)));
  rows.push(row('tree keys: ArrowRight → a division expanded (its groups shown), painted', expand.slice(0, ROUNDS)));

  // Member search: an account typed → that member's row painted.
  await editor.locator('#tab-members').click();
  await editor.locator('[role=listbox].members [role=option]').first().waitFor();
  const search = editor.locator('#member-search');
  const searched = [];
  const requests = [];
  for (let i = 0; i < ROUNDS; i++) {
    const account = `m${String(pick(MEMBERS)).padStart(5, '0')}`;
    await search.fill('');
    await search.focus();
    await tab.keyboard.type(account.slice(0, -1));
    await tab.waitForTimeout(300); // the earlier keys' searches answered
    const measured = await arm(
      (value) => {
        const root = document.querySelector('dg-permission-editor').shadowRoot;
        // The full account matches that member alone; the search before the last key (one digit
        // short) listed up to ten, that member among them: the answer is the list of one.
        return window.measureNextInput(root.querySelector('#member-search'), () => {
          const options = root.querySelectorAll('[role=listbox].members [role=option]');
          return options.length === 1 && options[0].getAttribute('data-id') === value;
        });
      },
      account,
    );
    await tab.keyboard.type(account.slice(-1));
    searched.push(await measured());
    // The same request alone, from the page: the server's and the network's share.
    requests.push(
      await tab.evaluate(
        async ({ server, token, q }) => {
          const from = performance.now();
          const response = await fetch(`${server}/v1/directory/users?${new URLSearchParams({ q, limit: '50' })}`, { headers: { authorization: `Bearer ${token}` } });
          await response.json();
          return performance.now() - from;
        },
        { server: serverUrl, token: tokens.access_token, q: account },
      ),
    );
  }
  rows.push(row(`member search: an account typed → that member painted (${MEMBERS} members)`, searched));
  rows.push(row('baseline: the same search request alone (fetch + JSON, no rendering)', requests, false));
  report(
    'elements',
    `Admin components: input → answer painted, in Chromium (${MEMBERS} members, 5 051 departments; ${ROUNDS} inputs each)`,
    rows,
    [
      'Time from the input event (Chromium received the key) to just after the next painted frame showing the answer.',
      'Goal (issue #6): ≤ 100 ms. Baselines measured in the same page and run.',
    ],
  );
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await browser.close();
  await docgate.close();
  page.close();
  rmSync(work, { recursive: true, force: true });
}

/**
 * Starts a measurement in the page and waits until its listener is in place (so the input sent
 * next cannot arrive before it); answers a function that waits for the result.
 */
async function arm(fn, arg) {
  const id = await tab.evaluate(
    ({ source, value }) => {
      const key = `m${Math.random()}`;
      (window.__measurements ??= {})[key] = (0, eval)(`(${source})`)(value);
      return key;
    },
    { source: fn.toString(), value: arg },
  );
  return () => tab.evaluate((key) => window.__measurements[key], id);
}

function row(interaction, values, goal = true) {
  const p95 = percentile(values, 95);
  return {
    interaction,
    median: `${percentile(values, 50).toFixed(1)} ms`,
    p95: `${p95.toFixed(1)} ms`,
    max: `${Math.max(...values).toFixed(1)} ms`,
    goal: goal ? `≤ ${GOAL_MS} ms` : '—',
    verdict: goal ? (p95 <= GOAL_MS ? 'met' : percentile(values, 50) <= GOAL_MS ? 'median met, p95 not' : 'NOT met') : 'baseline',
  };
}

function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
