import type { Docgate } from '@docgate/sdk';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * What the script tag leaves on the page: `window.docgate` is first the queueing stub of the
 * snippet (`docgate.q`), then the command function with the client as `api`.
 */
interface DocgateGlobal {
  (...args: unknown[]): void;
  api?: Docgate;
  q?: unknown[];
}

declare global {
  interface Window {
    docgate?: DocgateGlobal;
  }
}

/** An element that talks to docgate: the client it was given, or the page's. */
export interface ClientHost extends ReactiveControllerHost, HTMLElement {
  client: Docgate | null;
  site: string | null;
}

export type ClientState = 'connecting' | 'ready' | 'missing';

/**
 * Finds the docgate client of an element: the `client` property (an app that created one with
 * the SDK's createDocgate), else the script tag's `window.docgate.api`, waited for while the tag
 * is still loading. Re-renders the host when the signed-in member changes.
 *
 * The elements never make a client themselves: signing in is the SDK's work, and carrying its
 * sign-in flows here would double what the admin's page loads (docgate.js has them already).
 */
export class ClientController implements ReactiveController {
  state: ClientState = 'connecting';
  client: Docgate | null = null;
  #unsubscribe: (() => void) | undefined;
  #generation = 0;

  constructor(private readonly host: ClientHost) {
    host.addController(this);
  }

  /** the site the element works on: its `site` attribute, or the client's */
  get site(): string {
    return this.host.site || this.client?.site || '';
  }

  hostConnected(): void {
    void this.resolve();
  }

  hostDisconnected(): void {
    this.#generation++;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  /** Looks for the client again (the `client` property changed). */
  async resolve(): Promise<void> {
    const generation = ++this.#generation;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    const client = await findClient(this.host);
    if (generation !== this.#generation) return;
    this.client = client;
    this.state = client ? 'ready' : 'missing';
    if (client) this.#unsubscribe = client.on('user', () => this.host.requestUpdate());
    this.host.requestUpdate();
  }
}

async function findClient(host: ClientHost): Promise<Docgate | null> {
  return host.client ?? pageClient();
}

/** The script tag's client, once it has loaded; null when the page has no docgate script at all. */
export async function pageClient(): Promise<Docgate | null> {
  if (window.docgate?.api) return window.docgate.api;
  if (document.readyState === 'loading') await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
  if (window.docgate?.api) return window.docgate.api;
  const tag = document.querySelector<HTMLScriptElement>('script[data-site][src*="docgate.js"]');
  if (typeof window.docgate !== 'function' && !tag) return null;
  if (typeof window.docgate !== 'function') {
    // The snippet's stub: the script tag runs the queue when it loads (packages/sdk/src/script-tag.ts).
    const stub = ((...args: unknown[]) => void (stub.q ??= []).push(args)) as DocgateGlobal;
    window.docgate = stub;
  }
  return new Promise((resolve) => window.docgate!('ready', () => resolve(window.docgate?.api ?? null)));
}
