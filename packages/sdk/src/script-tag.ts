/**
 * The file behind `<script src="…/sdk/docgate.js" data-site="…" async>`: it sets itself up from
 * its attributes, guards the page, and replays the calls the page queued before it loaded:
 *
 *   <script>window.docgate=window.docgate||function(){(docgate.q=docgate.q||[]).push(arguments)}</script>
 *   docgate('ready', (user, decision) => …)
 *
 * Attributes: data-site (required), data-server (default: where this file comes from),
 * data-lang (zh-CN | en), data-sign-in (wecom, the default | wecom-qr | dev),
 * data-dev-accounts (a,b,c: one-click choices of the dev login), data-guard (off),
 * data-track (off), data-idle (seconds), data-content (a selector), data-watermark (on: the
 * reader's name, account and date tiled over the content; its code is a second file,
 * docgate-watermark.js, fetched only by pages that ask for it, so every other page stays light).
 */
import type { CheckResponse, SessionUser } from '@docgate/protocol';
import { createDocgate, type Docgate } from './create-docgate.js';
import { guardPage, type Guard } from './guard.js';
import { devSignIn } from './lib/dev-sign-in.js';
import { onLocationChange } from './lib/history.js';
import { wecomSignIn } from './lib/wecom-sign-in.js';
import { trackReading, type ReadingTracker } from './track-reading.js';
import type { Watermark, watermark } from './watermark.js';

type Callback = (...args: unknown[]) => void;
export interface DocgateCommand {
  (name: string, ...args: unknown[]): void;
  /** calls queued before the script loaded */
  q?: ArrayLike<unknown>[];
  /** the client itself, for scripts that prefer methods to commands */
  api?: Docgate;
  guard?: Guard | null;
  /** the reading tracker, once a signed-in reader may read the page (null until then, or with data-track="off") */
  tracker?: ReadingTracker | null;
  /** the watermark, with data-watermark, once a signed-in reader may read the page */
  watermark?: Watermark | null;
}

declare global {
  interface Window {
    docgate?: DocgateCommand;
  }
}

function safely(callback: unknown, ...args: unknown[]) {
  try {
    if (typeof callback === 'function') (callback as Callback)(...args);
  } catch (error) {
    reportError(error);
  }
}

const script = document.currentScript as HTMLScriptElement | null;
const data = script?.dataset ?? {};
const site = data.site;

if (!script || !site) {
  console.error('[docgate] load docgate.js with a <script> tag that has data-site="<your site id>"');
} else if (!window.docgate?.api) {
  const accounts = data.devAccounts?.split(',').map((a) => a.trim()).filter(Boolean);
  const docgate = createDocgate({
    server: data.server || new URL(script.src).origin,
    site,
    lang: data.lang,
    signIn: data.signIn === 'dev' ? devSignIn(accounts ? { accounts } : {}) : wecomSignIn({ mode: data.signIn === 'wecom-qr' ? 'qr' : 'auto' }),
  });
  const guard = data.guard === 'off' ? null : guardPage(docgate);

  const run = (name: string, ...args: unknown[]) => {
    switch (name) {
      case 'ready':
        void (guard ? guard.ready : docgate.signIn().then(() => null, () => null)).then((decision: CheckResponse | null) =>
          safely(args[0], docgate.user(), decision),
        );
        break;
      case 'check':
        docgate.check(String(args[0] ?? location.href)).then(
          (decision) => safely(args[1], null, decision),
          (error: unknown) => safely(args[1], error, null),
        );
        break;
      case 'signIn':
        docgate.signIn().then(
          (user: SessionUser) => safely(args[0], null, user),
          (error: unknown) => safely(args[0], error, null),
        );
        break;
      case 'signOut':
        void docgate.signOut().then(() => safely(args[0]));
        break;
      case 'on':
        docgate.on(args[0] as 'user' | 'token', (user) => safely(args[1], user));
        break;
      case 'watermark': // sent by docgate-watermark.js once it has loaded
        command.watermark ??= (args[0] as typeof watermark)(docgate, { target: data.content || undefined });
        break;
      default:
        console.warn(`[docgate] unknown command "${name}"`);
    }
  };
  const queued = window.docgate?.q ?? [];
  const command: DocgateCommand = (name, ...args) => run(name, ...args);
  command.api = docgate;
  command.guard = guard;
  command.tracker = null;
  window.docgate = command;

  // Reading is measured, and the watermark shown, once someone is signed in and, when the page
  // is guarded, may read it: a refused reader's attempts are not reads. The decision is the
  // guard's own (cached).
  const whenReadable = (start: () => void) => {
    const attempt = async () => {
      if (docgate.user() && (!guard || (await docgate.check().catch(() => null))?.allowed)) start();
    };
    void (guard ? guard.ready.then(attempt) : attempt());
    docgate.on('user', attempt);
    onLocationChange(attempt);
  };
  if (data.track !== 'off') {
    whenReadable(() => (command.tracker ??= trackReading(docgate, { idleMs: Number(data.idle) * 1000 || undefined, content: data.content })));
  }
  if (data.watermark != null && data.watermark !== 'off') {
    let requested = false;
    whenReadable(() => {
      if (requested) return;
      requested = true;
      document.head.append(Object.assign(document.createElement('script'), { src: new URL('docgate-watermark.js', script.src).href }));
    });
  }
  for (const args of Array.from(queued)) run(...(Array.from(args) as [string, ...unknown[]]));
}
