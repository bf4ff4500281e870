import { expect } from '@open-wc/testing';
import type { TokenResponse } from '@docgate/protocol';
import { devSignIn } from './dev-sign-in.js';
import { createHttp } from './http.js';
import type { SignInContext } from '../strategies.js';
import { server, site, until } from '../testing/helpers.js';

describe('devSignIn', () => {
  const plain = createHttp(server);
  const context = (lang: 'en' | 'zh-CN'): SignInContext => ({ server, site, lang, post: (path, body) => plain(path, { method: 'POST', json: body }) });
  afterEach(() => document.querySelectorAll('dialog.dg-signin').forEach((d) => d.remove()));

  it('asks for an account in a modal dialog, explains a refusal in the page language, and signs in', async () => {
    const pending = devSignIn({ accounts: ['zhangwei', 'chenjing'] }).signIn(context('en'));
    const dialog = document.querySelector<HTMLDialogElement>('dialog.dg-signin')!;
    expect(dialog.open).to.be.true;
    expect(document.activeElement?.getAttribute('name')).to.equal('userid');
    expect([...dialog.querySelectorAll('button[type=button]')].map((b) => b.textContent)).to.deep.equal(['zhangwei', 'chenjing']);
    dialog.dispatchEvent(new Event('cancel', { cancelable: true }));
    expect(dialog.open).to.be.true;

    dialog.querySelector('input')!.value = 'nobody';
    dialog.querySelector('form')!.requestSubmit();
    await until(() => !!dialog.querySelector('.dg-signin__error')!.textContent, 5000, 'the refusal');
    expect(dialog.querySelector('.dg-signin__error')!.textContent).to.equal('Sign-in failed: there is no such account in the directory.');

    dialog.querySelector<HTMLButtonElement>('button[type=button]')!.click();
    const tokens: TokenResponse = await pending;
    expect(tokens.user.id).to.equal('zhangwei');
    expect(document.querySelector('dialog.dg-signin')).to.equal(null);
  });

  it('speaks Chinese in a Chinese page', async () => {
    const pending = devSignIn().signIn(context('zh-CN'));
    const dialog = document.querySelector<HTMLDialogElement>('dialog.dg-signin')!;
    expect(dialog.querySelector('h2')!.textContent).to.equal('登录');
    dialog.querySelector('input')!.value = 'nobody';
    dialog.querySelector('form')!.requestSubmit();
    await until(() => !!dialog.querySelector('.dg-signin__error')!.textContent, 5000, 'the refusal');
    expect(dialog.querySelector('.dg-signin__error')!.textContent).to.equal('登录失败：通讯录中没有这个账号。');
    dialog.querySelector('input')!.value = 'chenjing';
    dialog.querySelector('form')!.requestSubmit();
    expect((await pending).user.name).to.equal('陈静');
  });

  it('signs in without asking when given the account', async () => {
    const tokens = await devSignIn({ userid: 'emily.chen' }).signIn(context('en'));
    expect(tokens.user.id).to.equal('emily.chen');
    expect(document.querySelector('dialog.dg-signin')).to.equal(null);
  });
});
