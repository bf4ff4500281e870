import { createDocgate, type Docgate } from '@docgate/sdk';
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
  server: string | null;
  site: string | null;
}

export type ClientState = 'connecting' | 'ready' | 'missing';

const ownClients = new Map<string, Docgate>();

/**
 * Finds the docgate client of an element, in this order: the `client` property (an app that
 * created one with createDocgate); the `server` attribute (the element makes its own, signed in
 * as the page's other clients of that server and site are, since they share storage); the
 * script tag's `window.docgate.api`, waiting for it when the tag is still loading. Re-renders the
 * host when the signed-in member changes.
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

  /** Looks for the client again (the `client` property or the `server` attribute changed). */
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
  if (host.client) return host.client;
  if (host.server) {
    const site = host.site ?? '';
    const key = `${host.server}\u0000${site}`;
    let client = ownClients.get(key);
    if (!client) ownClients.set(key, (client = createDocgate({ server: host.server, site })));
    return client;
  }
  return pageClient();
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
