import { expect } from '@open-wc/testing';
import type { CheckResponse, SessionUser } from '@docgate/protocol';
import { HIDE_RULE } from './index.js';
import { server, setUpSecretFolder, site, storageKey, storeSession, until } from './testing/helpers.js';

/** Loads the built script-tag file the way a documentation site does. */
function loadScript(attributes: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = `/dist/docgate.js?${Math.random()}`;
    script.async = true;
    for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('docgate.js did not load: run npm run build first'));
    document.head.append(script);
  });
}

describe('the script tag (dist/docgate.js)', () => {
  before(setUpSecretFolder);
  beforeEach(() => {
    localStorage.clear();
    delete window.docgate;
    document.body.innerHTML = '<main data-dg-protect><p>Handbook</p></main>';
  });
  afterEach(() => {
    window.docgate?.guard?.stop();
    window.docgate?.tracker?.stop();
    delete window.docgate;
  });

  it('sets itself up from its attributes, guards the page, and replays calls queued before it loaded', async () => {
    const style = document.createElement('style');
    style.textContent = HIDE_RULE;
    document.head.append(style);
    await storeSession('zhangwei');
    // The stub sites put before the script tag.
    window.docgate = Object.assign(
      function (...args: unknown[]) {
        (window.docgate!.q ??= []).push(args);
      },
      { q: [] as ArrayLike<unknown>[] },
    );
    const ready: Array<[SessionUser | null, CheckResponse | null]> = [];
    window.docgate('ready', (user: SessionUser | null, decision: CheckResponse | null) => ready.push([user, decision]));
    window.docgate('frobnicate');
    expect(getComputedStyle(document.querySelector('main')!).visibility).to.equal('hidden', 'hidden before the script even arrives');

    await loadScript({ 'data-server': server, 'data-site': site, 'data-lang': 'en' });
    await until(() => ready.length === 1, 5000, 'the queued ready callback');
    const [[user, decision]] = ready as [[SessionUser, CheckResponse]];
    expect(user.id).to.equal('zhangwei');
    expect(decision.allowed).to.be.true;
    expect(document.querySelector('main')!.getAttribute('data-dg-state')).to.equal('allowed');
    expect(window.docgate.api?.site).to.equal(site);

    // After loading, commands run at once.
    const checked = await new Promise<CheckResponse | null>((resolve) => window.docgate!('check', '/secret/plans.html', (_: unknown, d: CheckResponse | null) => resolve(d)));
    expect(checked?.allowed).to.be.false;
  });

  it('signs in with WeCom unless data-sign-in says otherwise', async () => {
    await storeSession('zhangwei');
    for (const [attribute, name, switchable] of [
      [null, 'wecom', true],
      ['wecom-qr', 'wecom', true],
      ['dev', 'dev', true],
    ] as const) {
      delete window.docgate;
      await loadScript({ 'data-server': server, 'data-site': site, 'data-guard': 'off', ...(attribute ? { 'data-sign-in': attribute } : {}) });
      expect([window.docgate!.api!.strategy.name, window.docgate!.api!.strategy.switchable]).to.deep.equal([name, switchable], String(attribute));
    }
  });

  it('refuses to start without data-site, and says so', async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    try {
      await loadScript({ 'data-server': server });
    } finally {
      console.error = original;
    }
    expect(String(errors[0])).to.contain('data-site');
    expect(window.docgate?.api).to.equal(undefined);
  });

  it('with data-guard="off", leaves the page alone but still answers commands', async () => {
    await storeSession('chenjing');
    await loadScript({ 'data-server': server, 'data-site': site, 'data-guard': 'off' });
    expect(document.querySelector('main')!.hasAttribute('data-dg-state')).to.be.false;
    const user = await new Promise<SessionUser | null>((resolve) => window.docgate!('signIn', (_: unknown, u: SessionUser | null) => resolve(u)));
    expect(user?.id).to.equal('chenjing');
  });

  describe('data-watermark', () => {
    const home = location.pathname + location.search;
    afterEach(() => {
      window.docgate?.watermark?.remove();
      history.replaceState(null, '', home);
    });
    const watermarkScripts = () => [...document.querySelectorAll<HTMLScriptElement>('script[src*="docgate-watermark.js"]')];
    beforeEach(() => watermarkScripts().forEach((s) => s.remove()));

    it('fetches docgate-watermark.js beside docgate.js and marks the page with the signed-in reader', async () => {
      await storeSession('zhangwei');
      await loadScript({ 'data-server': server, 'data-site': site, 'data-watermark': '' });
      await until(() => !!window.docgate?.watermark?.text, 5000, 'the watermark');
      expect(watermarkScripts().map((s) => new URL(s.src).pathname)).to.deep.equal(['/dist/docgate-watermark.js']);
      expect(window.docgate!.watermark!.text).to.match(/^张伟 zhangwei \d{4}-\d{2}-\d{2}$/);
      expect(document.querySelector('main > dg-watermark')?.nodeName).to.equal('DG-WATERMARK', 'over the content');
    });

    it('is not fetched without the attribute, nor for a reader the page refuses', async () => {
      await storeSession('zhangwei');
      await loadScript({ 'data-server': server, 'data-site': site });
      await window.docgate!.guard!.ready;
      delete window.docgate;
      await setUpSecretFolder();
      history.replaceState(null, '', '/secret/plans.html');
      await loadScript({ 'data-server': server, 'data-site': site, 'data-watermark': 'on' });
      expect((await window.docgate!.guard!.ready)?.allowed).to.be.false;
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(watermarkScripts().length).to.equal(0);
      expect(window.docgate!.watermark).to.equal(undefined);
    });
  });

  describe('reading statistics', () => {
    const home = location.pathname + location.search;
    afterEach(() => history.replaceState(null, '', home));

    it('tracks a signed-in reader on an allowed page, as window.docgate.tracker, with data-idle and data-content', async () => {
      document.body.innerHTML = `<main data-dg-protect style="display:block;height:${innerHeight * 5}px"><p>Handbook</p></main><div id="doc">Short.</div>`;
      await storeSession('zhangwei');
      history.replaceState(null, '', '/open/tracked.html?from=menu#top');
      await loadScript({ 'data-server': server, 'data-site': site, 'data-idle': '1', 'data-content': '#doc' });
      await until(() => !!window.docgate?.tracker, 5000, 'the tracker');
      const tracker = window.docgate!.tracker!;
      const first = tracker.snapshot()!;
      expect(first).to.include({ path: '/open/tracked.html', seq: 0 });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const later = tracker.snapshot()!;
      expect(later.visibleMs).to.be.within(1_400, 3_000);
      expect(later.activeMs).to.be.within(900, 1_100, 'no input: the one-second idle window of data-idle');
      expect(later.maxDepth).to.equal(1, 'the short #doc of data-content, not the long main');
    });

    it('data-track="off": no tracker', async () => {
      await storeSession('zhangwei');
      await loadScript({ 'data-server': server, 'data-site': site, 'data-track': 'off' });
      await window.docgate!.guard!.ready;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(window.docgate!.tracker).to.equal(null);
    });

    it('not on a page the reader may not read, and from the first allowed page they move to', async () => {
      await setUpSecretFolder();
      await storeSession('zhangwei');
      history.replaceState(null, '', '/secret/plans.html');
      await loadScript({ 'data-server': server, 'data-site': site });
      const decision = await window.docgate!.guard!.ready;
      expect(decision?.allowed).to.be.false;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(window.docgate!.tracker).to.equal(null, 'a refused reader\'s attempt is not a read');
      history.pushState(null, '', '/open/welcome.html');
      await until(() => !!window.docgate?.tracker, 5000, 'the tracker on the allowed page');
      expect(window.docgate!.tracker!.snapshot()).to.include({ path: '/open/welcome.html' });
    });

    it('with data-guard="off", waits for someone to sign in', async () => {
      await loadScript({ 'data-server': server, 'data-site': site, 'data-guard': 'off', 'data-sign-in': 'dev' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(window.docgate!.tracker).to.equal(null, 'nobody is signed in, and tracking does not ask anyone to');
      expect(document.querySelector('dialog')).to.equal(null);
      await storeSession('chenjing');
      window.dispatchEvent(new StorageEvent('storage', { key: storageKey(), newValue: localStorage.getItem(storageKey()) }));
      await until(() => !!window.docgate?.tracker, 5000, 'the tracker once signed in');
    });
  });
});
