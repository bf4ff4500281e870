import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../dg-site-stats.js';
import type { DgSiteStats } from './site-stats.js';
import { $, $$, api, clientFor, freshFolder, textOf, until, world } from '../testing/helpers.js';

// The site's statistics are shared by every test file, so this one reads on days nobody else
// uses (about 100 days ago) and looks at those days only (the element's from/to), with the top
// documents under a folder of its own. Expectations are computed by hand from the events below.

const DAY = 86_400_000;
const start = Date.now();
const D1 = start - 102 * DAY;
const D2 = start - 101 * DAY;
const D3 = start - 100 * DAY;

function tenantDay(ms: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

let segments = 0;
const segment = () => `site${Date.now().toString(36)}x${(segments++).toString(36)}`;

const folder = freshFolder('site');
const A = `${folder}alpha`;
const B = `${folder}beta`;
const C = `${folder}gamma`;
const TITLES = { [A]: 'Alpha 甲', [B]: 'Beta 乙', [C]: 'Gamma 丙' };

/**
 * A: 4 views by reader1 (10 s each; 2 on D1, 2 on D2) — 1 reader, 40 s
 * B: 3 views on D2, one each by reader1, reader2, finance1 (5 s each) — 3 readers, 15 s
 * C: 2 views on D3 by emily.chen (100 s each) — 1 reader, 200 s
 */
const READS: Array<[string, string, number, number]> = [
  ['reader1', A, D1, 10_000],
  ['reader1', A, D1 + 60_000, 10_000],
  ['reader1', A, D2, 10_000],
  ['reader1', A, D2 + 60_000, 10_000],
  ['reader1', B, D2 + 120_000, 5_000],
  ['reader2', B, D2, 5_000],
  ['finance1', B, D2, 5_000],
  ['emily.chen', C, D3, 100_000],
  ['emily.chen', C, D3 + 600_000, 100_000],
];

before(async () => {
  await api('admin1', 'POST', 'v1/sites/docs/catalog', { docs: Object.entries(TITLES).map(([path, title]) => ({ path, title })) });
  await api('admin1', 'PUT', 'v1/sites/docs/restrictions', { path: folder, restricted: true });
  for (const userid of ['reader1', 'reader2', 'finance1', 'emily.chen']) {
    await api('admin1', 'POST', 'v1/sites/docs/grants', { path: folder, subject: `user:${userid}`, level: 'read' });
  }
  for (const [userid, path, startedAt, activeMs] of READS) {
    const events = [{ segment: segment(), seq: 3, path, title: TITLES[path], startedAt, activeMs, visibleMs: activeMs, maxDepth: 1, completed: true }];
    const answer = await api<{ accepted: number }>(userid, 'POST', 'v1/events', { site: 'docs', events });
    expect(answer.accepted).to.equal(1);
  }
});

async function mount(userid: string, options: { lang?: string; prefix?: string; range?: boolean } = {}): Promise<DgSiteStats> {
  const client = await clientFor(userid);
  const range = options.range ?? true;
  const element = await fixture<DgSiteStats>(
    html`<dg-site-stats
      lang=${options.lang ?? 'en'}
      .client=${client}
      prefix=${options.prefix ?? folder}
      from=${range ? tenantDay(D1) : ''}
      to=${range ? tenantDay(D3) : ''}
    ></dg-site-stats>`,
  );
  await loaded(element);
  return element;
}

async function loaded(element: DgSiteStats): Promise<void> {
  await element.updateComplete;
  await until(() => !element.shadowRoot!.querySelector('[role=status]') && !element.shadowRoot!.querySelector('[aria-busy=true]'), 'the statistics to load');
}

const cells = (row: Element) => [...row.children].map((cell) => cell.textContent!.replace(/\s+/g, ' ').trim());
const topRows = (element: DgSiteStats) => $$(element, 'table.top tbody tr').map((row) => row.dataset.path);
const departmentRow = (element: DgSiteStats, id: number) => cells($(element, `table.departments tr[data-department="${id}"]`));

function expectClean(element: DgSiteStats): void {
  const text = textOf(element);
  for (const bad of ['undefined', 'NaN', '[object', 'null']) expect(text).to.not.contain(bad);
}

describe('<dg-site-stats>', () => {
  it('ranks the documents by views, readers and reading time', async () => {
    const element = await mount('admin1');
    expect(topRows(element)).to.deep.equal([A, B, C]);
    expect(cells($(element, `tr[data-path="${A}"]`))).to.deep.equal(['1', `Alpha 甲 ${A}`, '4', '1', '40 sec']);
    expect(cells($(element, `tr[data-path="${B}"]`))).to.deep.equal(['2', `Beta 乙 ${B}`, '3', '3', '15 sec']);
    expect(cells($(element, `tr[data-path="${C}"]`))).to.deep.equal(['3', `Gamma 丙 ${C}`, '2', '1', '3 min 20 sec']);
    expect($(element, 'table.top th[aria-sort]').textContent).to.contain('Views');

    $(element, 'button[data-by=readers]').click();
    // 3 readers; then 1 and 1, in path order
    await until(() => topRows(element)[0] === B, 'the top by readers');
    expect(topRows(element)).to.deep.equal([B, A, C]);
    expect($(element, 'table.top th[aria-sort] button').dataset.by).to.equal('readers');

    $(element, 'button[data-by=activeMs]').click();
    await until(() => topRows(element)[0] === C, 'the top by reading time');
    expect(topRows(element)).to.deep.equal([C, A, B]);
    expectClean(element);
    await expect(element).to.be.accessible();
  });

  it('compares departments: readers against who may read', async () => {
    const element = await mount('admin1');
    const { rd, frontend, finance } = world.departments;
    // The company is the top: its departments are compared, most readers first.
    expect(textOf(element)).to.match(/: 4 of \d+ who may read have read/);
    const ids = $$(element, 'table.departments tbody tr').map((row) => Number(row.dataset.department));
    expect(ids.slice(0, 2)).to.deep.equal([rd, finance], 'two readers each; the larger audience first');
    // reader1 (前端组, below) and reader2: 45 s + 5 s; manager1, reader1, reader2 may read
    expect(departmentRow(element, rd)).to.deep.equal(['产品研发中心', '2', '3', '66.7%', '50 sec']);
    // finance1 and emily.chen: 5 s + 200 s
    expect(departmentRow(element, finance)).to.deep.equal(['财务管理部', '2', '2', '100%', '3 min 25 sec']);
    expect(element.shadowRoot!.querySelector(`tr[data-department="${frontend}"]`)).to.equal(null, 'a sub-department waits for its parent to be opened');

    $(element, `tr[data-department="${rd}"] button`).click();
    await until(() => element.shadowRoot!.querySelector(`tr[data-department="${frontend}"]`), 'the departments of 产品研发中心');
    expect(departmentRow(element, frontend)).to.deep.equal(['前端组', '1', '1', '100%', '45 sec']);
    expect(textOf(element)).to.contain('产品研发中心: 2 of 3 who may read have read (66.7%)');
    expect($(element, 'nav [aria-current]').textContent).to.equal('产品研发中心');
    $(element, 'nav button').click();
    await until(() => element.shadowRoot!.querySelector(`tr[data-department="${finance}"]`), 'back to the company');
    expectClean(element);
  });

  it('charts the site’s views, readers and reading time by day', async () => {
    const element = await mount('admin1');
    const rows = $$(element, '.chart-table tbody tr').map(cells);
    const label = (ms: number) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.parse(`${tenantDay(ms)}T00:00:00Z`));
    expect(rows).to.deep.equal([
      [label(D1), '2', '1', '20 sec'],
      [label(D2), '5', '3', '35 sec'],
      [label(D3), '2', '1', '3 min 20 sec'],
    ]);
    const summary = $(element, '[role=img]').getAttribute('aria-label')!;
    expect(summary).to.contain('Views, readers and reading time by day');
    expect(summary).to.contain('Views: 9 in all');
    expect(summary).to.contain(`Readers: most on ${label(D2)} (3)`);
    expect(summary).to.contain('Reading time: 4 min 15 sec in all');
    expect($$(element, 'svg rect')).to.have.length(9);
  });

  it('says loading first, and no reading for a folder nobody read', async () => {
    const client = await clientFor('admin1');
    const element = await fixture<DgSiteStats>(html`<dg-site-stats lang="en" .client=${client} prefix=${freshFolder('empty')}></dg-site-stats>`);
    expect(element.shadowRoot!.querySelector('[role=status]')?.textContent).to.contain('Loading');
    await loaded(element);
    expect($(element, '[data-panel=top]').textContent).to.contain('No reading yet in this period.');
    expectClean(element);
    await expect(element).to.be.accessible();
  });

  it('tells a member who manages nothing, once, in their language', async () => {
    const element = await mount('reader1', { lang: 'zh-CN' });
    const alerts = $$(element, '[role=alert]');
    expect(alerts).to.have.length(1);
    expect(alerts[0]!.textContent).to.contain('你没有此路径的管理权限。');
    expect(alerts[0]!.textContent).to.contain('manage_required');
    expect($$(element, 'table')).to.have.length(0);
    expectClean(element);
  });

  it('shows a folder’s manager their folder, and the refusal of the site-wide panels', async () => {
    const reader2 = { segment: segment(), seq: 1, path: '/handbook/guide', startedAt: Date.now() - 60_000, activeMs: 20_000, visibleMs: 20_000, maxDepth: 1, completed: true };
    await api('reader2', 'POST', 'v1/events', { site: 'docs', events: [reader2] });
    const element = await mount('manager1', { prefix: '/handbook/', range: false });
    expect(topRows(element)).to.include('/handbook/guide');
    expect($(element, '[data-panel=departments] [role=alert]').textContent).to.contain('manage_required');
    expect($(element, '[data-panel=trend] [role=alert]').textContent).to.contain('manage_required');
    expectClean(element);
  });

  it('speaks Chinese', async () => {
    const element = await mount('admin1', { lang: 'zh-CN' });
    const text = textOf(element);
    for (const words of ['站点阅读统计', '热门文档', '各部门阅读情况', '趋势', '阅读次数', '已读比例', '以表格查看数据']) expect(text).to.contain(words);
    expect(cells($(element, `tr[data-path="${C}"]`))[4]).to.equal('3分钟20秒');
    const [year, month, date] = tenantDay(D1).split('-').map(Number);
    expect($$(element, '.chart-table tbody tr')[0]!.textContent).to.contain(`${year}年${month}月${date}日`);
    expectClean(element);
  });

  it('is operable from the keyboard', async () => {
    const element = await mount('admin1');
    $(element, 'button[data-by=views]').focus();
    await sendKeys({ press: 'Tab' });
    expect((element.shadowRoot!.activeElement as HTMLElement).dataset.by).to.equal('readers');
    await sendKeys({ press: 'Enter' });
    await until(() => topRows(element)[0] === B && !element.shadowRoot!.querySelector('[aria-busy=true]'), 'the top by readers');
    expect((element.shadowRoot!.activeElement as HTMLElement).dataset.by).to.equal('readers', 'the focus stays');
    expect(getComputedStyle(element.shadowRoot!.activeElement!).outlineStyle).to.equal('solid');
    ($(element, 'input[name=period]:checked') as HTMLInputElement).focus();
    expect((element.shadowRoot!.activeElement as HTMLInputElement).value).to.equal('custom');
    await sendKeys({ press: 'ArrowRight' });
    // from "custom" around to the first choice, the last 7 days: nothing of this folder in them
    await until(() => ($(element, 'input[name=period][value="7"]') as HTMLInputElement).checked, 'the last 7 days');
    await loaded(element);
    expect($(element, '[data-panel=top]').textContent).to.contain('No reading yet in this period.');
  });

  it('looks right in dark mode with no CSS', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    try {
      const element = await mount('admin1');
      expect(getComputedStyle(element).backgroundColor).to.equal('rgb(13, 17, 23)');
      expect(getComputedStyle($(element, '.bar > span')).backgroundColor).to.equal('rgb(68, 147, 248)');
      await expect(element).to.be.accessible();
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });
});
