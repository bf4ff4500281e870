import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { AccessResponse, CheckResponse, Grant, GrantsResponse } from '@docgate/protocol';
import type { Docgate } from '@docgate/sdk';
import { nothing } from 'lit';
import '../dg-permission-editor.js';
import type { DgPermissionEditor } from './permission-editor.js';
import { $, $$, api, clientFor, freshFolder, textOf, until, world } from '../testing/helpers.js';

interface MountOptions {
  lang?: string;
  /** the element's site attribute (the client's site otherwise) */
  site?: string;
  /** the client's site */
  clientSite?: string;
  /** changes the client the element gets (e.g. answers that arrive late) */
  wrap?: (client: Docgate) => Docgate;
}

async function mount(userid: string, path: string, options: MountOptions = {}): Promise<DgPermissionEditor> {
  const signedIn = await clientFor(userid, options.clientSite);
  const client = options.wrap ? options.wrap(signedIn) : signedIn;
  const element = await fixture<DgPermissionEditor>(
    html`<dg-permission-editor lang=${options.lang ?? 'en'} .client=${client} path=${path} site=${options.site ?? nothing}></dg-permission-editor>`,
  );
  await until(() => element.shadowRoot!.querySelector('#grants-heading, .not-manager, .state.error'), 'the editor to load');
  return element;
}

/** The editor, once its department tree has loaded. */
async function withTree(element: DgPermissionEditor): Promise<DgPermissionEditor> {
  await until(() => element.shadowRoot!.querySelector('[role=treeitem]'), 'the department tree');
  return element;
}

/** Types into an input of the element as a person would (focus, keys). */
async function typeInto(element: DgPermissionEditor, selector: string, text: string): Promise<void> {
  const input = $(element, selector) as HTMLInputElement;
  input.focus();
  input.select();
  await sendKeys({ type: text });
}

/** Sets an input's text at once (for inputs whose typing is not what a test is about). */
function setInput(element: DgPermissionEditor, selector: string, text: string): void {
  const input = $(element, selector) as HTMLInputElement;
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

/** Clicks, and waits for what the click changed to render. */
async function click(element: DgPermissionEditor, selector: string): Promise<void> {
  $(element, selector).click();
  await element.updateComplete;
}

/** A tree line's department name, without the expand/collapse arrow. */
const nameOf = (item: HTMLElement | null | undefined) => item?.querySelector('.name')?.textContent?.trim() ?? null;

const focusedIn = (element: DgPermissionEditor) => element.shadowRoot!.activeElement as HTMLElement | null;
const button = (element: DgPermissionEditor, text: string) => {
  const found = $$(element, 'button').find((b) => b.textContent!.replace(/\s+/g, ' ').trim() === text);
  if (!found) throw new Error(`no button "${text}"`);
  return found as HTMLButtonElement;
};
const rowsOf = (element: DgPermissionEditor, table: 'direct' | 'inherited') =>
  $$(element, `table.${table} tbody tr[data-subject]`).map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent!.replace(/\s+/g, ' ').trim()));
const grantsOf = (path: string) => api<GrantsResponse>('admin1', 'GET', `v1/sites/docs/grants?path=${encodeURIComponent(path)}`);
const check = (userid: string, path: string) => api<CheckResponse>(userid, 'POST', 'v1/check', { site: 'docs', path });

/** A folder nobody inherits into: only what a test grants there counts (and the admins). */
async function restrictedFolder(): Promise<string> {
  const path = freshFolder('pe');
  await api('admin1', 'PUT', 'v1/sites/docs/restrictions', { path, restricted: true });
  return path;
}

