// End to end: the demo's reading statistics are real numbers. Two employees of the finance
// department sign in on the example site served by `docgate demo` (through the simulated WeCom
// QR page, as in demo.e2e.test.mjs) and read the restricted budget page with real scrolling,
// for a time moved by Playwright's fake clock; then the demo's admin reads, over the statistics
// API, their active time, depth and completion, and who of the page's audience has not read it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../../scripts/chromium.mjs';
import { signInWithQr, startDemo } from './lib/demo.mjs';

const PAGE = '/finance/budget-2027.html';
const SITE = 'handbook';
const TOLERANCE = 1000;

describe('the demo’s reading statistics', () => {
  let demo;
  let browser;
  let serverUrl;
  let siteUrl;

  before(async () => {
    demo = await startDemo();
    ({ serverUrl, siteUrl } = demo);
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  let adminToken;
  async function admin(route) {
    adminToken ??= (
      await (
        await fetch(`${serverUrl}/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userid: 'liuyang' }) })
      ).json()
    ).access_token;
    const response = await fetch(`${serverUrl}/${route}`, { headers: { authorization: `Bearer ${adminToken}` } });
    const text = await response.text();
    assert.ok(response.ok, `GET ${route}: ${response.status} ${text}`);
    return JSON.parse(text);
  }

  /**
   * A new browser profile whose clock is Playwright's (flowing with real time until the reader
   * is signed in, then paused), signed in through the sign-in prompt and the simulated QR page.
   */
  async function employee(userid) {
    const context = await browser.newContext();
    await context.clock.install();
    // Wheel events received, so that the clock moves only once the page has its input.
    await context.addInitScript(() => {
      window.__wheels = 0;
      addEventListener('wheel', () => window.__wheels++, { capture: true, passive: true });
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
    await page.goto(`${siteUrl}${PAGE}`);
    await signInWithQr(page, userid);
    await page.waitForSelector('main[data-dg-state=allowed]');
    await page.waitForFunction(() => window.docgate?.tracker?.snapshot());
    await context.clock.pauseAt((await page.evaluate(() => Date.now())) + 100);
    await page.mouse.move(400, 300);
    return { context, page, start: await page.evaluate(() => window.docgate.tracker.snapshot()) };
  }

  /** Real wheel input every 2 s for `ms` of the page's time; the clock moves once the page has it. */
  async function read(reader, ms, pixels) {
    const wheel = async () => {
      const before = await reader.page.evaluate(() => window.__wheels);
      await reader.page.mouse.wheel(0, pixels);
      await reader.page.waitForFunction((n) => window.__wheels > n, before, { polling: 5 });
    };
    for (let t = 0; t < ms; t += 2_000) {
      await wheel();
      await reader.context.clock.runFor(2_000);
    }
    await wheel();
  }

  it('two finance employees read the budget: the admin sees their active time, depth and completion, and who has not read it', async () => {
    const { departments } = await admin('v1/directory/departments');
    const financeId = departments.find((d) => d.name === '财务部').id;
    const { users: finance } = await admin(`v1/directory/users?dept=${financeId}&recursive=true&limit=200`);
    const other = finance.map((u) => u.id).find((id) => id !== 'chenjing');
    assert.ok(other, 'another member of the finance department');

    const chenjing = await employee('chenjing');
    const colleague = await employee(other);
    // chenjing reads the whole page for 2.5 min; the colleague 40 s, and only the first part.
    await read(chenjing, 150_000, 200);
    await read(colleague, 40_000, 40);
    const [a, b] = [await chenjing.page.evaluate(() => window.docgate.tracker.snapshot()), await colleague.page.evaluate(() => window.docgate.tracker.snapshot())];
    assert.equal(a.maxDepth, 1, 'chenjing scrolled to the end of the text');
    assert.ok(b.maxDepth < 0.9, `the colleague did not (${b.maxDepth})`);
    // Closing the tabs sends the last totals.
    await chenjing.context.close();
    await colleague.context.close();

    const readersRoute = `v1/sites/${SITE}/stats/doc/readers?path=${encodeURIComponent(PAGE)}&sort=activeMs`;
    let readers = [];
    for (const until = Date.now() + 5_000; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 100))) {
      ({ readers } = await admin(readersRoute));
      if (readers.length === 2 && readers[0].activeMs === a.activeMs && readers[1].activeMs === b.activeMs) break;
    }
    assert.deepEqual(
      readers.map((r) => ({ user: r.user, views: r.views, activeMs: r.activeMs, maxDepth: r.maxDepth, completed: r.completed })),
      [
        { user: 'chenjing', views: 1, activeMs: a.activeMs, maxDepth: 1, completed: true },
        { user: other, views: 1, activeMs: b.activeMs, maxDepth: b.maxDepth, completed: false },
      ],
      'the readers as the server counts them, equal to what their browsers measured',
    );
    // What the browsers measured is what was read: the time signed in before the clock was
    // paused, plus the reading the test scripted.
    assert.ok(Math.abs(a.activeMs - (chenjing.start.activeMs + 150_000)) <= TOLERANCE, `chenjing: ${a.activeMs} ms`);
    assert.ok(Math.abs(b.activeMs - (colleague.start.activeMs + 40_000)) <= TOLERANCE, `${other}: ${b.activeMs} ms`);
    assert.equal(readers[0].name, '陈静');
    assert.deepEqual(readers[0].departments.map((d) => d.name), ['财务部']);

    const doc = await admin(`v1/sites/${SITE}/stats/doc?path=${encodeURIComponent(PAGE)}`);
    assert.equal(doc.views, 2);
    assert.equal(doc.readers, 2);
    assert.equal(doc.activeMsTotal, a.activeMs + b.activeMs);
    assert.equal(doc.completionRate, 0.5);
    assert.ok(doc.audience >= finance.length, `the audience (${doc.audience}) holds the finance department (${finance.length})`);
    assert.equal(doc.unread, doc.audience - 2);

    const unread = await admin(`v1/sites/${SITE}/stats/doc/unread?path=${encodeURIComponent(PAGE)}&limit=500`);
    const unreadIds = unread.users.map((u) => u.id);
    assert.equal(unread.total, doc.audience - 2);
    assert.equal(unreadIds.length, unread.total);
    assert.ok(!unreadIds.includes('chenjing') && !unreadIds.includes(other), 'the readers are not unread');
    for (const member of finance) if (member.id !== 'chenjing' && member.id !== other) assert.ok(unreadIds.includes(member.id), `${member.id} of finance has not read it`);
    assert.ok(!unreadIds.includes('zhangwei'), 'engineering is not in the audience of a finance page');
    console.log(
      `\nBudget 2027 as the admin sees it: ${doc.readers} readers, ${doc.views} views, ${(doc.activeMsTotal / 1000).toFixed(1)} s in all, completion ${doc.completionRate * 100} %, ${doc.unread} of ${doc.audience} not read yet\n` +
        readers.map((r) => `  ${r.user} (${r.name}): ${(r.activeMs / 1000).toFixed(1)} s, depth ${r.maxDepth}, completed ${r.completed}`).join('\n'),
    );
  });
});
