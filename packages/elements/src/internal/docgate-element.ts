import type { Docgate } from '@docgate/sdk';
import { html, LitElement, nothing, type PropertyValues, type ReactiveController, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { ClientController } from './client.js';
import { langOf, type Lang } from './lang.js';
import { commonMessages, describeError } from './messages.js';
import { failure, loading } from './states.js';
import { Words } from './words.js';

/** For when the words themselves could not be loaded. */
const offline = {
  'zh-CN': { failed: '无法连接 docgate 服务器，请检查网络后重试。', retry: '重试' },
  en: { failed: 'Cannot reach the docgate server. Check the network and try again.', retry: 'Retry' },
};

/** Connected elements, re-rendered when a `lang` attribute changes anywhere on the page. */
const connected = new Set<DocgateElement>();
let languageWatch: MutationObserver | undefined;
function watchLanguage(): void {
  languageWatch ??= new MutationObserver(() => connected.forEach((element) => element.requestUpdate()));
  languageWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
}

/**
 * What every dg- element shares: the docgate client (given, or the page's),
 * the site, the language, and the states before there is anything to show (connecting, no
 * docgate on the page, nobody signed in).
 */
export abstract class DocgateElement extends LitElement {
  /** A client made with the SDK's createDocgate(); default: the client of the page's docgate.js. */
  @property({ attribute: false }) client: Docgate | null = null;
  /** The site's id; default: the client's site. */
  @property({ reflect: true }) site: string | null = null;

  protected readonly connection = new ClientController(this);
  /** the element's words (its Words controllers), waited for before each update */
  readonly #words: Array<Words<unknown>> = [];
  /** the words every element uses (internal/messages.ts) */
  readonly #common = new Words(this, commonMessages);

  /** The language of the words: the element's `lang`, else the page's. */
  get language(): Lang {
    return langOf(this);
  }

  /** the site the element works on */
  protected get siteId(): string {
    return this.connection.site;
  }

  /** the client, once connected and someone is signed in */
  protected get api(): Docgate | null {
    const client = this.connection.client;
    return client && client.user() ? client : null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (connected.size === 0) watchLanguage();
    connected.add(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    connected.delete(this);
    if (connected.size === 0) languageWatch?.disconnect();
  }

  override addController(controller: ReactiveController): void {
    super.addController(controller);
    if (controller instanceof Words) this.#words.push(controller);
  }

  /**
   * An update waits for the words of the element's language: the first render has them, and
   * after a language switch the element keeps the old words until the new ones are here (no
   * blank, no half-translated screen). `updateComplete` includes the wait.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const waiting = this.#words.map((words) => words.ready()).filter((ready) => ready !== undefined);
    // Once they are here the language may have changed again: look again.
    if (waiting.length) return Promise.all(waiting).then(() => this.scheduleUpdate());
    return super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('client') && changed.get('client') !== undefined) {
      void this.connection.resolve();
    }
  }

  /**
   * The element's content once a member is signed in, or the state that stands in for it:
   * connecting, missing docgate, or a sign-in button.
   */
  protected gate(content: () => TemplateResult | typeof nothing): TemplateResult | typeof nothing {
    const lang = this.language;
    const m = this.#common.value!;
    switch (this.connection.state) {
      case 'connecting':
        return loading(lang);
      case 'missing':
        return html`<div class="state error" role="alert" part="state">${m.noClient}</div>`;
    }
    const client = this.connection.client!;
    if (!client.user()) {
      return html`<div class="state" part="state">
        <p>${m.signInNeeded}</p>
        <button type="button" class="primary" @click=${() => void this.#signIn(client)}>${m.signIn}</button>
        ${this.#signInError ? html`<p class="error-text" role="alert">${this.#signInError}</p>` : nothing}
      </div>`;
    }
    return content();
  }

  #signInError = '';
  async #signIn(client: Docgate): Promise<void> {
    this.#signInError = '';
    try {
      await client.signIn({ interactive: true });
    } catch (error) {
      this.#signInError = (error as Error)?.message || describeError(this.language, error).text;
    }
    this.requestUpdate();
  }

  /** Some of the element's words could not be loaded (offline): render wordsFailure() instead. */
  protected get wordsMissing(): boolean {
    return this.#words.some((words) => !words.value);
  }

  /**
   * What stands in for the content when the words could not be loaded: a retry, said in words
   * that need no loading.
   */
  protected wordsFailure(): TemplateResult {
    const m = offline[this.language];
    return html`<div class="state error" role="alert" part="state">
      <p>${m.failed}</p>
      <button type="button" @click=${() => this.#words.forEach((words) => words.retry())}>${m.retry}</button>
    </div>`;
  }

  /** An error state with a retry. */
  protected failure(error: unknown, retry?: () => void, extra?: Record<string, string>): TemplateResult {
    return failure(this.language, error, retry, extra);
  }
}
