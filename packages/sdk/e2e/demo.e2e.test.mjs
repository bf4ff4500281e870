// End to end: the example site served by `docgate demo`, a real server, the WeCom simulator,
// Chromium. Employees sign in through the simulated WeCom pages (the QR page in a desktop
// browser, the silent authorisation inside WeCom's webview). Two employees open the same
// restricted page: one sees it, the other the "no access" panel; a grant through the API opens
// it; a revocation takes effect on the next load.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../../scripts/chromium.mjs';
import { startDemo } from './lib/demo.mjs';

const PAGE = '/finance/budget-2027.html';
/** WeCom's webview on Windows, as its user agent says (wecom.md) */
const WECOM_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 wxwork/4.1.20 (MicroMessenger/6.2) WindowsWechat MailPlugin_Electron WeMail embeddisabled';

describe('the demo site in Chromium', () => {
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

  /**
   * A new browser profile that opens the page and signs in with WeCom: outside WeCom through the
   * sign-in prompt and the QR page, inside WeCom's webview (its user agent) at once. The
   * simulator stands in for the employee's scan or their WeCom session: whom to pick.
   */
  async function employee(userid, { webview = false, path = PAGE } = {}) {
    const context = await browser.newContext(webview ? { userAgent: WECOM_UA } : {});
    const page = await context.newPage();
    page.on('pageerror', (error) => assert.fail(`page error: ${error.message}`));
    await page.goto(`${siteUrl}${path}`);
    if (webview) {
      await page.waitForURL((url) => url.pathname === '/connect/oauth2/authorize');
    } else {
      await page.waitForSelector('dialog.dg-signin[open]');
      await page.click('dialog.dg-signin button');
      await page.waitForURL((url) => url.pathname === '/wwlogin/sso/login');
    }
    await pick(page, userid);
    return { context, page };
  }

  /** On the simulated WeCom page: choose the employee, then wait to be back and decided. */
  async function pick(page, userid) {
    await page.click(`a[data-userid="${userid}"]`);
    await page.waitForSelector('main[data-dg-state=allowed], main[data-dg-state=denied]');
    assert.equal(new URL(page.url()).hash, '', 'the one-time code is gone from the address bar');
  }

  async function admin(method, route, body) {
    const login = await fetch(`${serverUrl}/v1/auth/dev-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userid: 'liuyang' }),
    });
    const { access_token } = await login.json();
    const response = await fetch(`${serverUrl}/${route}`, {
      method,
      headers: { authorization: `Bearer ${access_token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    assert.ok(response.ok, `${method} ${route}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  const state = (page) => page.getAttribute('main', 'data-dg-state');

  it('shows the page to finance, a "no access" panel to engineering, and hides the finance menu from the latter', async () => {
    const zhangwei = await employee('zhangwei');
    const chenjing = await employee('chenjing');
    try {
      assert.equal(await state(chenjing.page), 'allowed');
      assert.match(await chenjing.page.textContent('main h1'), /2027 年度预算编制说明/);
      assert.equal(await chenjing.page.isVisible('nav a[href="/finance/budget-2027.html"]'), true);

      assert.equal(await state(zhangwei.page), 'denied');
      assert.equal(await zhangwei.page.locator('main h1').count(), 0, 'the budget is not in the page');
      const panel = await zhangwei.page.textContent('main .dg-panel');
      assert.match(panel, /你没有权限查看此页面/);
      assert.match(panel, /当前登录的账号：张伟 · zhangwei（前端组）/);
      assert.match(panel, /如需访问，请联系：刘洋/);
      await zhangwei.page.waitForFunction(() => document.querySelector('nav a[href="/finance/"]')?.hidden === true);
      assert.equal(await zhangwei.page.isVisible('nav a[href="/handbook/expenses.html"]'), true);
    } finally {
      await zhangwei.context.close();
      await chenjing.context.close();
    }
  });

  it('a grant through the API opens the page at the next load; a revocation closes it, with no flash on a slow network', async () => {
    const zhangwei = await employee('zhangwei');
    const chenjing = await employee('chenjing');
    try {
      assert.equal(await state(zhangwei.page), 'denied');
      const grant = await admin('POST', 'v1/sites/handbook/grants', { path: PAGE, subject: 'user:zhangwei', level: 'read' });
      await zhangwei.page.reload();
      await zhangwei.page.waitForSelector('main[data-dg-state=allowed]');
      assert.match(await zhangwei.page.textContent('main h1'), /2027 年度预算编制说明/);

      // Revoke the finance department's access; slow the network so a flash would show.
      const { direct } = await admin('GET', `v1/sites/handbook/grants?path=${encodeURIComponent('/finance/')}`);
      for (const g of direct) await admin('DELETE', `v1/sites/handbook/grants/${g.id}`);
      await admin('DELETE', `v1/sites/handbook/grants/${grant.id}`);
      await chenjing.context.route('**/v1/check', (route) => setTimeout(() => route.continue(), 800));
      await chenjing.page.addInitScript(() => {
        // Sample what the reader could see on every frame until the decision is shown.
        window.__seen = [];
        const sample = () => {
          const main = document.querySelector('main');
          if (main) window.__seen.push(`${main.getAttribute('data-dg-state')}:${getComputedStyle(main).visibility}:${!!main.querySelector('h1')}`);
          if (!main || !['allowed', 'denied'].includes(main.getAttribute('data-dg-state'))) requestAnimationFrame(sample);
        };
        requestAnimationFrame(sample);
      });
      await chenjing.page.reload();
      await chenjing.page.waitForSelector('main[data-dg-state=denied]');
      const seen = await chenjing.page.evaluate(() => window.__seen);
      assert.ok(seen.length > 5, `sampled ${seen.length} frames while the check was slow`);
      for (const frame of seen.slice(0, -1)) assert.match(frame, /:hidden:/, `protected content was visible before the decision: ${frame}`);
      assert.equal(await chenjing.page.locator('main h1').count(), 0);

      await zhangwei.page.reload();
      await zhangwei.page.waitForSelector('main[data-dg-state=denied]');
    } finally {
      await zhangwei.context.close();
      await chenjing.context.close();
    }
  });

  it('inside WeCom: the sign-in is silent once WeCom knows the employee, and the back button does not return to WeCom', async () => {
    const { context, page } = await employee('chenjing', { webview: true, path: '/handbook/' });
    try {
      assert.equal(await state(page), 'allowed');
      assert.equal(new URL(page.url()).pathname, '/handbook/');
      // A new tab in the same WeCom session, nobody signed in on the site: no page to click.
      await page.evaluate(() => localStorage.clear());
      const wecomPages = [];
      page.on('request', (request) => {
        if (request.isNavigationRequest() && !request.url().startsWith(siteUrl)) wecomPages.push(request.url());
      });
      await page.goto(`${siteUrl}/handbook/expenses.html`);
      await page.waitForSelector('main[data-dg-state=allowed]');
      assert.equal(await page.locator('dialog.dg-signin').count(), 0, 'no prompt inside WeCom');
      assert.ok(wecomPages.some((u) => u.includes('/connect/oauth2/authorize')), `went through WeCom: ${wecomPages.join(' ')}`);
      assert.ok(wecomPages.some((u) => u.includes('/v1/auth/wecom/callback')), 'and back through docgate');
      assert.match(await page.textContent('main h1'), /报销/);
      await page.goBack();
      await page.waitForURL((url) => url.href.startsWith(siteUrl));
      assert.equal(new URL(page.url()).pathname, '/handbook/', 'back to the previous page, not to WeCom');
    } finally {
      await context.close();
    }
  });

  it('outside WeCom: "Switch account" on the no-access panel goes straight to the QR page for another employee', async () => {
    const { context, page } = await employee('zhangwei');
    try {
      assert.equal(await state(page), 'denied');
      await page.click('main .dg-panel button');
      await page.waitForURL((url) => url.pathname === '/wwlogin/sso/login');
      assert.equal(await page.locator('dialog.dg-signin').count(), 0, 'no prompt: the reader asked');
      await pick(page, 'liuyang');
      await page.waitForSelector('main[data-dg-state=allowed]');
      assert.match(await page.textContent('main h1'), /2027 年度预算编制说明/);
    } finally {
      await context.close();
    }
  });

  it('a sign-in WeCom refuses comes back with a clear message and a way to try again, not a loop', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      // What the server's callback sends back when it refuses a sign-in (here: an account that left).
      await page.goto(`${siteUrl}${PAGE}#dg_error=user_inactive`);
      await page.waitForSelector('main[data-dg-state=failed]');
      const panel = await page.textContent('main .dg-panel');
      assert.match(panel, /未能登录/);
      assert.match(panel, /你的账号已停用或已离职/);
      assert.equal(new URL(page.url()).hash, '');
      await page.click('main .dg-panel button');
      await page.waitForURL((url) => url.pathname === '/wwlogin/sso/login');
    } finally {
      await context.close();
    }
  });
});
