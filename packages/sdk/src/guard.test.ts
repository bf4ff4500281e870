import { expect } from '@open-wc/testing';
import { createDocgate, devSignIn, guardPage, HIDE_RULE, type Docgate, type Guard } from './index.js';
import { goTo, recordFetches, server, setUpSecretFolder, site, storeSession, until } from './testing/helpers.js';

describe('guardPage', () => {
  const home = location.pathname + location.search;
  let guard: Guard | undefined;
  let docgate: Docgate;
  const main = () => document.querySelector('main')!;
  const visibility = (element: Element) => getComputedStyle(element).visibility;

  before(async () => {
    await setUpSecretFolder();
    // The rule the docs tell sites to put in their <head>.
    const style = document.createElement('style');
    style.textContent = HIDE_RULE;
    document.head.append(style);
  });

  beforeEach(() => {
    localStorage.clear();
    document.body.innerHTML = '<main data-dg-protect><h1>Plans</h1><p>The 2027 budget.</p></main>';
  });

  afterEach(() => {
    guard?.stop();
    guard = undefined;
    history.replaceState(null, '', home);
  });

  const start = (userid: string) => {
    docgate = createDocgate({ server, site, lang: 'en', signIn: devSignIn({ userid }) });
    guard = guardPage(docgate);
    return guard;
  };

  it('hides protected content from the start and reveals it once the server allows the reader', async () => {
    goTo('/open/page.html');
    const g = start('zhangwei');
    expect(main().getAttribute('data-dg-state')).to.equal('pending');
    expect(visibility(main())).to.equal('hidden');
    const decision = await g.ready;
    expect(decision).to.include({ allowed: true, level: 'read', path: '/open/page.html' });
    expect(main().getAttribute('data-dg-state')).to.equal('allowed');
    expect(visibility(main())).to.equal('visible');
    expect(main().textContent).to.contain('The 2027 budget.');
  });

  it('replaces denied content with a panel that names the account and whom to ask', async () => {
    goTo('/secret/plans.html');
    const decision = await start('zhangwei').ready;
    expect(decision?.allowed).to.be.false;
    expect(main().getAttribute('data-dg-state')).to.equal('denied');
    expect(main().textContent).not.to.contain('The 2027 budget.', 'the content is gone, not just hidden');
    const panel = main().querySelector('.dg-panel')!;
    expect(panel.getAttribute('role')).to.equal('alert');
    expect(panel.textContent).to.contain("You don't have access to this page");
    expect(panel.textContent).to.contain('张伟 · zhangwei (研发中心)');
    expect(panel.textContent).to.contain('To get access, ask Emily Chen');
    expect(panel.querySelector('button')?.textContent).to.equal('Switch account');
  });

  it('speaks Chinese on a Chinese page', async () => {
    goTo('/secret/plans.html');
    document.documentElement.lang = 'zh-CN';
    try {
      docgate = createDocgate({ server, site, signIn: devSignIn({ userid: 'zhangwei' }) });
      guard = guardPage(docgate);
      await guard.ready;
      const text = main().querySelector('.dg-panel')!.textContent!;
      expect(text).to.contain('你没有权限查看此页面');
      expect(text).to.contain('当前登录的账号：张伟 · zhangwei（研发中心）');
      expect(text).to.contain('如需访问，请联系：Emily Chen');
    } finally {
      document.documentElement.lang = 'en';
    }
  });

  it('escapes names: directory text never becomes markup', async () => {
    goTo('/secret/plans.html');
    await storeSession('zhangwei', { user: { id: 'zhangwei', name: '<img src=x onerror=alert(1)>', departments: [] } });
    docgate = createDocgate({ server, site, lang: 'en' });
    guard = guardPage(docgate);
    await guard.ready;
    expect(main().querySelector('img')).to.equal(null);
    expect(main().textContent).to.contain('<img src=x onerror=alert(1)>');
  });

  it('hides navigation links to pages the reader cannot open, with one batch check', async () => {
    goTo('/open/page.html');
    document.body.insertAdjacentHTML(
      'afterbegin',
      `<nav><ul>
        <li id="open"><a href="/open/a.html">A</a></li>
        <li id="secret-doc"><a href="/secret/b.html">B</a></li>
        <li id="secret-section"><a href="/secret/">Secret</a><ul><li><a href="/secret/c.html">C</a></li></ul></li>
        <li id="mixed"><span>Mixed</span><ul><li><a href="/secret/d.html">D</a></li><li><a href="/open/e.html">E</a></li></ul></li>
        <li><a href="https://elsewhere.example/secret/">Elsewhere</a></li>
      </ul></nav>`,
    );
    const fetches = recordFetches();
    try {
      await start('zhangwei').ready;
      await until(() => document.querySelector<HTMLElement>('#secret-doc')!.hidden === true, 5000, 'the nav to be filtered');
      const hidden = (selector: string) => document.querySelector<HTMLElement>(selector)!.hidden === true;
      expect(hidden('#open')).to.be.false;
      expect(hidden('#secret-section')).to.be.true;
      expect(hidden('#mixed')).to.be.false;
      expect(hidden('a[href="/secret/d.html"]')).to.be.true;
      expect(hidden('a[href="https://elsewhere.example/secret/"]'), 'other sites are not ours to judge').to.be.false;
      expect(fetches.calls.filter((c) => c.path === '/v1/check/batch').length).to.equal(1);
    } finally {
      fetches.restore();
    }
  });

  it('follows client-side route changes: pushState to a new path decides again, a new query does not', async () => {
    goTo('/open/page.html');
    const fetches = recordFetches();
    try {
      await start('zhangwei').ready;
      expect(main().getAttribute('data-dg-state')).to.equal('allowed');
      goTo('/secret/plans.html');
      expect(main().getAttribute('data-dg-state')).to.equal('pending', 'hidden at once, before the answer');
      await until(() => main().getAttribute('data-dg-state') === 'denied', 5000, 'the denial');
      history.replaceState(null, '', '/secret/plans.html?tab=2#part');
      await new Promise((r) => setTimeout(r, 200));
      expect(fetches.calls.filter((c) => c.path === '/v1/check').length).to.equal(2);
      history.back();
      await until(() => main().getAttribute('data-dg-state') === 'allowed', 5000, 'allowed again after going back');
      expect(main().textContent).to.contain('The 2027 budget.', 'what the denial removed comes back');
    } finally {
      fetches.restore();
    }
  });

  it('applies the decision to protected content rendered later', async () => {
    goTo('/secret/plans.html');
    await start('zhangwei').ready;
    const late = document.createElement('article');
    late.setAttribute('data-dg-protect', '');
    late.textContent = 'Rendered later by a router';
    document.body.append(late);
    expect(visibility(late)).to.equal('hidden');
    await until(() => late.getAttribute('data-dg-state') === 'denied', 5000, 'the late content to be decided');
    expect(late.textContent).not.to.contain('Rendered later');
  });

  it('stays closed when the server cannot be reached, and offers to try again', async () => {
    goTo('/open/page.html');
    await storeSession('zhangwei');
    const stored = localStorage.getItem(`docgate:${site}@${server}`)!;
    // Same tokens, but the client talks to a port where nothing listens.
    const unreachable = 'http://localhost:9';
    localStorage.setItem(`docgate:${site}@${unreachable}`, stored);
    docgate = createDocgate({ server: unreachable, site, lang: 'en' });
    guard = guardPage(docgate);
    expect(await guard.ready).to.equal(null);
    expect(main().getAttribute('data-dg-state')).to.equal('failed');
    expect(main().textContent).not.to.contain('The 2027 budget.');
    expect(main().querySelector('.dg-panel')!.textContent).to.contain('Your access could not be checked');
    expect(main().querySelector('.dg-panel button')!.textContent).to.equal('Try again');
  });
});
