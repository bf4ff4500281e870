// End to end: issue #6's "done when", on the demo as an admin would do it, without writing code.
// `docgate demo` runs the server, the WeCom simulator and the example site; the demo's admin
// (liuyang) signs in on the site's admin page through the simulated WeCom QR page, and then, only
// through the components the page holds (loaded from the server as /sdk/docgate-elements.js):
// syncs the directory, grants a folder to a department with its sub-departments and restricts it,
// sees who has access, reads a page's statistics including who has not read it, and exports them.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../../scripts/chromium.mjs';
import { signInWithQr, startDemo } from '../../sdk/e2e/lib/demo.mjs';

const SITE = 'handbook';

describe('the demo’s admin page', () => {
  let demo;
  let browser;
  let page;

  before(async () => {
    demo = await startDemo();
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
    await page.goto(`${demo.siteUrl}/admin/`);
    await signInWithQr(page, 'liuyang');
    await page.waitForSelector('main[data-dg-state=allowed]');
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  const tokens = new Map();
  /** The API as `userid` (dev login), to check what the components did. */
  async function api(userid, method, route, body) {
    if (!tokens.has(userid)) {
      const login = await fetch(`${demo.serverUrl}/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userid }) });
      assert.equal(login.status, 200, `dev login of ${userid}`);
      tokens.set(userid, (await login.json()).access_token);
    }
    const response = await fetch(`${demo.serverUrl}/${route}`, {
      method,
      headers: { authorization: `Bearer ${tokens.get(userid)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    assert.ok(response.ok, `${method} ${route} as ${userid}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  /** The text of an element's shadow root. */
  const textOf = (tag) => page.evaluate((name) => document.querySelector(name)?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '', tag);
  const waitForText = (tag, pattern) =>
    page.waitForFunction(
      ({ name, source }) => new RegExp(source).test(document.querySelector(name)?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? ''),
      { name: tag, source: pattern.source },
      { timeout: 15_000 },
    );
  /** The next `type` event on the document, as JSON. */
  const nextEvent = (type) => page.evaluate((name) => new Promise((resolve) => document.addEventListener(name, (event) => resolve(JSON.parse(JSON.stringify(event.grant ?? event.job ?? {}))), { once: true })), type);

  it('syncs the directory from WeCom, with the result shown', async () => {
    const panel = page.locator('dg-directory-sync');
    await waitForText('dg-directory-sync', /上次同步/);
    const finished = nextEvent('dg-sync-finished');
    await panel.getByRole('button', { name: '立即同步' }).click();
    const job = await finished;
    assert.equal(job.state, 'done');
    assert.equal(job.requestedBy, 'liuyang');
    await waitForText('dg-directory-sync', /成功.*手动/);
    const latest = await api('liuyang', 'GET', 'v1/directory/sync/latest');
    assert.equal(latest.id, job.id, 'the sync the panel shows is the last one');
    assert.equal(latest.trigger, 'api');
  });

  it('grants /engineering/ to 研发中心 with its sub-departments and restricts it; members of a sub-department can read it, others not', async () => {
    await page.selectOption('#doc', '/engineering/');
    const editor = page.locator('dg-permission-editor');
    await waitForText('dg-permission-editor', /\/engineering\//);
    await editor.locator('#department-filter').fill('研发中心');
    await editor.locator('[role=treeitem]', { hasText: '研发中心' }).first().click();
    assert.equal(await editor.locator('#panel-departments input[type=checkbox]').isChecked(), true, 'sub-departments included by default');
    const added = nextEvent('dg-grant-added');
    await editor.locator('#grant-button').click();
    const grant = await added;
    assert.match(grant.subject, /^dept:\d+\/\*$/);
    assert.equal(grant.level, 'read');
    const restricted = page.evaluate(() => new Promise((resolve) => document.addEventListener('dg-restriction-changed', (event) => resolve(event.restricted), { once: true })));
    await editor.locator('#restricted').check();
    assert.equal(await restricted, true);

    const held = await api('liuyang', 'GET', `v1/sites/${SITE}/grants?path=${encodeURIComponent('/engineering/')}`);
    assert.ok(held.direct.some((g) => g.id === grant.id && g.subject === grant.subject), 'the server holds the grant');
    assert.equal(held.restricted, true);
    // zhangwei is in 研发中心/前端组, chenjing in 财务部.
    assert.equal((await api('zhangwei', 'POST', 'v1/check', { site: SITE, path: '/engineering/oncall.html' })).allowed, true);
    assert.equal((await api('chenjing', 'POST', 'v1/check', { site: SITE, path: '/engineering/oncall.html' })).allowed, false);
  });

  it('shows who has access, and searches them', async () => {
    const editor = page.locator('dg-permission-editor');
    await editor.locator('#access-search').fill('zhangwei');
    await editor.locator('table.people tr[data-id="zhangwei"]').waitFor({ timeout: 15_000 });
    await editor.locator('#access-search').fill('chenjing');
    await waitForText('dg-permission-editor', /没有|No one/);
    assert.equal(await editor.locator('table.people tr[data-id="chenjing"]').count(), 0);
  });

  it("reads a page's statistics, who has not read it, and exports both", async () => {
    // chenjing reads the budget for 95 s, caochaoqiang (also 财务部) for 0.5 s (not a view).
    const now = Date.now();
    for (const [userid, activeMs] of [
      ['chenjing', 95_000],
      ['caochaoqiang', 500],
    ]) {
      await api(userid, 'POST', 'v1/events', {
        site: SITE,
        events: [{ segment: `admin-e2e-${userid}`, seq: 3, path: '/finance/budget-2027.html', title: '2027 年度预算编制说明', startedAt: now - 120_000, activeMs, visibleMs: activeMs + 1_000, maxDepth: 0.8, completed: activeMs > 60_000 }],
      });
    }
    const budget = await page.$$eval('#doc option', (options) => options.map((o) => o.value).find((v) => v.startsWith('/finance/budget-2027')));
    assert.ok(budget, 'the picker lists the budget');
    await page.selectOption('#doc', budget);
    const stats = page.locator('dg-doc-stats');
    await waitForText('dg-doc-stats', /陈静/);
    const expected = await api('liuyang', 'GET', `v1/sites/${SITE}/stats/doc?path=${encodeURIComponent(budget)}`);
    assert.equal(expected.readers, 1);
    const text = await textOf('dg-doc-stats');
    assert.match(text, /1 分 35 秒|1分钟35秒|1 min 35 sec/, 'the reading time, in the page’s language');
    assert.ok(!/undefined|NaN/.test(text));
    // The unread list names the audience (the finance department) but chenjing.
    await stats.locator('table.unread tbody tr').first().waitFor();
    const unread = await stats.locator('table.unread tbody tr').allTextContents();
    assert.equal(unread.length, Math.min(expected.unread, unread.length));
    assert.ok(unread.some((row) => row.includes('caochaoqiang') || row.includes('曹')), 'a member who only glanced has not read it');
    assert.ok(!unread.some((row) => row.includes('chenjing')));

    for (const kind of ['readers', 'unread']) {
      const download = page.waitForEvent('download');
      await stats.locator(`button[data-export=${kind}]`).click();
      const file = await download;
      const bytes = await readFile(await file.path());
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte order mark, for Excel');
      const csv = bytes.toString('utf8');
      assert.match(file.suggestedFilename(), new RegExp(`finance-budget-2027-${kind}\\.csv`));
      if (kind === 'readers') assert.match(csv, /chenjing/);
      else assert.ok(!csv.includes('chenjing') && csv.includes('caochaoqiang'));
    }
  });
});