describe('<dg-permission-editor>', () => {
  describe('states', () => {
    it('shows loading, then the grants a document inherits, with where they come from', async () => {
      const client = await clientFor('admin1');
      const element = await fixture<DgPermissionEditor>(html`<dg-permission-editor lang="en" .client=${client} path="/handbook/intro"></dg-permission-editor>`);
      expect($(element, '[role=status]').textContent).to.contain('Loading');
      await until(() => element.shadowRoot!.querySelector('#grants-heading'), 'the grants');
      expect(rowsOf(element, 'direct')).to.deep.equal([]);
      expect(textOf(element)).to.contain('Nothing is granted on this path itself yet.');
      expect(rowsOf(element, 'inherited')).to.deep.equal([
        ['产品研发中心 and sub-departments', 'Can read', 'Never', '/handbook/'],
        ['王经理 (manager1)', 'Can manage', 'Never', '/handbook/'],
        ['Everyone in the company', 'Can read', 'Never', '/'],
      ]);
      // A document is not a folder: nothing to restrict.
      expect(element.shadowRoot!.querySelector('#restricted')).to.equal(null);
      await until(() => element.shadowRoot!.querySelector('table.people'), 'who has access');
      expect(textOf(element)).to.not.match(/undefined|null|\[object/);
    });

    it('shows a restricted folder: its own grants, the restriction, and where inheritance stops', async () => {
      const element = await mount('admin1', '/finance/');
      expect(($(element, '#restricted') as HTMLInputElement).checked).to.equal(true);
      expect(rowsOf(element, 'direct').map((r) => r.slice(0, 3))).to.deep.equal([['财务管理部 (this department only)', 'Can read', 'Never']]);
      expect(rowsOf(element, 'inherited')).to.deep.equal([]);
      expect(textOf(element)).to.contain('Nothing is inherited from folders above.');
      expect(textOf(element)).to.contain('Inheritance stops at the restricted folder /finance/');
      expect(textOf(element)).to.not.match(/undefined|null|\[object/);
    });

    it('shows empty lists for a restricted folder nobody was given', async () => {
      const path = await restrictedFolder();
      const element = await mount('admin1', path);
      expect(textOf(element)).to.contain('Nothing is granted on this path itself yet.');
      expect(textOf(element)).to.contain('Nothing is inherited from folders above.');
      expect(($(element, '#restricted') as HTMLInputElement).checked).to.equal(true);
      // Who has access: the company's admin only.
      await until(() => element.shadowRoot!.querySelector('table.people'), 'who has access');
      expect($$(element, 'table.people tbody tr').map((r) => r.dataset.id)).to.deep.equal(['admin1']);
      expect(textOf(element)).to.contain('Company admin');
    });

    it('shows why it cannot load, in words, with a retry', async () => {
      const element = await mount('admin1', '/handbook/', { site: 'no-such-site' });
      const alert = $(element, '[role=alert]');
      expect(alert.textContent).to.contain('No such site.');
      expect(alert.textContent).to.contain('unknown_site');
      expect(button(element, 'Retry')).to.exist;
      expect(textOf(element)).to.not.match(/undefined|\[object/);
      await expect(element).to.be.accessible();
    });

    it('tells a reader they do not manage the path, and offers no form', async () => {
      const element = await mount('reader1', '/handbook/');
      expect(textOf(element)).to.contain('You do not manage /handbook/');
      expect(textOf(element)).to.contain('You can read it');
      expect($$(element, 'input, button, [role=tree]')).to.have.length(0);
      await expect(element).to.be.accessible();
    });

    it('asks for a path when it has none', async () => {
      const client = await clientFor('admin1');
      const element = await fixture<DgPermissionEditor>(html`<dg-permission-editor lang="en" .client=${client}></dg-permission-editor>`);
      await until(() => textOf(element).includes('Set the element’s path attribute'), 'the missing path');
      expect($$(element, 'input, button')).to.have.length(0);
      element.path = '/finance/';
      await until(() => element.shadowRoot!.querySelector('#grants-heading'), 'the grants once the path is set');
      expect(rowsOf(element, 'direct')[0]![0]).to.equal('财务管理部 (this department only)');
    });
  });

  describe('granting', () => {
    it('grants a folder to a department with its sub-departments, through the tree by keyboard', async () => {
      const path = await restrictedFolder();
      expect((await check('reader1', path)).allowed).to.equal(false, 'nobody but admins reads a fresh restricted folder');
      const element = await withTree(await mount('admin1', path));
      expect(($(element, 'input[type=checkbox]:not(#restricted)') as HTMLInputElement).checked).to.equal(true, 'sub-departments by default');

      await typeInto(element, '#department-filter', '产品研发');
      await until(() => textOf(element).includes('1 department matches'), 'the filter');
      await sendKeys({ press: 'ArrowDown' });
      await until(() => focusedIn(element)?.getAttribute('role') === 'treeitem', 'focus in the tree');
      expect(focusedIn(element)!.dataset.id).to.equal(String(world.departments.rd));
      await sendKeys({ press: 'Enter' });
      expect(focusedIn(element)!.getAttribute('aria-selected')).to.equal('true');
      await until(() => textOf(element).includes('Grant to: 产品研发中心 and sub-departments'), 'the choice');

      const added = new Promise<Grant>((resolve) => element.addEventListener('dg-grant-added', (event) => resolve(event.grant), { once: true }));
      $(element, '#grant-button').click();
      await element.updateComplete;
      // At once, before the server has answered: the new grant, marked as saving.
      const pending = $(element, `table.direct tr[data-subject="dept:${world.departments.rd}/*"]`);
      expect(pending.classList.contains('pending')).to.equal(true);
      expect(pending.textContent).to.contain('Saving');

      const grant = await added;
      expect(grant.subject).to.equal(`dept:${world.departments.rd}/*`);
      await until(() => !element.shadowRoot!.querySelector('tr.pending'), 'the grant to be saved');
      expect(rowsOf(element, 'direct').map((r) => r.slice(0, 3))).to.deep.equal([['产品研发中心 and sub-departments', 'Can read', 'Never']]);
      const held = await grantsOf(path);
      expect(held.direct.map((g) => [g.subject, g.level])).to.deep.equal([[`dept:${world.departments.rd}/*`, 'read']]);
      // reader1 is in 前端组, a sub-department of 产品研发中心.
      expect((await check('reader1', path)).allowed).to.equal(true);
      expect((await check('finance1', path)).allowed).to.equal(false);
      // Who has access follows.
      await until(() => element.shadowRoot!.querySelector('table.people tr[data-id=reader1]'), 'reader1 among who has access');
    });

    it('grants a department alone, without its sub-departments', async () => {
      const path = await restrictedFolder();
      const element = await withTree(await mount('admin1', path));
      setInput(element, '#department-filter', '产品研发中心');
      const item = await until(() => element.shadowRoot!.querySelector<HTMLElement>(`[role=treeitem][data-id="${world.departments.rd}"]`), 'the department');
      item.click();
      ($(element, 'input[type=checkbox]:not(#restricted)') as HTMLInputElement).click();
      await until(() => textOf(element).includes('Grant to: 产品研发中心 (this department only)'), 'the choice');
      const added = new Promise<Grant>((resolve) => element.addEventListener('dg-grant-added', (event) => resolve(event.grant), { once: true }));
      $(element, '#grant-button').click();
      expect((await added).subject).to.equal(`dept:${world.departments.rd}`);
      expect((await check('reader2', path)).allowed).to.equal(true, 'reader2 is placed in 产品研发中心');
      expect((await check('reader1', path)).allowed).to.equal(false, 'reader1 is in its sub-department');
    });

    it('grants manage to a member found by search, until a date', async () => {
      const path = await restrictedFolder();
      const element = await mount('admin1', path);
      await click(element, '#tab-members');
      await typeInto(element, '#member-search', 'emily');
      const option = await until(() => element.shadowRoot!.querySelector<HTMLElement>('[role=option][data-id="emily.chen"]'), 'Emily in the results');
      expect($$(element, '[role=option]')).to.have.length(1);
      expect(option.textContent).to.contain('财务管理部');
      await sendKeys({ press: 'ArrowDown' });
      await until(() => focusedIn(element)?.dataset.id === 'emily.chen', 'focus on the option');
      await sendKeys({ press: 'Enter' });
      ($(element, 'input[name=level][value=manage]') as HTMLInputElement).click();
      const nextYear = new Date().getFullYear() + 1;
      setInput(element, '#expiry', `${nextYear}-06-30`);
      await until(() => textOf(element).includes('Grant to: Emily Chen (emily.chen)'), 'the choice');
      const added = new Promise<Grant>((resolve) => element.addEventListener('dg-grant-added', (event) => resolve(event.grant), { once: true }));
      $(element, '#grant-button').click();
      const grant = await added;
      expect([grant.subject, grant.level]).to.deep.equal(['user:emily.chen', 'manage']);
      expect(new Date(grant.expiresAt!).getFullYear()).to.equal(nextYear);
      const held = await grantsOf(path);
      expect(held.direct.map((g) => [g.subject, g.level, g.expiresAt])).to.deep.equal([['user:emily.chen', 'manage', grant.expiresAt]]);
      await until(() => rowsOf(element, 'direct')[0]?.[1] === 'Can manage', 'the saved grant');
      expect(rowsOf(element, 'direct')[0]![0]).to.equal('Emily Chen (emily.chen)');
      expect(rowsOf(element, 'direct')[0]![2]).to.contain(String(nextYear));
      expect((await check('emily.chen', path)).level).to.equal('manage');
    });

    it('refuses an expiry date in the past without asking the server', async () => {
      const path = await restrictedFolder();
      const element = await mount('admin1', path);
      await click(element, '#tab-everyone');
      setInput(element, '#expiry', '2001-01-01');
      $(element, '#grant-button').click();
      await until(() => element.shadowRoot!.querySelector('#expiry-error'), 'the expiry error');
      expect(textOf(element)).to.contain('The expiry date must be today or later.');
      expect((await grantsOf(path)).direct).to.deep.equal([]);
    });

    it('grants to a tag', async () => {
      const path = await restrictedFolder();
      const element = await mount('admin1', path);
      await click(element, '#tab-tags');
      const radio = await until(() => element.shadowRoot!.querySelector<HTMLInputElement>(`input[name=tag][value="${world.tags.newHires}"]`), 'the tags');
      expect(textOf(element)).to.contain('新员工 New hires');
      expect(textOf(element)).to.contain('2 members');
      radio.click();
      await element.updateComplete;
      const added = new Promise<Grant>((resolve) => element.addEventListener('dg-grant-added', (event) => resolve(event.grant), { once: true }));
      $(element, '#grant-button').click();
      expect((await added).subject).to.equal(`tag:${world.tags.newHires}`);
      expect((await grantsOf(path)).direct.map((g) => g.subject)).to.deep.equal([`tag:${world.tags.newHires}`]);
      expect((await check('reader1', path)).allowed).to.equal(true, 'reader1 has the tag');
      expect((await check('reader2', path)).allowed).to.equal(false);
      await until(() => rowsOf(element, 'direct')[0]?.[0] === 'Tag: 新员工 New hires', 'the row');
    });

    it('grants to everyone, choosing the tab by keyboard', async () => {
      const path = await restrictedFolder();
      const element = await mount('admin1', path);
      $(element, '#tab-departments').focus();
      await sendKeys({ press: 'End' });
      await until(() => focusedIn(element)?.id === 'tab-everyone', 'End to the last tab');
      expect($(element, '#tab-everyone').getAttribute('aria-selected')).to.equal('true');
      expect($(element, '#panel-everyone').hidden).to.equal(false);
      expect($(element, '#panel-departments').hidden).to.equal(true);
      await sendKeys({ press: 'ArrowRight' });
      await until(() => focusedIn(element)?.id === 'tab-departments', 'the tabs to wrap around');
      await sendKeys({ press: 'ArrowLeft' });
      await until(() => focusedIn(element)?.id === 'tab-everyone', 'back to the last tab');
      const added = new Promise<Grant>((resolve) => element.addEventListener('dg-grant-added', (event) => resolve(event.grant), { once: true }));
      $(element, '#grant-button').click();
      expect((await added).subject).to.equal('everyone');
      expect((await check('reader2', path)).allowed).to.equal(true);
      await until(() => rowsOf(element, 'direct')[0]?.[0] === 'Everyone in the company', 'the row');
    });

    it('changes the level of an existing grant instead of adding a second one', async () => {
      const path = await restrictedFolder();
      await api('admin1', 'POST', 'v1/sites/docs/grants', { path, subject: 'everyone', level: 'read' });
      const element = await mount('admin1', path);
      await click(element, '#tab-everyone');
      ($(element, 'input[name=level][value=manage]') as HTMLInputElement).click();
      await element.updateComplete;
      const added = new Promise<Grant>((resolve) => element.addEventListener('dg-grant-added', (event) => resolve(event.grant), { once: true }));
      $(element, '#grant-button').click();
      expect((await added).level).to.equal('manage');
      await until(() => rowsOf(element, 'direct')[0]?.[1] === 'Can manage', 'the changed row');
      expect(rowsOf(element, 'direct')).to.have.length(1);
    });
  });

  describe('removing and restricting', () => {
    it('removes a grant at once, and the server agrees', async () => {
      const path = await restrictedFolder();
      await api('admin1', 'POST', 'v1/sites/docs/grants', { path, subject: 'user:reader2', level: 'read' });
      await api('admin1', 'POST', 'v1/sites/docs/grants', { path, subject: 'user:finance1', level: 'read' });
      const element = await mount('admin1', path);
      expect(rowsOf(element, 'direct').map((r) => r[0]).sort()).to.deep.equal(['李娜 (reader2)', '陈静 (finance1)']);
      const removed = new Promise<Grant>((resolve) => element.addEventListener('dg-grant-removed', (event) => resolve(event.grant), { once: true }));
      const remove = $(element, 'tr[data-subject="user:reader2"] button.remove');
      expect(remove.getAttribute('aria-label')).to.equal('Remove the access of 李娜 (reader2)');
      remove.click();
      await element.updateComplete;
      expect(rowsOf(element, 'direct').map((r) => r[0])).to.deep.equal(['陈静 (finance1)'], 'gone at once');
      expect((await removed).subject).to.equal('user:reader2');
      expect((await grantsOf(path)).direct.map((g) => g.subject)).to.deep.equal(['user:finance1']);
      expect((await check('reader2', path)).allowed).to.equal(false);
      await until(() => textOf(element).includes('Removed the access of 李娜 (reader2)'), 'the confirmation');
      expect(focusedIn(element)?.classList.contains('remove')).to.equal(true, 'focus stays in the table');
    });

    it('restricts a folder and opens it again', async () => {
      const path = freshFolder('pe');
      const element = await mount('admin1', path);
      expect(rowsOf(element, 'inherited').map((r) => r[0])).to.deep.equal(['Everyone in the company']);
      const box = $(element, '#restricted') as HTMLInputElement;
      expect(box.checked).to.equal(false);
      let changed = new Promise<{ path: string; restricted: boolean }>((resolve) =>
        element.addEventListener('dg-restriction-changed', (event) => resolve({ path: event.path, restricted: event.restricted }), { once: true }),
      );
      box.click();
      await element.updateComplete;
      expect(box.checked).to.equal(true);
      expect(textOf(element)).to.contain('Saving…');
      expect(await changed).to.deep.equal({ path, restricted: true });
      expect((await grantsOf(path)).restricted).to.equal(true);
      await until(() => rowsOf(element, 'inherited').length === 0, 'inheritance cut');
      expect(textOf(element)).to.contain(`Inheritance stops at the restricted folder ${path}`);
      expect((await check('reader1', path)).allowed).to.equal(false);

      changed = new Promise((resolve) => element.addEventListener('dg-restriction-changed', (event) => resolve({ path: event.path, restricted: event.restricted }), { once: true }));
      box.click();
      expect(await changed).to.deep.equal({ path, restricted: false });
      await until(() => rowsOf(element, 'inherited').length === 1, 'inheritance back');
      expect((await check('reader1', path)).allowed).to.equal(true);
    });

    it('rolls back a restriction the server refuses (it would lock the manager out), and says why', async () => {
      const path = `/handbook${freshFolder('pe')}`;
      const element = await mount('manager1', path);
      let fired = false;
      element.addEventListener('dg-restriction-changed', () => (fired = true));
      const box = $(element, '#restricted') as HTMLInputElement;
      box.click();
      await element.updateComplete;
      expect(box.checked).to.equal(true, 'at once');
      const alert = await until(() => element.shadowRoot!.querySelector<HTMLElement>('[role=alert]'), 'the refusal');
      expect(alert.textContent).to.contain('This would take away your own manage access, so it was not done.');
      expect(alert.textContent).to.contain('would_lock_out');
      expect(box.checked).to.equal(false, 'rolled back');
      expect(fired).to.equal(false);
      expect((await grantsOf(path)).restricted).to.equal(false);
      await expect(element).to.be.accessible();
    });

    it('rolls back a grant the server refuses (the manager lost manage meanwhile), and says why', async () => {
      const path = await restrictedFolder();
      const own = await api<Grant>('admin1', 'POST', 'v1/sites/docs/grants', { path, subject: 'user:manager1', level: 'manage' });
      const element = await mount('manager1', path);
      await api('admin1', 'DELETE', `v1/sites/docs/grants/${own.id}`);
      let fired = false;
      element.addEventListener('dg-grant-added', () => (fired = true));
      await click(element, '#tab-everyone');
      $(element, '#grant-button').click();
      await element.updateComplete;
      expect($$(element, 'tr.pending')).to.have.length(1);
      const alert = await until(() => element.shadowRoot!.querySelector<HTMLElement>('[role=alert]'), 'the refusal');
      expect(alert.textContent).to.contain('You do not manage this path.');
      expect(alert.textContent).to.contain('manage_required');
      expect($$(element, 'tr.pending')).to.have.length(0);
      expect(rowsOf(element, 'direct').map((r) => r[0])).to.deep.equal(['王经理 (manager1)'], 'as before');
      expect(fired).to.equal(false);
      expect((await grantsOf(path)).direct).to.deep.equal([]);
    });
  });

  describe('who has access and why', () => {
    it('counts who has access, lists them with where their access comes from, and searches them', async () => {
      const path = await restrictedFolder();
      await api('admin1', 'POST', 'v1/sites/docs/grants', { path, subject: `dept:${world.departments.finance}`, level: 'read' });
      await api('admin1', 'POST', 'v1/sites/docs/grants', { path, subject: 'user:manager1', level: 'manage' });
      const expected = await api<AccessResponse>('admin1', 'GET', `v1/sites/docs/access?path=${encodeURIComponent(path)}`);
      expect(expected.total).to.equal(4);
      const element = await mount('admin1', path);
      await until(() => element.shadowRoot!.querySelector('table.people'), 'who has access');
      expect($(element, '.summary').textContent!.replace(/\s+/g, ' ').trim()).to.equal('4 people: 2 can read, 2 can manage');
      expect($$(element, 'table.people tbody tr').map((r) => r.dataset.id)).to.deep.equal(expected.users.map((u) => u.id));
      const emily = $(element, 'table.people tr[data-id="emily.chen"]').textContent!.replace(/\s+/g, ' ');
      expect(emily).to.contain('Can read');
      expect(emily).to.contain(`财务管理部 (this department only), granted on ${path}`);
      expect($(element, 'table.people tr[data-id=admin1]').textContent).to.contain('Company admin');

      await typeInto(element, '#access-search', 'emily');
      await until(() => $$(element, 'table.people tbody tr').length === 1, 'the search');
      expect($$(element, 'table.people tbody tr')[0]!.dataset.id).to.equal('emily.chen');
      expect(textOf(element)).to.contain('1 match');
      expect($(element, '.summary').textContent).to.contain('4 people', 'the total stays the audience');
      setInput(element, '#access-search', 'nobody-like-this');
      await until(() => textOf(element).includes('Nobody with access matches “nobody-like-this”.'), 'no match');
    });

    it('pages through a large audience', async () => {
      const element = await mount('bigadmin', '/', { clientSite: 'bigdocs' });
      await until(() => element.shadowRoot!.querySelector('table.people'), 'who has access');
      expect($(element, '.summary').textContent!.replace(/\s+/g, ' ').trim()).to.equal('20,001 people: 20,000 can read, 1 can manage');
      expect($$(element, 'table.people tbody tr')).to.have.length(50);
      button(element, 'Load more').click();
      await until(() => $$(element, 'table.people tbody tr').length === 100, 'the next page');
    });

    it('explains why someone can or cannot read', async () => {
      const element = await mount('admin1', '/finance/budget');
      // From the list: finance1 reads through their department.
      const why = await until(() => element.shadowRoot!.querySelector<HTMLElement>('table.people tr[data-id=finance1] button.why'), 'finance1 in the list');
      expect(why.getAttribute('aria-label')).to.equal('Why can 陈静 access this?');
      why.click();
      let explanation = await until(() => element.shadowRoot!.querySelector<HTMLElement>('.explanation'), 'the explanation');
      expect(explanation.dataset.code).to.equal('grant');
      expect(explanation.textContent!.replace(/\s+/g, ' ')).to.contain('陈静 (finance1) can read through the grant to 财务管理部 (this department only) on /finance/.');
      // Anyone, found in the directory: reader1 lost access at the restricted folder.
      await typeInto(element, '#explain-search', 'reader1');
      const pick = await until(() => element.shadowRoot!.querySelector<HTMLElement>('ul.picks button[data-id=reader1]'), 'reader1 to pick');
      pick.click();
      await until(() => element.shadowRoot!.querySelector<HTMLElement>('.explanation[data-code=restricted]'), 'the explanation');
      explanation = $(element, '.explanation');
      expect(explanation.textContent!.replace(/\s+/g, ' ')).to.contain('张伟 (reader1): No access');
      expect(explanation.textContent!.replace(/\s+/g, ' ')).to.contain('/finance/ is restricted: only grants on it or below count, and none of them reaches 张伟 (reader1).');
      await expect(element).to.be.accessible();
    });
  });

  describe('qualities', () => {
    it('speaks Chinese', async () => {
      const element = await withTree(await mount('admin1', '/finance/', { lang: 'zh-CN' }));
      const text = textOf(element);
      for (const words of ['访问权限', '已授予的权限', '直接授予', '从上级文件夹继承', '受限文件夹', '添加权限', '部门', '成员', '标签', '所有人', '可阅读', '永不过期', '包含下级部门', '谁可以访问', '财务管理部（仅本部门）']) {
        expect(text).to.contain(words);
      }
      expect(text).to.not.match(/Granted here|Inherited|Who has access|Can read|undefined/);
      await until(() => element.shadowRoot!.querySelector('.summary'), 'who has access');
      expect($(element, '.summary').textContent).to.match(/共 \d+ 人：\d+ 人可阅读，\d+ 人可管理/);
    });

    it('says a refusal in Chinese', async () => {
      const element = await mount('manager1', `/handbook${freshFolder('pe')}`, { lang: 'zh-CN' });
      $(element, '#restricted').click();
      const alert = await until(() => element.shadowRoot!.querySelector<HTMLElement>('[role=alert]'), 'the refusal');
      expect(alert.textContent).to.contain('修改未生效：此操作会让你失去自己的管理权限，已取消。');
    });

    it('tells a reader in Chinese', async () => {
      const element = await mount('reader1', '/finance/', { lang: 'zh-CN' });
      expect(textOf(element)).to.contain('你没有 /finance/ 的管理权限');
      expect(textOf(element)).to.contain('你目前也不能阅读它');
    });

    it('is accessible in its main states (axe)', async () => {
      const element = await withTree(await mount('admin1', '/handbook/'));
      await until(() => element.shadowRoot!.querySelector('table.people'), 'who has access');
      await expect(element).to.be.accessible();
      await click(element, '#tab-members');
      await until(() => element.shadowRoot!.querySelector('[role=option]'), 'the members');
      await expect(element).to.be.accessible();
      await click(element, '#tab-tags');
      await until(() => element.shadowRoot!.querySelector('input[name=tag]'), 'the tags');
      await expect(element).to.be.accessible();
    });

    it('is keyboard operable with a visible focus ring', async () => {
      const element = await withTree(await mount('admin1', '/handbook/'));
      $(element, '#department-filter').focus();
      await sendKeys({ press: 'ArrowDown' });
      const item = await until(() => (focusedIn(element)?.getAttribute('role') === 'treeitem' ? focusedIn(element) : null), 'focus in the tree');
      expect(getComputedStyle(item).outlineStyle).to.equal('solid');
      expect(item.getAttribute('tabindex')).to.equal('0');
      expect($$(element, '[role=treeitem][tabindex="0"]')).to.have.length(1, 'one tab stop in the tree');
    });

    it('follows a dark colour scheme', async () => {
      await emulateMedia({ colorScheme: 'dark' });
      try {
        const element = await withTree(await mount('admin1', '/handbook/'));
        expect(getComputedStyle(element).backgroundColor).to.equal('rgb(13, 17, 23)');
        expect(getComputedStyle(element).color).to.equal('rgb(230, 237, 243)');
        const item = $(element, '[role=treeitem]');
        item.click();
        await element.updateComplete;
        expect(getComputedStyle(item).backgroundColor).to.equal('rgb(68, 147, 248)');
        await expect(element).to.be.accessible();
      } finally {
        await emulateMedia({ colorScheme: 'light' });
      }
    });

    it('takes its colours from --dg-* properties', async () => {
      const client = await clientFor('admin1');
      const element = await fixture<DgPermissionEditor>(
        html`<dg-permission-editor lang="en" style="--dg-color-background: rgb(1, 2, 3); --dg-color-accent: rgb(200, 0, 0)" .client=${client} path="/handbook/"></dg-permission-editor>`,
      );
      await until(() => element.shadowRoot!.querySelector('#grant-button'), 'the form');
      expect(getComputedStyle(element).backgroundColor).to.equal('rgb(1, 2, 3)');
      expect(getComputedStyle($(element, '#tab-departments')).borderBottomColor).to.equal('rgb(200, 0, 0)');
    });
  });

  describe('a large organisation (5 052 departments, 20 000 members)', () => {
    const big = () => mount('bigadmin', '/', { clientSite: 'bigdocs' });

    it('renders only a window of the tree, and the keyboard reaches its last department', async () => {
      const element = await withTree(await big());
      // The root and its 51 departments: already more than the window holds.
      expect($$(element, '[role=treeitem]').length).to.be.below(30);
      $(element, '#department-filter').focus();
      await sendKeys({ press: 'ArrowDown' });
      await until(() => focusedIn(element)?.getAttribute('role') === 'treeitem', 'focus in the tree');
      expect(nameOf(focusedIn(element))).to.equal('大公司');
      for (const [key, name] of [
        ['End', '事业部50'],
        ['ArrowRight', '事业部50'],
        ['ArrowRight', '组50-1'],
        ['End', '组50-10'],
        ['ArrowRight', '组50-10'],
        ['ArrowRight', '小队50-10-1'],
        ['End', '小队50-10-9'],
      ] as const) {
        await sendKeys({ press: key });
        await until(() => nameOf(focusedIn(element)) === name, `${key} to reach ${name}`);
      }
      const last = focusedIn(element)!;
      expect([last.getAttribute('aria-level'), last.getAttribute('aria-posinset'), last.getAttribute('aria-setsize')]).to.deep.equal(['4', '9', '9']);
      await sendKeys({ press: 'ArrowLeft' });
      await until(() => nameOf(focusedIn(element)) === '组50-10', 'Left to the parent');
      await sendKeys({ press: 'Home' });
      await until(() => nameOf(focusedIn(element)) === '大公司', 'Home');
      expect($$(element, '[role=treeitem]').length).to.be.below(30);
    });

    it('filters 5 052 departments to matches and their ancestors, still virtualised', async () => {
      const element = await withTree(await big());
      await typeInto(element, '#department-filter', '小队');
      await until(() => textOf(element).includes('4,500 departments match'), 'the filter');
      expect($$(element, '[role=treeitem]').length).to.be.below(30, 'a window of 5 051 lines');
      $(element, '#department-filter').focus();
      await sendKeys({ press: 'ArrowDown' });
      await until(() => nameOf(focusedIn(element)) === '小队1-1-1', 'the first match');
      await sendKeys({ press: 'End' });
      await until(() => nameOf(focusedIn(element)) === '小队50-10-9', 'the last match');

      await typeInto(element, '#department-filter', '小队50-10-9');
      await until(() => textOf(element).includes('1 department matches'), 'one match');
      expect($$(element, '[role=treeitem]').map(nameOf)).to.deep.equal(['大公司', '事业部50', '组50-10', '小队50-10-9']);
      await sendKeys({ press: 'ArrowDown' });
      await until(() => nameOf(focusedIn(element)) === '小队50-10-9', 'focus on the match');
      await sendKeys({ press: ' ' });
      await until(() => textOf(element).includes('Grant to: 小队50-10-9 and sub-departments'), 'the choice');
    });

    it('finds one member among 20 000, and pages through them all', async () => {
      const element = await big();
      await click(element, '#tab-members');
      await until(() => $$(element, '[role=option]').length > 0, 'the first page');
      expect(textOf(element)).to.contain('50 members shown, more to load');
      const listed = $$(element, '[role=option]').length;
      expect(listed).to.be.below(20, 'a window of the list');
      button(element, 'Load more').click();
      await until(() => textOf(element).includes('100 members shown'), 'the next page');

      await typeInto(element, '#member-search', 'm19999');
      const option = await until(() => element.shadowRoot!.querySelector<HTMLElement>('[role=option][data-id=m19999]'), 'm19999');
      expect($$(element, '[role=option]')).to.have.length(1);
      expect(option.textContent).to.contain('成员19999');
      option.click();
      await until(() => textOf(element).includes('Grant to: 成员19999 (m19999)'), 'the choice');
    });

    it('shows only the answer to the latest search, even when an older one arrives later', async () => {
      // The server's real answers; the one to "m1" is held back 800 ms, as on a slow network.
      let lateAnswered = false;
      const late = (client: Docgate): Docgate => ({
        ...client,
        request: (<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options?: Parameters<Docgate['request']>[2]) => {
          const answer = client.request<T>(method, path, options);
          if (options?.searchParams?.q !== 'm1') return answer;
          return answer.then((value) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 800))).finally(() => (lateAnswered = true));
        }) as Docgate['request'],
      });
      const element = await mount('bigadmin', '/', { clientSite: 'bigdocs', wrap: late });
      await click(element, '#tab-members');
      await until(() => $$(element, '[role=option]').length > 0, 'the first page');
      setInput(element, '#member-search', 'm1');
      await new Promise((resolve) => setTimeout(resolve, 250));
      setInput(element, '#member-search', 'm19998');
      await until(() => element.shadowRoot!.querySelector('[role=option][data-id=m19998]'), 'the answer to the latest search');
      await until(() => lateAnswered, 'the late answer');
      await element.updateComplete;
      expect($$(element, '[role=option]').map((o) => o.dataset.id)).to.deep.equal(['m19998']);
      expect(textOf(element)).to.contain('1 member');
    });
  });
});
