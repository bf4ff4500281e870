// Screenshots of each admin component for docs/components.md: the demo's admin page in Chromium,
// signed in as the demo's admin through the simulated WeCom QR page, light and dark, zh-CN and
// en. Some reading is posted first (real events through the API, as the demo's employees) so the
// statistics panels have numbers to show.
//
//   npm run build && node scripts/screenshots.mjs [--out docs/components]
//
// Chinese needs a CJK font on the machine, or it shows as boxes (Debian: apt-get install fonts-noto-cjk).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { signInWithQr, startDemo } from '../packages/sdk/e2e/lib/demo.mjs';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'docs/components' } } });
const out = path.resolve(values.out);
mkdirSync(out, { recursive: true });

const SITE = 'handbook';
const DOC = '/handbook/onboarding';
const TAGS = ['dg-permission-editor', 'dg-doc-stats', 'dg-site-stats', 'dg-directory-sync'];

const demo = await startDemo();
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  await postReading(demo.serverUrl);
  const context = await browser.newContext({ viewport: { width: 1180, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await signIn(page, demo.siteUrl);
  for (const lang of ['zh-CN', 'en']) {
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.evaluate((l) => localStorage.setItem('docgate-admin-lang', l), lang);
      await page.goto(`${demo.siteUrl}/admin/?path=${encodeURIComponent(DOC)}`);
      await page.waitForSelector('main[data-dg-state=allowed]');
      for (const tag of TAGS) {
        const element = page.locator(tag);
        await element.scrollIntoViewIfNeeded();
        await settled(page, tag);
        const file = path.join(out, `${tag}.${lang}.${scheme}.png`);
        await element.screenshot({ path: file, animations: 'disabled' });
        console.log(`${path.relative(process.cwd(), file)}`);
      }
    }
  }
} finally {
  await browser.close();
  await demo.stop();
}

/** The admin signs in as a person would: the prompt, then the simulated WeCom QR page. */
async function signIn(page, siteUrl) {
  await page.goto(`${siteUrl}/admin/`);
  await signInWithQr(page, 'liuyang');
  await page.waitForSelector('main[data-dg-state=allowed]');
}

/** Waits until an element shows neither its loading state nor a pending request's. */
async function settled(page, tag) {
  await page.waitForFunction(
    (name) => {
      const root = document.querySelector(name)?.shadowRoot;
      if (!root || !root.textContent?.trim()) return false;
      return !/加载中|Loading/.test(root.textContent) && !root.querySelector('[aria-busy=true]');
    },
    tag,
    { timeout: 15_000 },
  );
  await page.waitForTimeout(150);
}

/** A few days of reading of the onboarding guide and two other pages by demo employees. */
async function postReading(serverUrl) {
  const readers = ['zhangwei', 'chenjing', 'emily.chen', 'liuyang'];
  const pages = [
    { path: DOC, title: '新员工入职指南' },
    { path: '/handbook/expenses', title: '差旅与报销制度' },
    { path: '/handbook/leave-policy', title: 'Leave policy' },
  ];
  const day = 86_400_000;
  for (const [r, userid] of readers.entries()) {
    const login = await fetch(`${serverUrl}/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userid }) });
    const { access_token: token } = await login.json();
    const events = [];
    for (const [p, doc] of pages.entries()) {
      for (let d = 0; d < 6; d++) {
        if ((r + p + d) % 3 === 0) continue;
        const activeMs = 20_000 + ((r * 7 + p * 13 + d * 5) % 11) * 15_000;
        events.push({
          segment: `shot${r}${p}${d}segment`,
          seq: 1,
          path: doc.path,
          title: doc.title,
          startedAt: Date.now() - d * day - 3_600_000,
          activeMs,
          visibleMs: activeMs + 5_000,
          maxDepth: Math.min(1, 0.3 + ((r + d) % 4) * 0.25),
          completed: (r + d) % 4 === 3,
        });
      }
    }
    const response = await fetch(`${serverUrl}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ site: SITE, events }),
    });
    if (response.status !== 202) throw new Error(`events of ${userid}: ${response.status} ${await response.text()}`);
  }
}
