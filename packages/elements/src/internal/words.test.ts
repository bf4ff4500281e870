// The words of each element come in a module per language (internal/words.ts): a page loads only
// its own language's, every element of a kind shares one load, a language switch loads the other
// and re-renders, and an element shows no half-translated screen while they are on their way.
import { expect, fixture, html } from '@open-wc/testing';
import { html as template } from 'lit';
import '../dg-doc-stats.js';
import { messages as docStatsMessages } from '../doc-stats/doc-stats.messages.js';
import { clientFor, textOf, until } from '../testing/helpers.js';
import { DocgateElement } from './docgate-element.js';
import type { Lang } from './lang.js';
import { loaded, Words, type Loaders } from './words.js';

interface TestWords {
  hello: string;
}

/** A loader whose answer the test gives, counting how often it was asked. */
function controlled() {
  let settle!: { resolve: (words: TestWords) => void; reject: (error: unknown) => void };
  const loader = Object.assign(
    () => {
      loader.calls++;
      return new Promise<{ default: TestWords }>((resolve, reject) => {
        settle = { resolve: (words) => resolve({ default: words }), reject };
      });
    },
    { calls: 0 },
  );
  return { loader, resolve: (words: TestWords) => settle.resolve(words), reject: (error: unknown) => settle.reject(error) };
}

let testLoaders: Loaders<TestWords>;

class WordsTestElement extends DocgateElement {
  readonly words = new Words(this, testLoaders);
  protected override render() {
    if (this.wordsMissing) return this.wordsFailure();
    return template`<p>${this.words.value!.hello}</p>`;
  }
}
customElements.define('dg-words-test', WordsTestElement);

const said = (element: Element) => element.shadowRoot?.querySelector('p')?.textContent ?? null;

describe('Words (a module per language)', () => {
  it("loads only the page's language, once for all elements, and the other one on a switch", async () => {
    const zh = controlled();
    const en = controlled();
    testLoaders = { 'zh-CN': zh.loader, en: en.loader };
    const wrapper = await fixture(html`<div lang="zh-CN"><dg-words-test></dg-words-test><dg-words-test></dg-words-test></div>`);
    const elements = [...wrapper.querySelectorAll<WordsTestElement>('dg-words-test')];
    expect(zh.loader.calls).to.equal(1, 'one load for both elements');
    expect(en.loader.calls).to.equal(0, 'not the other language');
    expect(elements.every((element) => !element.hasUpdated)).to.equal(true, 'nothing rendered before the words are here');

    zh.resolve({ hello: '你好' });
    await Promise.all(elements.map((element) => element.updateComplete));
    expect(elements.map(said)).to.deep.equal(['你好', '你好']);

    wrapper.setAttribute('lang', 'en');
    await until(() => en.loader.calls === 1, 'the English words asked for');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(elements.map(said)).to.deep.equal(['你好', '你好'], 'the old words stay until the new ones are here');
    en.resolve({ hello: 'Hello' });
    await until(() => elements.every((element) => said(element) === 'Hello'), 'English');

    wrapper.setAttribute('lang', 'zh-CN');
    await until(() => elements.every((element) => said(element) === '你好'), 'Chinese again');
    expect(zh.loader.calls).to.equal(1, 'from the first load');
  });

  it('says so, in words that need no loading, when the words cannot be loaded, and tries again', async () => {
    const zh = controlled();
    const en = controlled();
    testLoaders = { 'zh-CN': zh.loader, en: en.loader };
    const wrapper = await fixture(html`<div lang="en"><dg-words-test></dg-words-test></div>`);
    const element = wrapper.querySelector<WordsTestElement>('dg-words-test')!;
    en.reject(new TypeError('Failed to fetch dynamically imported module'));
    await until(() => element.shadowRoot?.querySelector('[role=alert]'), 'the failure');
    expect(textOf(element)).to.contain('Cannot reach the docgate server');

    element.shadowRoot!.querySelector('button')!.click();
    await until(() => en.loader.calls === 2, 'a second try');
    en.resolve({ hello: 'Hello' });
    await until(() => said(element) === 'Hello', 'the words after the retry');
    expect(element.shadowRoot!.querySelector('[role=alert]')).to.equal(null);
  });

  it("<dg-doc-stats> renders in the page's language with only its words loaded, and switches", async () => {
    const client = await clientFor('admin1');
    const wrapper = await fixture(html`<div lang="zh-CN"><dg-doc-stats .client=${client} path="/words/doc"></dg-doc-stats></div>`);
    const element = wrapper.querySelector('dg-doc-stats')!;
    await element.updateComplete;
    const heading = () => element.shadowRoot!.querySelector('h2')!.textContent!;
    expect(heading()).to.contain('阅读统计');
    const has = (lang: Lang) => loaded(docStatsMessages, lang) !== undefined;
    expect([has('zh-CN'), has('en')]).to.deep.equal([true, false]);

    wrapper.setAttribute('lang', 'en');
    await until(() => heading().includes('Reading statistics'), 'the English heading');
    expect(has('en')).to.equal(true);
    await until(() => textOf(element).includes('Last 30 days'), 'the period picker in English too');
  });
});
