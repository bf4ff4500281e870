import type { ReadingEvent } from '@docgate/protocol';
import { docPath } from './doc-path.js';
import { expectedReadingMs } from './expected-reading.js';
import { onLocationChange } from './history.js';
import { pageTime } from './page-time.js';
import { segmentId } from './segment-id.js';

/**
 * The reading-time state machine of /shared/docs/reading-time.md, word for word; it only
 * measures and hands each report to `report`. trackReading (../track-reading.ts) connects it to
 * the docgate client and the delivery. Time and the page's state come from `env`, so that tests
 * can drive it with a clock of their own.
 */

export interface ReadingOptions {
  /** no activity for this long (ms) and the reader counts as away; default 30 s */
  idleMs?: number;
  /** the element whose depth is measured, or a selector; default the first of main, article, [role=main], body */
  content?: Element | string;
}

/** Where time and the page's state come from (tests bring their own). */
export interface TrackerEnv {
  /** a monotonic clock in ms: performance.now(), never the wall clock */
  now(): number;
  /** epoch ms, only for `startedAt`: by the page's clock (pageTime), which the wall clock's changes do not move */
  wall(): number;
  /** the page is shown (visible, not being prerendered) */
  visible(): boolean;
  /** the page has the focus (on desktop, a visible window behind another does not) */
  focused(): boolean;
  /** calls `tick` every `ms`; answers a function that stops it */
  every(tick: () => void, ms: number): () => void;
}

export interface ReadingTracker {
  /** the current segment's totals up to now (`seq`: the last one sent), or null when no segment runs */
  snapshot(): ReadingEvent | null;
  /** reports the current segment's totals now, if they changed since the last report */
  flush(): void;
  /** ends the segment (a final report) and stops measuring */
  stop(): void;
}

export interface ReadingStateMachine extends ReadingTracker {
  /** ends the segment and starts another (the reader changed) */
  restart(): void;
}

export const TICK_MS = 1_000;
/** A report at least this often while the reader is active: a killed webview loses no more. */
export const HEARTBEAT_MS = 15_000;
/** Reports other than a segment's last come at most this often (tabs toggled in a burst). */
export const COALESCE_MS = 1_000;

/** reading-time.md's activities; `focus` and `scroll` are captured from any element. */
const ACTIVITY = ['scroll', 'wheel', 'keydown', 'pointerdown', 'pointermove', 'touchstart', 'touchmove', 'resize', 'focus', 'selectionchange'];

export const browserEnv: TrackerEnv = {
  now: () => performance.now(),
  // read at each call, so that a fake clock installed later (a test's) is the one used
  wall: () => pageTime(),
  // A prerendered page is not seen yet (https://wicg.github.io/nav-speculation/prerendering.html).
  visible: () => document.visibilityState === 'visible' && !(document as { prerendering?: boolean }).prerendering,
  focused: () => document.hasFocus(),
  every(tick, ms) {
    const timer = setInterval(tick, ms);
    return () => clearInterval(timer);
  },
};

