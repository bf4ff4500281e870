import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { createDocgate, guardPage, SignInError, wecomSignIn, inWecom, type SignInStrategy } from '../index.js';
import { createHttp } from './http.js';
import type { SignInContext } from '../strategies.js';
import { server, site, until } from '../testing/helpers.js';

const plain = createHttp(server);
const context = (lang: 'en' | 'zh-CN' = 'en'): SignInContext => ({ server, site, lang, post: (path, body) => plain(path, { method: 'POST', json: body }) });
const verifierKey = `docgate:pkce:${site}`;
const attemptKey = `docgate:attempt:${site}`;

const base64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
async function pkce() {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  return { verifier, challenge };
}

/**
 * Where a browser lands after signing in as `userid` through docgate and the simulated WeCom,
 * started from this page with a verifier kept as the strategy keeps it. The hops run on the
 * test runner's side (this page cannot leave itself), over real HTTP.
 */
async function landWithCode(userid: string, returnTo = location.href): Promise<URL> {
  const { verifier, challenge } = await pkce();
  sessionStorage.setItem(verifierKey, verifier);
  const landed = await executeServerCommand<string, { userid: string; challenge: string; returnTo: string }>('wecom-sign-in', { userid, challenge, returnTo });
  return new URL(landed!);
}

describe('wecomSignIn', () => {
  const home = location.pathname + location.search;
  afterEach(() => {
    history.replaceState(null, '', home);
    sessionStorage.clear();
    localStorage.clear();
    document.querySelectorAll('dialog.dg-signin').forEach((d) => d.remove());
  });

  it("recognises WeCom's webview by wxwork/ in the user agent, not WeChat's", () => {
    expect(inWecom('Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 MicroMessenger/8.0.40 wxwork/4.1.16 MicroMessenger/7.0.1')).to.be.true;
    expect(inWecom('Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 wxwork/4.1.20 (MicroMessenger/6.2) WindowsWechat')).to.be.true;
    expect(inWecom('Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 MicroMessenger/8.0.40')).to.be.false;
    expect(inWecom(navigator.userAgent)).to.be.false;
  });

  it('finishes a sign-in that came back with a code: exchanges it with the verifier, then removes it from the address bar and the history', async () => {
    history.replaceState(null, '', '/docs/page.html?v=1');
    const landed = await landWithCode('zhangwei');
    expect(landed.hash).to.match(/^#dg_code=/);
    const length = history.length;
    history.replaceState(null, '', `${landed.pathname}${landed.search}${landed.hash}`);
    const tokens = await wecomSignIn().resume!(context());
    expect(tokens?.user.id).to.equal('zhangwei');
    expect(location.pathname + location.search + location.hash).to.equal('/docs/page.html?v=1');
    expect(history.length).to.equal(length, 'replaced, not pushed: the back button does not bring the code back');
    expect(sessionStorage.getItem(verifierKey)).to.equal(null, 'the verifier is spent');
  });

  it('keeps the rest of the fragment, and finds nothing to finish without dg_code', async () => {
    history.replaceState(null, '', '/docs/page.html#section-2');
    expect(await wecomSignIn().resume!(context())).to.equal(null);
    expect(location.hash).to.equal('#section-2');
    history.replaceState(null, '', '/docs/page.html#dg_error=user_inactive&tab=2');
    const error = await wecomSignIn().resume!(context()).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(SignInError);
    expect((error as SignInError).code).to.equal('user_inactive');
    expect((error as SignInError).message).to.equal('Your account is disabled or has left the company.');
    expect(location.hash).to.equal('#tab=2');
  });

  it("explains a refusal in the reader's language", async () => {
    history.replaceState(null, '', '/docs/page.html#dg_error=user_not_found');
    const error = (await wecomSignIn().resume!(context('zh-CN')).catch((e: unknown) => e)) as SignInError;
    expect(error.message).to.equal('你的企业微信账号不在文档的通讯录中，请联系文档管理员。');
    history.replaceState(null, '', '/docs/page.html#dg_error=something_new');
    expect(((await wecomSignIn().resume!(context()).catch((e: unknown) => e)) as SignInError).message).to.equal('The sign-in did not complete.');
  });

  it('refuses a code that reached another tab (no verifier here), and a code already spent', async () => {
    const landed = await landWithCode('zhangwei');
    sessionStorage.removeItem(verifierKey);
    history.replaceState(null, '', `${landed.pathname}${landed.hash}`);
    const noVerifier = (await wecomSignIn().resume!(context()).catch((e: unknown) => e)) as SignInError;
    expect(noVerifier.code).to.equal('sign_in_expired');
    expect(location.hash).to.equal('');

    const again = await landWithCode('zhangwei');
    const verifier = sessionStorage.getItem(verifierKey)!;
    history.replaceState(null, '', `${again.pathname}${again.hash}`);
    await wecomSignIn().resume!(context());
    sessionStorage.setItem(verifierKey, verifier);
    history.replaceState(null, '', `${again.pathname}${again.hash}`);
    const spent = (await wecomSignIn().resume!(context()).catch((e: unknown) => e)) as SignInError;
    expect(spent).to.be.instanceOf(SignInError);
    expect(spent.code).to.equal('invalid_grant');
    expect(spent.message).to.equal('The sign-in expired; sign in again.');
  });

  it('never loops: back without a code soon after leaving for WeCom, it says so instead of leaving again', async () => {
    sessionStorage.setItem(attemptKey, String(Date.now() - 5_000));
    const error = (await wecomSignIn({ mode: 'webview' }).signIn(context()).catch((e: unknown) => e)) as SignInError;
    expect(error).to.be.instanceOf(SignInError);
    expect(error.code).to.equal('sign_in_incomplete');
    expect(location.pathname + location.search).to.equal(home, 'still here');
  });

  it('outside WeCom, asks first: a modal dialog with one button to the QR code page', async () => {
    void wecomSignIn().signIn(context('zh-CN'));
    const dialog = document.querySelector<HTMLDialogElement>('dialog.dg-signin')!;
    expect(dialog.open).to.be.true;
    expect(dialog.lang).to.equal('zh-CN');
    expect(dialog.querySelector('h2')!.textContent).to.equal('请先登录');
    expect(document.activeElement?.textContent).to.equal('企业微信扫码登录');
    dialog.dispatchEvent(new Event('cancel', { cancelable: true }));
    expect(dialog.open).to.be.true;
    expect(sessionStorage.getItem(verifierKey)).to.equal(null, 'nothing starts before the reader asks');
  });

  it('is switchable outside WeCom (the QR page can sign in someone else), not inside', () => {
    expect(wecomSignIn({ mode: 'qr' }).switchable).to.be.true;
    expect(wecomSignIn({ mode: 'webview' }).switchable).to.be.false;
  });
});

describe('createDocgate with WeCom sign-in', () => {
  const home = location.pathname + location.search;
  afterEach(() => {
    history.replaceState(null, '', home);
    sessionStorage.clear();
    localStorage.clear();
  });

  it('signs in from the fragment on load, even over a stored session (the reader switched accounts)', async () => {
    const first = await landWithCode('zhangwei');
    history.replaceState(null, '', `${first.pathname}${first.hash}`);
    const docgate = createDocgate({ server, site, lang: 'en' });
    expect((await docgate.signIn()).id).to.equal('zhangwei');

    const second = await landWithCode('chenjing');
    history.replaceState(null, '', `${second.pathname}${second.hash}`);
    const again = createDocgate({ server, site, lang: 'en' });
    expect(again.user()?.id).to.equal('zhangwei', 'the stored session, until the code is exchanged');
    expect((await again.signIn()).id).to.equal('chenjing');
    expect(location.hash).to.equal('');
  });

  it('the guard shows why a sign-in failed, and its button tries again on purpose', async () => {
    document.body.innerHTML = '<main data-dg-protect><p>Secret plans</p></main>';
    const calls: Array<{ interactive?: boolean }> = [];
    const failing: SignInStrategy = {
      name: 'failing',
      switchable: false,
      async signIn(_context, options = {}) {
        calls.push(options);
        throw new SignInError('user_inactive', 'Your account is disabled or has left the company.');
      },
    };
    const guard = guardPage(createDocgate({ server, site, lang: 'en', signIn: failing }));
    try {
      await guard.ready;
      const main = document.querySelector('main')!;
      expect(main.getAttribute('data-dg-state')).to.equal('failed');
      expect(main.textContent).not.to.contain('Secret plans');
      const panel = main.querySelector('.dg-panel')!;
      expect(panel.querySelector('h2')!.textContent).to.equal('You could not be signed in');
      expect(panel.querySelector('p')!.textContent).to.equal('Your account is disabled or has left the company.');
      expect(calls).to.deep.equal([{}]);
      panel.querySelector('button')!.click();
      await until(() => calls.length === 2, 5000, 'the retry');
      expect(calls[1]).to.deep.equal({ interactive: true });
    } finally {
      guard.stop();
      document.body.innerHTML = '';
    }
  });
});
