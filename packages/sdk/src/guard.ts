import type { CheckResponse } from '@docgate/protocol';
import type { Docgate } from './create-docgate.js';
import { docPath } from './lib/doc-path.js';
import { onLocationChange } from './lib/history.js';
import { failurePanel, noAccessPanel } from './lib/panel.js';
import { SignInError } from './lib/sign-in-error.js';
import { injectStyles } from './lib/styles.js';

export interface GuardOptions {
  /** protected content; default `[data-dg-protect]` (put it on <html> to protect the whole page) */
  protect?: string;
  /** navigation links to hide when they lead where the reader may not go */
  nav?: string;
}

export interface Guard {
  /** the current page's decision, once made (null when it could not be) */
  readonly ready: Promise<CheckResponse | null>;
  /** decide again (after a change of account, say); `interactive`: the reader asked for a sign-in */
  refresh(options?: { interactive?: boolean }): Promise<CheckResponse | null>;
  stop(): void;
}

const STATE = 'data-dg-state';
const NAV_HIDDEN = 'data-dg-nav-hidden';

/**
 * Soft protection (docs/security.md: it stops casual reading, not someone reading the page
 * source). Protected content stays hidden until the server allows the reader; otherwise it is
 * replaced by a panel saying who is signed in and whom to ask. Navigation links to pages the
 * reader cannot open are hidden after one batch check. Client-side route changes, restores from
 * the back/forward cache, new content and a change of account or token are all followed.
 */
export function guardPage(docgate: Docgate, options: GuardOptions = {}): Guard {
  const protect = options.protect ?? '[data-dg-protect]';
  const navLinks = options.nav ?? 'nav a[href], [data-dg-nav] a[href]';
  injectStyles();
  // What a denial took out of an element, to put back if a later decision allows it.
  const removed = new WeakMap<Element, Node[]>();
  let generation = 0;
  let current: Promise<CheckResponse | null> = Promise.resolve(null);
  let path = docPath();
  let lastFailure: SignInError | undefined;

  const targets = (root: ParentNode = document) => {
    const found = [...root.querySelectorAll(protect)];
    if (root instanceof Element && root.matches(protect)) found.unshift(root);
    return found;
  };
  // The whole page is protected through <html>: its content is the body's.
  const container = (element: Element) => (element === document.documentElement ? document.body : element);

  function show(element: Element, state: 'allowed' | 'denied' | 'failed', replacement?: HTMLElement) {
    const box = container(element);
    const stash = removed.get(box);
    if (stash) {
      box.replaceChildren(...stash);
      removed.delete(box);
    }
    if (replacement) {
      removed.set(box, [...box.childNodes]);
      box.replaceChildren(replacement);
    }
    element.setAttribute(STATE, state);
  }

  function apply(elements: Element[], decision: CheckResponse | null, failure?: SignInError) {
    for (const element of elements) {
      if (failure) show(element, 'failed', failurePanel(docgate.lang, () => void refresh({ interactive: true }), failure.message));
      else if (!decision) show(element, 'failed', failurePanel(docgate.lang, () => void refresh()));
      else if (decision.allowed) show(element, 'allowed');
      else {
        const onSwitch = docgate.strategy.switchable ? switchAccount : null;
        show(element, 'denied', noAccessPanel(docgate.lang, docgate.user(), decision, onSwitch));
      }
    }
  }

  async function filterNav() {
    const links = [...document.querySelectorAll<HTMLAnchorElement>(navLinks)].filter((a) => a.origin === location.origin);
    if (!links.length) return;
    const paths = [...new Set(links.map((a) => docPath(a.href)))];
    const results = await docgate.checkMany(paths).catch(() => null);
    if (!results) return; // the page itself shows whether checks work; the menu stays as it was
    const allowed = new Map(paths.map((p, i) => [p, results[i]?.allowed ?? false]));
    const setHidden = (element: HTMLElement, hide: boolean) => {
      if (hide && !element.hidden) {
        element.hidden = true;
        element.setAttribute(NAV_HIDDEN, '');
      } else if (!hide && element.hasAttribute(NAV_HIDDEN)) {
        element.hidden = false;
        element.removeAttribute(NAV_HIDDEN);
      }
    };
    const items = new Set<HTMLElement>();
    for (const link of links) {
      setHidden(link, !allowed.get(docPath(link.href)));
      for (let item = link.closest('li'); item; item = item.parentElement?.closest('li') ?? null) items.add(item);
    }
    // A menu item goes when every link in it went (a section whose pages are all out of reach).
    for (const item of items) {
      const anchors = [...item.querySelectorAll('a')];
      setHidden(item, anchors.length > 0 && anchors.every((a) => a.hidden));
    }
  }

  function refresh(signInOptions?: { interactive?: boolean }): Promise<CheckResponse | null> {
    const mine = ++generation;
    for (const element of targets()) if (element.getAttribute(STATE) !== 'allowed' || docPath() !== path) element.setAttribute(STATE, 'pending');
    path = docPath();
    current = (async () => {
      let decision: CheckResponse | null = null;
      let failure: SignInError | undefined;
      try {
        await docgate.signIn(signInOptions);
        decision = await docgate.check(location.href, document.title);
      } catch (error) {
        if (error instanceof SignInError) failure = error;
        decision = null;
      }
      // A later route change or account change took over: its answer is the one to show.
      if (mine === generation) {
        lastFailure = failure;
        apply(targets(), decision, failure);
        void filterNav();
      }
      return decision;
    })();
    return current;
  }

  const stopHistory = onLocationChange(() => {
    if (docPath() !== path) void refresh();
  });
  const onPageShow = (event: PageTransitionEvent) => {
    // Restored from the back/forward cache: access may have changed since.
    if (event.persisted) void refresh();
  };
  addEventListener('pageshow', onPageShow);
  // "Switch account": signing out announces the change at once (synchronously), and the new
  // sign-in that follows is the reader's own doing: no prompt before WeCom's page.
  let switching = false;
  function switchAccount() {
    switching = true;
    try {
      void docgate.signOut();
    } finally {
      switching = false;
    }
  }
  const offUser = docgate.on('user', () => void refresh(switching ? { interactive: true } : undefined));
  const offToken = docgate.on('token', () => {
    if (docgate.user()) void refresh();
  });
  // Content added later (a client-side router rendering the new page) gets the current decision.
  let navTimer: ReturnType<typeof setTimeout> | undefined;
  const observer = new MutationObserver((records) => {
    let links = false;
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        const fresh = targets(node).filter((t) => !t.hasAttribute(STATE));
        if (fresh.length) {
          const mine = generation;
          void current.then((decision) => mine === generation && apply(fresh, decision, lastFailure));
        }
        if (node.matches(navLinks) || node.querySelector(navLinks)) links = true;
      }
    }
    if (links) {
      clearTimeout(navTimer);
      navTimer = setTimeout(() => void filterNav(), 50);
    }
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });

  const ready = refresh();
  return {
    ready,
    refresh,
    stop() {
      stopHistory();
      removeEventListener('pageshow', onPageShow);
      offUser();
      offToken();
      observer.disconnect();
    },
  };
}