export function readingTracker(report: (event: ReadingEvent) => void, options: ReadingOptions = {}, envOverrides: Partial<TrackerEnv> = {}): ReadingStateMachine {
  const env: TrackerEnv = { ...browserEnv, ...envOverrides };
  const idleMs = options.idleMs ?? 30_000;
  /** a segment starts the next time the page is shown */
  let pending = true;
  let path = docPath();
  let last = env.now();
  let lastInput = last;
  let counting = false;
  let content: Element = document.body;
  let frame = 0;
  let recount = true;
  // The segment (one at a time; plain variables keep the script-tag file small). `id` is null
  // when none runs. `seenPx`: how far below the content's top the viewport's bottom has been.
  let id: string | null = null;
  let seq = 0;
  let segmentPath = '';
  let title = '';
  let startedAt = 0;
  let activeMs = 0;
  let visibleMs = 0;
  let seenPx = 0;
  let depth = 0;
  let expectedMs = 0;
  // What the last report said, when it went, and its activeMs.
  let sent = '';
  let sentAt = 0;
  let sentActiveMs = 0;

  /**
   * Credits the time since the last call to the state that held during it, then samples the
   * state anew. Every change of state (visibility, focus) calls it first, so a stretch is
   * credited with the state it had. A gap longer than two ticks means timers did not run (a
   * frozen page, a sleeping device): one tick at most is credited for it.
   */
  function advance(): number {
    const t = env.now();
    const elapsed = t - last > 2 * TICK_MS ? TICK_MS : t - last;
    if (id && counting) {
      visibleMs += elapsed;
      // Active up to the idle window after the last activity, and no further.
      activeMs += Math.min(elapsed, Math.max(0, lastInput + idleMs - last));
    }
    last = t;
    counting = env.visible() && env.focused();
    return t;
  }

  const findContent = (): Element =>
    (typeof options.content === 'object'
      ? options.content
      : options.content
        ? document.querySelector(options.content)
        : document.querySelector('main') ?? document.querySelector('article') ?? document.querySelector('[role=main]')) ?? document.body;

  // Content that grows (rendered late, lazy sections) changes both the depth and the expected
  // reading time: recount its words once per change, not per tick.
  const resizes = new ResizeObserver(() => {
    recount = true;
    measure();
  });
  function observe(element: Element) {
    resizes.disconnect();
    resizes.observe((content = element));
  }

  /** Depth, read once per frame at most: layout is read only inside requestAnimationFrame. */
  function measure() {
    frame ||= requestAnimationFrame(() => {
      frame = 0;
      if (!id) return;
      // A client-side router may have replaced the content element.
      if (!content.isConnected) observe(findContent());
      if (recount) {
        recount = false;
        expectedMs = expectedReadingMs(content.textContent ?? '');
      }
      const { top, height } = content.getBoundingClientRect();
      seenPx = Math.max(seenPx, innerHeight - top);
      depth = height <= innerHeight ? 1 : Math.min(1, seenPx / height);
    });
  }

  function totals(): ReadingEvent {
    const active = Math.round(activeMs);
    // Floored, so that the depth sent is ≥ 0.9 exactly when the one judged is.
    const maxDepth = Math.floor(depth * 1000) / 1000;
    return {
      segment: id!,
      seq,
      path: segmentPath,
      title: title.slice(0, 500),
      startedAt,
      activeMs: active,
      visibleMs: Math.round(visibleMs),
      maxDepth,
      completed: maxDepth >= 0.9 && active >= Math.max(5_000, 0.3 * expectedMs),
    };
  }

  /**
   * Reports the running totals when they changed since the last report. A report that does not
   * end the segment waits COALESCE_MS after the previous one: a burst of hidden/visible toggles
   * makes one request, not one each.
   */
  function send(final: boolean) {
    if (!id) return;
    const t = advance();
    const event = totals();
    // The same as the last report (whose seq this still carries)?
    if (JSON.stringify(event) === sent || (!final && seq && t - sentAt < COALESCE_MS)) return;
    event.seq = ++seq;
    sent = JSON.stringify(event);
    sentAt = t;
    sentActiveMs = event.activeMs;
    report(event);
  }

  function start() {
    pending = false;
    // Showing the page is where reading starts: the idle window runs from here.
    sentAt = lastInput = advance();
    id = segmentId();
    seq = activeMs = visibleMs = seenPx = depth = expectedMs = sentActiveMs = 0;
    sent = '';
    segmentPath = path;
    title = document.title;
    startedAt = Math.round(env.wall());
    recount = true;
    observe(findContent());
    measure();
  }

  function end() {
    send(true);
    id = null;
    pending = false;
  }

  function restart() {
    end();
    pending = true;
    if (env.visible()) start();
  }

  function onActivity(event: Event) {
    const t = env.now();
    // Scroll and pointermove come by the hundred: when the reader was not idle, moving the mark
    // is all it takes (the active stretch simply goes on). The end of an idle stretch, or focus
    // coming back, settles the time before it first.
    lastInput = t - lastInput > idleMs || event.type === 'focus' ? advance() : t;
    if (event.type === 'scroll' || event.type === 'resize') measure();
  }

  function onVisibility() {
    advance();
    // Hidden may be the last moment this page lives (mobile browsers kill hidden pages without
    // pagehide): report. https://developer.chrome.com/docs/web-platform/page-lifecycle-api
    if (!env.visible()) send(false);
    else if (pending) start();
  }

  // pagehide ends the segment; a restore from the back/forward cache (pageshow with persisted)
  // starts a new one, and the old one stays as reported.
  const onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted) {
      pending = true;
      onVisibility();
    }
  };
  function tick() {
    const t = advance();
    if (!id) return;
    // Client-side routers set the title after the route changes: keep the latest.
    title = document.title;
    if (t - sentAt >= HEARTBEAT_MS && Math.round(activeMs) !== sentActiveMs) send(false);
  }

  const listening = new AbortController();
  const on = (target: EventTarget, type: string, listener: (event: never) => void) =>
    target.addEventListener(type, listener as EventListener, { capture: true, passive: true, signal: listening.signal });
  on(document, 'visibilitychange', onVisibility);
  // https://wicg.github.io/nav-speculation/prerendering.html#document-prerendering
  on(document, 'prerenderingchange', onVisibility);
  on(window, 'blur', advance);
  on(window, 'pagehide', end);
  on(window, 'pageshow', onPageShow);
  for (const type of ACTIVITY) on(window, type, onActivity);
  const stopTicks = env.every(tick, TICK_MS);
  // A change of the normalized path is another document; a change of query or hash is not.
  const stopHistory = onLocationChange(() => {
    const next = docPath();
    if (next !== path) {
      path = next;
      restart();
    }
  });
  if (env.visible()) start();

  return {
    snapshot: () => (id ? (advance(), totals()) : null),
    flush: () => send(true),
    restart,
    stop() {
      end();
      listening.abort();
      stopTicks();
      stopHistory();
      resizes.disconnect();
      cancelAnimationFrame(frame);
    },
  };
}
