import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, executeServerCommand, sendKeys } from '@web/test-runner-commands';
import type { SyncJob } from '@docgate/protocol';
import '../dg-doc-stats.js';
import type { DgDocStats } from './doc-stats.js';
import { $, $$, api, clientFor, freshFolder, textOf, until, world } from '../testing/helpers.js';

// Every expectation below is computed by hand from the events each test posts through the real
// POST /v1/events, and from the grants it makes on a folder of its own.

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The day an instant falls on where the tenant counts days (the default, Asia/Shanghai). */
function tenantDay(ms: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

let segments = 0;
const segment = () => `seg${Date.now().toString(36)}x${(segments++).toString(36)}`;

interface Read {
  startedAt: number;
  activeMs: number;
  maxDepth: number;
  completed: boolean;
}

async function read(userid: string, path: string, reads: Read[]): Promise<void> {
  const events = reads.map((r) => ({ segment: segment(), seq: 1, path, title: 'Guide 指南', visibleMs: r.activeMs + 1000, ...r }));
  const answer = await api<{ accepted: number; ignored: number }>(userid, 'POST', 'v1/events', { site: 'docs', events });
  expect(answer.accepted, `events of ${userid}`).to.equal(reads.length);
}

/**
 * A restricted folder of its own with one catalogued document that reader1, reader2 and finance1
 * may read: its audience is them and admin1 (the tenant's admin), 4 people.
 */
async function document(readers = ['reader1', 'reader2', 'finance1']): Promise<string> {
  const folder = freshFolder('stats');
  const path = `${folder}guide`;
  await api('admin1', 'POST', 'v1/sites/docs/catalog', { docs: [{ path, title: 'Guide 指南' }] });
  await api('admin1', 'PUT', 'v1/sites/docs/restrictions', { path: folder, restricted: true });
  for (const userid of readers) await api('admin1', 'POST', 'v1/sites/docs/grants', { path: folder, subject: `user:${userid}`, level: 'read' });
  return path;
}

const now = Date.now();
/** the reading of most tests, and what it makes */
const READING = {
  reader1: [
    { startedAt: now - 3 * DAY - MINUTE, activeMs: 120_000, maxDepth: 0.95, completed: true },
    { startedAt: now - 2 * MINUTE, activeMs: 30_000, maxDepth: 0.5, completed: false },
    // under a second: stored, but no view
    { startedAt: now - MINUTE, activeMs: 500, maxDepth: 0.1, completed: false },
  ],
  reader2: [{ startedAt: now - DAY - MINUTE, activeMs: 45_000, maxDepth: 0.4, completed: false }],
  finance1: [{ startedAt: now - 20 * DAY, activeMs: 60_000, maxDepth: 0.3, completed: false }],
};

async function readDocument(path: string): Promise<void> {
  for (const [userid, reads] of Object.entries(READING)) await read(userid, path, reads);
}

async function mount(userid: string, path: string, options: { lang?: string; from?: string; to?: string; pageSize?: number } = {}): Promise<DgDocStats> {
  const client = await clientFor(userid);
  const element = await fixture<DgDocStats>(
    html`<dg-doc-stats lang=${options.lang ?? 'en'} .client=${client} path=${path} from=${options.from ?? ''} to=${options.to ?? ''} page-size=${options.pageSize ?? 50}></dg-doc-stats>`,
  );
  await loaded(element);
  return element;
}

async function loaded(element: DgDocStats): Promise<void> {
  await element.updateComplete;
  await until(() => !element.shadowRoot!.querySelector('[role=status]') && !element.shadowRoot!.querySelector('[aria-busy=true]'), 'the statistics to load');
}

const number = (element: DgDocStats, name: string) => element.shadowRoot!.querySelector(`[data-number=${name}] dd`)?.textContent!.trim() ?? '';
const numbers = (element: DgDocStats) =>
  Object.fromEntries(['views', 'readers', 'activeMsTotal', 'activeMsMedian', 'completionRate', 'audience', 'unread'].map((n) => [n, number(element, n)]));
const rowUsers = (element: DgDocStats, table: string) => $$(element, `table.${table} tbody tr`).map((row) => row.dataset.user);

function expectClean(element: DgDocStats): void {
  const text = textOf(element);
  for (const bad of ['undefined', 'NaN', '[object', 'null']) expect(text).to.not.contain(bad);
}

function choosePeriod(element: DgDocStats, period: string): void {
  ($(element, `input[name=period][value="${period}"]`) as HTMLInputElement).click();
}

/** What saveFile hands to the browser: the anchor's file name and the blob's bytes. */
async function captureDownload(start: () => void): Promise<{ name: string; bytes: Uint8Array; text: string }> {
  const createObjectURL = URL.createObjectURL;
  const click = HTMLAnchorElement.prototype.click;
  let blob: Blob | null = null;
  let name = '';
  URL.createObjectURL = (object: Blob | MediaSource) => {
    blob = object as Blob;
    return 'blob:captured';
  };
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    name = this.download;
  };
  try {
    start();
    await until(() => blob && name, 'the download');
  } finally {
    URL.createObjectURL = createObjectURL;
    HTMLAnchorElement.prototype.click = click;
  }
  const bytes = new Uint8Array(await blob!.arrayBuffer());
  return { name, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
}

async function syncDirectory(): Promise<void> {
  let job: SyncJob;
  try {
    job = (await api<{ job: SyncJob }>('admin1', 'POST', 'v1/directory/sync')).job;
  } catch {
    job = await api<SyncJob>('admin1', 'GET', 'v1/directory/sync/latest');
  }
  for (let i = 0; job.state === 'running' && i < 200; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    job = await api<SyncJob>('admin1', 'GET', `v1/directory/sync/${job.id}`);
  }
  expect(job.state).to.equal('done');
}

describe('<dg-doc-stats>', () => {
  it('says it is loading, then shows the numbers computed from the events', async () => {
    const path = await document();
    await readDocument(path);
    const client = await clientFor('admin1');
    const element = await fixture<DgDocStats>(html`<dg-doc-stats lang="en" .client=${client} path=${path}></dg-doc-stats>`);
    const status = element.shadowRoot!.querySelector('[role=status]');
    expect(status?.textContent).to.contain('Loading');
    await loaded(element);
    // Last 30 days: views are the 4 segments of 1 s or more; reader totals 150 s, 45 s, 60 s.
    expect(numbers(element)).to.deep.equal({
      views: '4',
      readers: '3',
      activeMsTotal: '4 min 15 sec',
      activeMsMedian: '1 min',
      completionRate: '33.3%',
      audience: '4',
      unread: '1',
    });
    expect(textOf(element)).to.contain('1 of 3 readers');
    expect($(element, 'h2').textContent!.replace(/\s+/g, ' ')).to.contain(`· Guide 指南 ${path}`, "the catalogue's title beside the path");
    expectClean(element);
    await expect(element).to.be.accessible();
  });

  it('counts only the chosen period', async () => {
    const path = await document();
    await readDocument(path);
    const element = await mount('admin1', path);
    choosePeriod(element, '7');
    await until(() => number(element, 'views') === '3', 'the last 7 days');
    await loaded(element);
    // finance1 read 20 days ago: out. Reader totals 150 s and 45 s: median 97.5 s.
    expect(numbers(element)).to.deep.equal({
      views: '3',
      readers: '2',
      activeMsTotal: '3 min 15 sec',
      activeMsMedian: '1 min 38 sec',
      completionRate: '50%',
      audience: '4',
      unread: '2',
    });
    expect(rowUsers(element, 'unread')).to.deep.equal(['admin1', 'finance1']);
    choosePeriod(element, 'all');
    await until(() => number(element, 'views') === '4', 'all time');
    expectClean(element);
  });

  it('takes a period from its from and to attributes', async () => {
    const path = await document();
    await readDocument(path);
    const day = tenantDay(READING.reader2[0]!.startedAt);
    const element = await mount('admin1', path, { from: day, to: day });
    expect(($(element, 'input[value=custom]') as HTMLInputElement).checked).to.equal(true);
    expect(number(element, 'views')).to.equal('1');
    expect(rowUsers(element, 'readers')).to.deep.equal(['reader2']);
    const points = $$(element, '.chart-table tbody tr');
    expect(points).to.have.length(1);
    expect(points[0]!.textContent).to.contain('45 sec');
  });

  it('charts views and reading time on the days the events were dated', async () => {
    const path = await document();
    await readDocument(path);
    const element = await mount('admin1', path);
    const image = $(element, '[role=img]');
    expect(image.getAttribute('aria-label')).to.contain('Views and reading time by day');
    expect(image.getAttribute('aria-label')).to.contain('Views: 4 in all');
    expect(image.getAttribute('aria-label')).to.contain('Reading time: 4 min 15 sec in all');
    const label = (day: string) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.parse(`${day}T00:00:00Z`));
    const rows = $$(element, '.chart-table tbody tr').map((row) => [...row.children].map((cell) => cell.textContent!.trim()));
    expect(rows).to.have.length(30);
    const expected = new Map<string, [number, string]>([
      [label(tenantDay(READING.finance1[0]!.startedAt)), [1, '1 min']],
      [label(tenantDay(READING.reader1[0]!.startedAt)), [1, '2 min']],
      [label(tenantDay(READING.reader2[0]!.startedAt)), [1, '45 sec']],
      [label(tenantDay(READING.reader1[1]!.startedAt)), [1, '30 sec']],
    ]);
    const busy = rows.filter((r) => r[1] !== '0');
    expect(busy.map((r) => r[0])).to.deep.equal([...expected.keys()]);
    for (const [day, views, time] of busy) expect([Number(views), time]).to.deep.equal(expected.get(day!));
    expect($$(element, 'svg rect')).to.have.length(8, 'a bar per day with reading, in each of the two rows');
  });

  it('shows an unread document as such', async () => {
    const path = await document();
    const element = await mount('admin1', path);
    expect(numbers(element)).to.deep.equal({
      views: '0',
      readers: '0',
      activeMsTotal: '0 sec',
      activeMsMedian: '0 sec',
      completionRate: '0%',
      audience: '4',
      unread: '4',
    });
    expect(textOf(element)).to.contain('No reading yet in this period.');
    expect(element.shadowRoot!.querySelector('table.readers')).to.equal(null);
    expect(rowUsers(element, 'unread')).to.deep.equal(['admin1', 'finance1', 'reader1', 'reader2']);
    expectClean(element);
    await expect(element).to.be.accessible();
  });

  it('tells a reader who does not manage the document, in their language', async () => {
    const path = await document();
    const element = await mount('reader1', path, { lang: 'zh-CN' });
    const alert = $(element, '[role=alert]');
    expect(alert.textContent).to.contain('你没有此路径的管理权限。');
    expect(alert.textContent).to.contain('manage_required');
    expect($$(element, '[part=numbers]')).to.have.length(0);
    expect($$(element, 'table')).to.have.length(0);
    expectClean(element);
    await expect(element).to.be.accessible();
  });

  it('shows a failure with a retry', async () => {
    const path = await document();
    const element = await mount('admin1', path, { from: '2027-02-30' });
    const alert = $(element, '[role=alert]');
    expect(alert.textContent).to.contain('2027-02-30');
    expect(alert.textContent).to.contain('invalid_request');
    const retry = $$(element, '[role=alert] button')[0]!;
    expect(retry.textContent!.trim()).to.equal('Retry');
    element.from = tenantDay(Date.now() - 2 * DAY);
    await until(() => element.shadowRoot!.querySelector('[part=numbers]'), 'the numbers after a good date');
    expectClean(element);
  });

  it('sorts the readers by the server’s sorts, with aria-sort on the header', async () => {
    const path = await document();
    await readDocument(path);
    const element = await mount('admin1', path);
    expect(rowUsers(element, 'readers')).to.deep.equal(['finance1', 'reader1', 'reader2']);
    expect($(element, 'th[aria-sort]').textContent).to.contain('Name');
    expect($(element, 'th[aria-sort]').getAttribute('aria-sort')).to.equal('ascending');
    $(element, 'button[data-sort=activeMs]').click();
    await until(() => rowUsers(element, 'readers')[0] === 'reader1', 'the sort by time');
    // 150 s, 60 s, 45 s
    expect(rowUsers(element, 'readers')).to.deep.equal(['reader1', 'finance1', 'reader2']);
    expect($(element, 'th[aria-sort]').getAttribute('aria-sort')).to.equal('descending');
    expect($(element, 'th[aria-sort] button').dataset.sort).to.equal('activeMs');
    $(element, 'button[data-sort=views]').click();
    await until(() => $(element, 'th[aria-sort] button').dataset.sort === 'views' && !element.shadowRoot!.querySelector('[aria-busy=true]'), 'the sort by views');
    // 2 views, then 1 and 1 in userid order
    expect(rowUsers(element, 'readers')).to.deep.equal(['reader1', 'finance1', 'reader2']);
    const first = $$(element, 'table.readers tbody tr')[0]!.textContent!.replace(/\s+/g, ' ');
    expect(first).to.contain('张伟');
    expect(first).to.contain('前端组');
    expect(first).to.contain('2 min 30 sec');
    expect(first).to.contain('95%');
    expect(first).to.contain('Yes');
  });

  it('loads more readers and unread members by cursor', async () => {
    const path = await document();
    await readDocument(path);
    const element = await mount('admin1', path, { pageSize: 2, from: tenantDay(now - 7 * DAY) });
    // since a week ago: readers reader1 and reader2; unread admin1 and finance1
    expect(rowUsers(element, 'readers')).to.deep.equal(['reader1', 'reader2']);
    expect(textOf(element)).to.contain('2 of 2 shown');
    await read('finance1', path, [{ startedAt: Date.now() - MINUTE, activeMs: 10_000, maxDepth: 1, completed: true }]);
    element.refresh();
    await loaded(element);
    expect(rowUsers(element, 'readers')).to.deep.equal(['finance1', 'reader1']);
    expect(textOf(element)).to.contain('2 of 3 shown');
    const more = $(element, 'section[data-panel=readers] button.load-more');
    more.click();
    await until(() => rowUsers(element, 'readers').length === 3, 'the second page');
    expect(rowUsers(element, 'readers')).to.deep.equal(['finance1', 'reader1', 'reader2']);
    expect(element.shadowRoot!.querySelector('section[data-panel=readers] button.load-more')).to.equal(null);
    expect(rowUsers(element, 'unread')).to.deep.equal(['admin1']);
    expectClean(element);
  });

  it('lists as unread exactly the audience minus the readers, page by page', async () => {
    const path = await document(['reader1', 'reader2', 'finance1', 'emily.chen', 'manager1']);
    await read('reader2', path, READING.reader2);
    const element = await mount('admin1', path, { pageSize: 2 });
    // audience: admin1 and the five granted; reader2 read it
    expect(number(element, 'audience')).to.equal('6');
    expect(number(element, 'unread')).to.equal('5');
    expect(rowUsers(element, 'unread')).to.deep.equal(['admin1', 'emily.chen']);
    for (let page = 0; page < 2; page++) {
      const before = rowUsers(element, 'unread').length;
      $(element, 'section[data-panel=unread] button.load-more').click();
      await until(() => rowUsers(element, 'unread').length > before, 'the next page');
    }
    expect(rowUsers(element, 'unread')).to.deep.equal(['admin1', 'emily.chen', 'finance1', 'manager1', 'reader1']);
    expect(textOf(element)).to.contain('5 of 5 shown');
  });

  it('exports the readers as the server’s CSV, formulas neutralised', async () => {
    // A member whose name a spreadsheet would run: made in WeCom, brought in by a sync.
    const departments = await api<{ departments: Array<{ id: number; name: string }> }>('admin1', 'GET', 'v1/directory/departments');
    const ours = new Set([1, world.departments.rd, world.departments.frontend, world.departments.finance]);
    const elsewhere = departments.departments.find((d) => !ours.has(d.id))!.id;
    const formula = `formula${Date.now().toString(36)}`;
    await executeServerCommand('wecom-create-user', { userid: formula, name: '=1+2', department: [elsewhere] });
    await syncDirectory();

    const path = await document(['reader1', 'reader2', 'finance1', formula]);
    await readDocument(path);
    await read(formula, path, [{ startedAt: Date.now() - 2 * MINUTE, activeMs: 12_300, maxDepth: 1, completed: true }]);
    const element = await mount('admin1', path);
    expect(rowUsers(element, 'readers')).to.deep.equal(['finance1', formula, 'reader1', 'reader2']);
    const file = await captureDownload(() => $(element, 'button[data-export=readers]').click());
    expect(file.name).to.equal(`${path.slice(1).replace(/\//g, '-')}-readers.csv`);
    expect([...file.bytes.slice(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf], 'a byte order mark, for Excel');
    const lines = file.text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).to.equal('user,name,departments,status,views,active_seconds,max_depth,completed,first_at,last_at');
    expect(lines.slice(1).map((l) => l.split(',')[0])).to.deep.equal(['finance1', formula, 'reader1', 'reader2']);
    expect(lines[1]).to.match(/^finance1,陈静,财务管理部,active,1,60,0\.3,false,/);
    expect(lines[2]).to.match(new RegExp(`^${formula},'=1\\+2,[^,]*,active,1,12\\.3,1,true,`));
    expect(lines[3]).to.match(/^reader1,张伟,前端组,active,2,150,0\.95,true,/);
    expect(lines[4]).to.match(/^reader2,李娜,产品研发中心,active,1,45,0\.4,false,/);
    // the table shows the name as it is
    expect($(element, `tr[data-user="${formula}"] .name`).textContent).to.equal('=1+2');

    const unread = await captureDownload(() => $(element, 'button[data-export=unread]').click());
    expect(unread.name).to.equal(`${path.slice(1).replace(/\//g, '-')}-unread.csv`);
    const company = departments.departments.find((d) => d.id === 1) as { name: string };
    expect(unread.text.slice(1).trimEnd().split('\r\n')).to.deep.equal(['user,name,departments', `admin1,管理员,${company.name}`]);
  });

  it('speaks Chinese with Chinese numbers and dates', async () => {
    const path = await document();
    await readDocument(path);
    const element = await mount('admin1', path, { lang: 'zh-CN' });
    expect(numbers(element)).to.deep.equal({
      views: '4',
      readers: '3',
      activeMsTotal: '4分钟15秒',
      activeMsMedian: '1分钟',
      completionRate: '33.3%',
      audience: '4',
      unread: '1',
    });
    const text = textOf(element);
    for (const words of ['阅读统计', '近 30 天', '阅读次数', '谁读过', '谁还没读', '导出 CSV', '以表格查看数据']) expect(text).to.contain(words);
    const day = tenantDay(READING.reader2[0]!.startedAt);
    const [year, month, date] = day.split('-').map(Number);
    expect($(element, 'tr[data-user=reader2]').textContent).to.contain(`${year}年${month}月${date}日`);
    expect($(element, '[role=img]').getAttribute('aria-label')).to.contain('阅读次数：共 4');
    expectClean(element);
  });

  it('is operable from the keyboard: the period with arrow keys, the sorts with buttons', async () => {
    const path = await document();
    await readDocument(path);
    const element = await mount('admin1', path);
    ($(element, 'input[name=period]:checked') as HTMLInputElement).focus();
    expect((element.shadowRoot!.activeElement as HTMLInputElement).value).to.equal('30');
    await sendKeys({ press: 'ArrowLeft' });
    await until(() => number(element, 'views') === '3', 'the last 7 days, chosen with the keyboard');
    expect((element.shadowRoot!.activeElement as HTMLInputElement).value).to.equal('7');
    await loaded(element);
    $(element, 'button[data-sort=user]').focus();
    await sendKeys({ press: 'Tab' });
    expect((element.shadowRoot!.activeElement as HTMLElement).dataset.sort).to.equal('activeMs');
    await sendKeys({ press: 'Enter' });
    await until(() => $(element, 'th[aria-sort] button').dataset.sort === 'activeMs' && !element.shadowRoot!.querySelector('[aria-busy=true]'), 'the sort');
    expect(rowUsers(element, 'readers')).to.deep.equal(['reader1', 'reader2']);
    expect((element.shadowRoot!.activeElement as HTMLElement).dataset.sort).to.equal('activeMs', 'the focus stays on the header');
    expect(getComputedStyle(element.shadowRoot!.activeElement!).outlineStyle).to.equal('solid', 'a visible focus');
  });

  it('looks right in dark mode with no CSS', async () => {
    const path = await document();
    await readDocument(path);
    await emulateMedia({ colorScheme: 'dark' });
    try {
      const element = await mount('admin1', path);
      expect(getComputedStyle(element).backgroundColor).to.equal('rgb(13, 17, 23)');
      expect(getComputedStyle($(element, '.card')).backgroundColor).to.equal('rgb(21, 27, 35)');
      expect(getComputedStyle($(element, 'svg.series-1 rect')).fill).to.equal('rgb(68, 147, 248)');
      await expect(element).to.be.accessible();
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });
});
