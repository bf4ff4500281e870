import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, executeServerCommand, sendKeys } from '@web/test-runner-commands';
import type { SyncJob } from '@docgate/protocol';
import '../dg-directory-sync.js';
import type { DgDirectorySync } from './directory-sync.js';
import { $, $$, api, clientFor, textOf, until } from '../testing/helpers.js';

async function mount(userid: string, lang = 'en'): Promise<DgDirectorySync> {
  const client = await clientFor(userid);
  const element = await fixture<DgDirectorySync>(html`<dg-directory-sync lang=${lang} .client=${client} poll-interval="100"></dg-directory-sync>`);
  await until(() => !textOf(element).includes('Loading') && !textOf(element).includes('加载中'), 'the panel to load');
  return element;
}

function chooseFile(element: DgDirectorySync, name: string, text: string): void {
  const input = $(element, 'input[type=file]') as HTMLInputElement;
  const files = new DataTransfer();
  files.items.add(new File([text], name, { type: 'text/csv' }));
  input.files = files.files;
  input.dispatchEvent(new Event('change'));
}

describe('<dg-directory-sync>', () => {
  afterEach(() => executeServerCommand('wecom-clear-faults'));

  it('shows the last sync of the company (the seed sync, from the command line)', async () => {
    const element = await mount('admin1');
    const text = textOf(element);
    expect(text).to.contain('Succeeded');
    expect(text).to.contain('command line');
    expect(text).to.contain('system:test');
    expect(text).to.not.contain('undefined');
    await expect(element).to.be.accessible();
  });

  it('syncs now with live progress, then shows the result and announces it', async () => {
    await executeServerCommand('wecom-create-user', { userid: 'newcomer1', name: '新同事', department: [1] });
    // WeCom answers slowly for a while, so the progress can be seen.
    await executeServerCommand('wecom-fault', { path: '/cgi-bin/user/list', delayMs: 150, times: 8 });
    const element = await mount('admin1');
    const finished = new Promise<SyncJob>((resolve) => element.addEventListener('dg-sync-finished', (event) => resolve(event.job), { once: true }));
    $(element, 'button.primary').click();
    const progress = await until(() => element.shadowRoot!.querySelector('progress'), 'a progress bar');
    expect(progress.getAttribute('aria-label')).to.equal('Sync progress');
    expect(($(element, 'button.primary') as HTMLButtonElement).disabled).to.equal(true);
    expect(textOf(element)).to.contain('Running');
    const job = await finished;
    expect(job.state).to.equal('done');
    expect(job.added).to.equal(1);
    await until(() => !element.shadowRoot!.querySelector('progress'), 'the progress bar to go');
    expect(textOf(element)).to.match(/Members added\s*1/);
    expect(textOf(element)).to.contain('on demand');
    expect(textOf(element)).to.contain('admin1');
  });

  it('follows a sync someone else started instead of failing', async () => {
    await executeServerCommand('wecom-fault', { path: '/cgi-bin/user/list', delayMs: 200, times: 6 });
    const element = await mount('admin1');
    const started = await api<{ job: SyncJob }>('admin1', 'POST', 'v1/directory/sync');
    const finished = new Promise<SyncJob>((resolve) => element.addEventListener('dg-sync-finished', (event) => resolve(event.job), { once: true }));
    $(element, 'button.primary').click();
    expect((await finished).id).to.equal(started.job.id);
    expect(element.shadowRoot!.querySelector('[role=alert]')).to.equal(null);
  });

  it('shows why a sync failed', async () => {
    await executeServerCommand('wecom-fault', { path: '/cgi-bin/department/list', errcode: 60011, times: 1 });
    const element = await mount('admin1');
    const finished = new Promise<SyncJob>((resolve) => element.addEventListener('dg-sync-finished', (event) => resolve(event.job), { once: true }));
    $(element, 'button.primary').click();
    const job = await finished;
    expect(job.state).to.equal('failed');
    await until(() => textOf(element).includes('The sync failed'), 'the failure');
    expect(textOf(element)).to.contain('Failed');
    expect(textOf(element)).to.contain(job.error!);
  });

  it('tells a member who is not an admin, in their language', async () => {
    const element = await mount('reader1', 'zh-CN');
    expect(textOf(element)).to.contain('只有管理员可以执行此操作');
    expect(textOf(element)).to.contain('admin_required');
    expect($$(element, 'button.primary')).to.have.length(0);
  });

  it('checks a CSV file without writing, then imports it', async () => {
    const element = await mount('admin1');
    chooseFile(element, 'members.csv', '姓名,帐号,部门\n新人甲,csvnew1,研发中心\n新人乙,csvnew2,研发中心/前端组\n');
    $$(element, 'button').find((b) => b.textContent!.trim() === 'Check file')!.click();
    await until(() => textOf(element).includes('The file is valid'), 'the dry run');
    expect(textOf(element)).to.match(/Added\s*2/);
    const before = await api<{ users: unknown[] }>('admin1', 'GET', 'v1/directory/users?q=csvnew');
    expect(before.users).to.have.length(0, 'a check writes nothing');

    const done = new Promise((resolve) => element.addEventListener('dg-import-done', resolve, { once: true }));
    $$(element, 'button').find((b) => b.textContent!.trim() === 'Import')!.click();
    await done;
    await until(() => textOf(element).includes('Imported'), 'the import');
    const after = await api<{ users: Array<{ id: string }> }>('admin1', 'GET', 'v1/directory/users?q=csvnew');
    expect(after.users.map((u) => u.id).sort()).to.deep.equal(['csvnew1', 'csvnew2']);
  });

  it('lists a refused file’s errors by line, and imports nothing', async () => {
    const element = await mount('admin1', 'zh-CN');
    chooseFile(element, 'bad.csv', '姓名,帐号,部门\n好人,csvgood,研发中心\n,csvnoname,研发中心\n重复,csvgood,研发中心\n');
    $$(element, 'button').find((b) => b.textContent!.trim() === '导入')!.click();
    await until(() => element.shadowRoot!.querySelector('table'), 'the error report');
    const rows = $$(element, 'tbody tr').map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent!.replace(/\s+/g, ' ').trim()));
    expect(rows.map((r) => r[0])).to.deep.equal(['3', '4']);
    expect(rows[0]![2]).to.contain('姓名为空');
    expect(rows[1]![2]).to.contain('帐号重复');
    expect(textOf(element)).to.contain('文件有 2 处错误');
    const after = await api<{ users: unknown[] }>('admin1', 'GET', 'v1/directory/users?q=csvgood');
    expect(after.users).to.have.length(0, 'all or nothing');
    await expect(element).to.be.accessible();
  });

  it('asks before a full import disables members', async () => {
    const element = await mount('admin1');
    chooseFile(element, 'few.csv', '姓名,帐号,部门\n管理员,admin1,研发中心\n');
    ($(element, 'input[value=full]') as HTMLInputElement).click();
    $$(element, 'button').find((b) => b.textContent!.trim() === 'Import')!.click();
    await until(() => textOf(element).includes('Continue?'), 'the confirmation');
    expect(textOf(element)).to.match(/disables \d+ members/);
    $$(element, 'button').find((b) => b.textContent!.trim() === 'Cancel')!.click();
    await until(() => !textOf(element).includes('Continue?'), 'the cancel');
    const still = await api<{ users: unknown[] }>('admin1', 'GET', 'v1/directory/users?q=reader1');
    expect(still.users).to.have.length(1, 'nobody was disabled');
  });

  it('is operable from the keyboard', async () => {
    const element = await mount('admin1');
    const button = $(element, 'button.primary') as HTMLButtonElement;
    button.focus();
    expect(element.shadowRoot!.activeElement).to.equal(button);
    await sendKeys({ press: 'Tab' });
    expect(element.shadowRoot!.activeElement?.getAttribute('type')).to.equal('file');
  });

  it('looks right in dark mode with no CSS', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    try {
      const element = await mount('admin1');
      const background = getComputedStyle(element).backgroundColor;
      expect(background).to.equal('rgb(13, 17, 23)');
      await expect(element).to.be.accessible();
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });
});
