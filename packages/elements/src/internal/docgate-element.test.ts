// What every dg- element inherits (DocgateElement), seen through <dg-directory-sync>: where the
// client comes from, the states before anyone is signed in, and the language.
import { expect, fixture, html } from '@open-wc/testing';
import { createDocgate, devSignIn } from '@docgate/sdk';
import '../dg-directory-sync.js';
import { clientFor, server, site, textOf, until } from '../testing/helpers.js';

describe('DocgateElement (through <dg-directory-sync>)', () => {
  afterEach(() => {
    delete window.docgate;
  });

  it('says so when the page has no docgate at all', async () => {
    const element = await fixture(html`<dg-directory-sync lang="en"></dg-directory-sync>`);
    await until(() => textOf(element).includes('not connected to docgate'), 'the missing state');
    expect(element.shadowRoot!.querySelector('[role=alert]')).to.not.equal(null);
  });

  it("uses the script tag's client, waiting for it when the tag has not loaded yet", async () => {
    // The snippet's stub, as pages have it before docgate.js arrives.
    const stub = ((...args: unknown[]) => void (stub.q ??= []).push(args)) as NonNullable<Window['docgate']>;
    window.docgate = stub;
    const element = await fixture(html`<dg-directory-sync lang="en"></dg-directory-sync>`);
    expect(textOf(element)).to.contain('Loading');
    // docgate.js loads: it runs the queue with its client as `api`.
    const client = await clientFor('admin1');
    const queued = stub.q!;
    const command = ((name: string, callback: (user: unknown) => void) => name === 'ready' && callback(client.user())) as unknown as NonNullable<Window['docgate']>;
    command.api = client;
    window.docgate = command;
    for (const args of queued) (command as (...a: unknown[]) => void)(...(args as unknown[]));
    await until(() => textOf(element).includes('Last sync'), 'the panel');
  });

  it('offers to sign in when nobody is, and shows the panel once someone has', async () => {
    const client = createDocgate({ server, site, signIn: devSignIn({ userid: 'admin1' }), storage: null, lang: 'en' });
    const element = await fixture(html`<dg-directory-sync lang="en" .client=${client}></dg-directory-sync>`);
    await until(() => textOf(element).includes('Please sign in first'), 'the sign-in state');
    const button = element.shadowRoot!.querySelector<HTMLButtonElement>('button.primary')!;
    expect(button.textContent!.trim()).to.equal('Sign in');
    button.click();
    await until(() => textOf(element).includes('Last sync'), 'the panel after signing in');
    await expect(element).to.be.accessible();
  });

  it('follows the language of the page and of its own lang attribute, live', async () => {
    const client = await clientFor('admin1');
    const wrapper = await fixture(html`<div lang="zh-CN"><dg-directory-sync .client=${client}></dg-directory-sync></div>`);
    const element = wrapper.querySelector('dg-directory-sync')!;
    await until(() => textOf(element).includes('上次同步'), 'Chinese from the ancestor');
    wrapper.setAttribute('lang', 'en');
    await until(() => textOf(element).includes('Last sync'), 'English after the page switched');
    element.setAttribute('lang', 'zh-CN');
    await until(() => textOf(element).includes('上次同步'), "Chinese from the element's own attribute");
  });
});

describe('API errors from another copy of the SDK', () => {
  it("are explained as the API's, recognised by their shape (docgate.js has its own HttpError class)", async () => {
    const { commonMessages, describeError } = await import('./messages.js');
    const { loadWords } = await import('./words.js');
    // Elements load them before they render; here there is none.
    await Promise.all([loadWords(commonMessages, 'zh-CN'), loadWords(commonMessages, 'en')]);
    // As docgate.js's copy throws it: not an instance of any class this package knows.
    const foreign = Object.assign(new Error('you need manage on /x/'), { name: 'HttpError', status: 403, code: 'manage_required' });
    expect(describeError('zh-CN', foreign)).to.deep.equal({ text: '你没有此路径的管理权限。', code: 'manage_required' });
    const unknown = Object.assign(new Error('the grant expires in the past'), { name: 'HttpError', status: 400, code: 'invalid_grant' });
    expect(describeError('en', unknown)).to.deep.equal({ text: 'the grant expires in the past', code: 'invalid_grant' });
    expect(describeError('en', { toString: () => '[object Object]' }).text).to.equal('Something went wrong. Please try again later.');
  });
});
