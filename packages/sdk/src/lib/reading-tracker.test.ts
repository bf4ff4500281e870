import { expect } from '@open-wc/testing';
import type { ReadingEvent } from '@docgate/protocol';
import { until } from '../testing/helpers.js';
import { HEARTBEAT_MS, readingTracker, TICK_MS, type ReadingOptions } from './reading-tracker.js';

/**
 * The state machine of reading-time.md, driven by a clock of the test's own: time passes only
 * when the test says, in ticks of TICK_MS as the page's timer would; visibility and focus are
 * what the test says; lifecycle and activity events are real DOM events.
 */
function harness(options: ReadingOptions = {}, start: { visible?: boolean } = {}) {
  const page = { t: 1_000, wall: Date.UTC(2026, 10, 22, 9), visible: start.visible ?? true, focused: true };
  let tick: (() => void) | undefined;
  const reports: ReadingEvent[] = [];
  const tracker = readingTracker((event) => reports.push(event), options, {
    now: () => page.t,
    wall: () => page.wall,
    visible: () => page.visible,
    focused: () => page.focused,
    every(fn, ms) {
      expect(ms).to.equal(TICK_MS);
      tick = fn;
      return () => (tick = undefined);
    },
  });
  const h = {
    page,
    reports,
    tracker,
    /** lets `ms` pass, one tick at a time; `input`: an activity every that many ms */
    wait(ms: number, input?: { every: number; type?: string }) {
      for (let passed = 0; passed < ms; ) {
        const step = Math.min(TICK_MS, ms - passed);
        page.t += step;
        passed += step;
        if (input && passed % input.every === 0) h.act(input.type);
        if (step === TICK_MS) tick?.();
      }
    },
    act(type = 'pointermove') {
      window.dispatchEvent(new Event(type));
    },
    setVisible(visible: boolean) {
      page.visible = visible;
      document.dispatchEvent(new Event('visibilitychange'));
    },
    setFocused(focused: boolean) {
      page.focused = focused;
      window.dispatchEvent(new Event(focused ? 'focus' : 'blur'));
    },
    totals: () => {
      const s = tracker.snapshot();
      return s && { activeMs: s.activeMs, visibleMs: s.visibleMs };
    },
    stopped: () => tick === undefined,
  };
  return h;
}

const frames = (n = 2) => new Promise<void>((resolve) => {
  const step = () => (n-- > 0 ? requestAnimationFrame(step) : resolve());
  step();
});

describe('readingTracker: time (reading-time.md)', () => {
  let h: ReturnType<typeof harness>;
  afterEach(() => h?.tracker.stop());

  it('scrolling every 2 s for 60 s is 60 s active and visible', () => {
    h = harness();
    h.wait(60_000, { every: 2_000, type: 'scroll' });
    expect(h.totals()).to.deep.equal({ activeMs: 60_000, visibleMs: 60_000 });
  });

  it('with no input, counts the idle window and no further (30 s by default, or the option)', () => {
    h = harness();
    h.wait(120_000);
    expect(h.totals()).to.deep.equal({ activeMs: 30_000, visibleMs: 120_000 });
    h.tracker.stop();
    h = harness({ idleMs: 10_000 });
    h.wait(120_000);
    expect(h.totals()).to.deep.equal({ activeMs: 10_000, visibleMs: 120_000 });
  });

  it('active 20 s, idle 2 min, active 10 s is 20 s + the window + 10 s', () => {
    h = harness();
    h.wait(20_000, { every: 2_000 });
    h.wait(120_000);
    h.act('keydown');
    h.wait(10_000, { every: 2_000, type: 'keydown' });
    expect(h.totals()).to.deep.equal({ activeMs: 60_000, visibleMs: 150_000 });
  });

  it('any of the activities ends an idle stretch, an element scrolling or taking the focus too', () => {
    h = harness();
    const types = ['scroll', 'wheel', 'keydown', 'pointerdown', 'pointermove', 'touchstart', 'touchmove', 'resize', 'focus', 'selectionchange'];
    for (const type of types) {
      h.wait(40_000);
      const before = h.totals()!.activeMs;
      h.act(type);
      h.wait(10_000);
      expect(h.totals()!.activeMs - before, type).to.equal(10_000);
    }
    h.wait(40_000);
    const before = h.totals()!.activeMs;
    const scroller = document.createElement('div');
    document.body.append(scroller);
    scroller.dispatchEvent(new Event('scroll')); // does not bubble: caught while capturing
    h.wait(5_000);
    scroller.remove();
    expect(h.totals()!.activeMs - before).to.equal(5_000);
  });

  it('time hidden adds nothing, to active or visible time', () => {
    h = harness();
    h.wait(10_000, { every: 1_000 });
    h.setVisible(false);
    h.wait(30_000, { every: 1_000 });
    h.setVisible(true);
    h.wait(10_000, { every: 1_000 });
    expect(h.totals()).to.deep.equal({ activeMs: 20_000, visibleMs: 20_000 });
  });

  it('a visible window without the focus (another window in front, on desktop) adds nothing', () => {
    h = harness();
    h.wait(10_000, { every: 1_000 });
    h.setFocused(false);
    h.wait(30_000, { every: 1_000, type: 'wheel' });
    h.setFocused(true);
    h.wait(10_000, { every: 1_000 });
    expect(h.totals()).to.deep.equal({ activeMs: 20_000, visibleMs: 20_000 });
  });

  it('a frozen page or a sleeping device (a gap of more than two ticks) is credited one tick at most', () => {
    h = harness();
    h.wait(10_000, { every: 1_000 });
    h.page.t += 20_000; // no tick ran for 20 s
    h.wait(1_000);
    expect(h.totals()).to.deep.equal({ activeMs: 11_000, visibleMs: 11_000 });
    // The same when the first thing after the gap is an input rather than a tick.
    h.act();
    h.page.t += 60_000;
    h.act();
    expect(h.totals()).to.deep.equal({ activeMs: 12_000, visibleMs: 12_000 });
    // After a gap, a tick credits one tick too, if the reader was active when the page froze…
    h.page.t += 60_000;
    h.wait(1_000);
    expect(h.totals()).to.deep.equal({ activeMs: 13_000, visibleMs: 13_000 });
    // …and only visible time if the reader had been away for the idle window already.
    h.wait(40_000);
    h.page.t += 60_000;
    h.wait(1_000);
    expect(h.totals()).to.deep.equal({ activeMs: 13_000, visibleMs: 54_000 });
  });

  it('moving the wall clock changes nothing but nothing (startedAt is the only wall time)', () => {
    h = harness();
    const startedAt = h.tracker.snapshot()!.startedAt;
    expect(startedAt).to.equal(h.page.wall);
    h.wait(10_000, { every: 1_000 });
    h.page.wall += 3_600_000;
    h.wait(10_000, { every: 1_000 });
    h.page.wall -= 7_200_000;
    h.wait(10_000, { every: 1_000 });
    expect(h.totals()).to.deep.equal({ activeMs: 30_000, visibleMs: 30_000 });
    expect(h.tracker.snapshot()!.startedAt).to.equal(startedAt);
  });

  it('hidden and shown 10 times within a second: no inflation, and one report', () => {
    h = harness();
    h.wait(5_000);
    h.tracker.flush();
    h.wait(2_000);
    const reportsBefore = h.reports.length;
    for (let i = 0; i < 10; i++) {
      h.setVisible(false);
      h.page.t += 45;
      h.setVisible(true);
      h.page.t += 45;
    }
    h.setVisible(false);
    expect(h.reports.length - reportsBefore).to.equal(1, 'the first hide reports; the burst waits');
    expect(h.totals()).to.deep.equal({ activeMs: 7_450, visibleMs: 7_450 }, 'only the visible halves count');
    // The page goes away: the last report is sent at once, with everything.
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    expect(h.reports.length - reportsBefore).to.equal(2);
    expect(h.reports.at(-1)).to.include({ activeMs: 7_450, visibleMs: 7_450 });
  });
});

describe('readingTracker: segments', () => {
  const home = location.pathname + location.search;
  let h: ReturnType<typeof harness>;
  afterEach(() => {
    h?.tracker.stop();
    history.replaceState(null, '', home);
  });

  it('a page opened in the background starts nothing until it is shown, and nothing at all if never', () => {
    h = harness({}, { visible: false });
    h.wait(30_000, { every: 1_000 });
    expect(h.tracker.snapshot()).to.equal(null);
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    h.tracker.stop();
    expect(h.reports).to.deep.equal([]);

    h = harness({}, { visible: false });
    h.wait(30_000);
    h.setVisible(true);
    h.wait(5_000);
    expect(h.totals()).to.deep.equal({ activeMs: 5_000, visibleMs: 5_000 }, 'the segment starts when shown');
  });

  it('a prerendered page starts when it is activated (prerenderingchange)', () => {
    h = harness({}, { visible: false });
    h.wait(3_000);
    expect(h.tracker.snapshot()).to.equal(null);
    h.page.visible = true;
    document.dispatchEvent(new Event('prerenderingchange'));
    h.wait(2_000);
    expect(h.totals()).to.deep.equal({ activeMs: 2_000, visibleMs: 2_000 });
  });

  it('each pushState to another document is a new segment; time does not leak between them', () => {
    h = harness();
    const first = h.tracker.snapshot()!;
    expect(first.segment).to.match(/^[A-Za-z0-9_-]{22}$/);
    expect(first.path).to.equal(location.pathname);
    h.wait(4_000);
    const segments = [first.segment];
    for (const [i, path] of ['/docs/a.html', '/docs/b/', '/docs/c'].entries()) {
      history.pushState(null, '', path);
      const current = h.tracker.snapshot()!;
      expect(current.path).to.equal(path);
      expect(current.activeMs).to.equal(0);
      segments.push(current.segment);
      h.wait((i + 1) * 1_000);
    }
    history.pushState(null, '', '/docs/d');
    expect(new Set(segments).size).to.equal(4);
    // Each ending segment reported its own time, once, when it ended.
    expect(h.reports.map((r) => [r.segment, r.path, r.activeMs, r.seq])).to.deep.equal([
      [segments[0], first.path, 4_000, 1],
      [segments[1], '/docs/a.html', 1_000, 1],
      [segments[2], '/docs/b/', 2_000, 1],
      [segments[3], '/docs/c', 3_000, 1],
    ]);
  });

  it('replaceState to the same document, or a change of query or hash, is not a new segment', () => {
    history.replaceState(null, '', '/docs/same.html');
    h = harness();
    const { segment } = h.tracker.snapshot()!;
    history.replaceState(null, '', '/docs/same.html');
    history.pushState(null, '', '/docs/same.html?tab=2');
    history.pushState(null, '', '/docs/same.html?tab=2#part-3');
    location.hash = 'part-4';
    history.replaceState(null, '', '/docs/same.html#x');
    history.replaceState(null, '', '/docs//same.html'); // the same document, normalized
    h.wait(3_000);
    expect(h.tracker.snapshot()!.segment).to.equal(segment);
    expect(h.reports).to.deep.equal([]);
    history.replaceState(null, '', '/docs/other.html');
    expect(h.tracker.snapshot()!.segment).not.to.equal(segment);
    expect(h.reports.map((r) => r.segment)).to.deep.equal([segment]);
  });

  it('the back button (popstate) to another document is a new segment', async () => {
    history.replaceState(null, '', '/docs/one.html');
    h = harness();
    history.pushState(null, '', '/docs/two.html');
    const two = h.tracker.snapshot()!.segment;
    h.wait(2_000);
    const popped = new Promise((resolve) => addEventListener('popstate', resolve, { once: true }));
    history.back();
    await popped;
    const back = h.tracker.snapshot()!;
    expect(back.path).to.equal('/docs/one.html');
    expect(back.segment).not.to.equal(two);
    expect(h.reports.at(-1)).to.include({ segment: two, activeMs: 2_000 });
  });

  it('a restore from the back/forward cache starts a new segment and leaves the old one as reported', () => {
    h = harness();
    h.wait(6_000, { every: 1_000 });
    const old = h.tracker.snapshot()!.segment;
    h.setVisible(false);
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    const reported = h.reports.filter((r) => r.segment === old);
    expect(reported.at(-1)).to.include({ activeMs: 6_000 });
    expect(h.tracker.snapshot()).to.equal(null);
    // In the cache: frozen, no timers. Then restored.
    h.page.t += 300_000;
    h.page.visible = true;
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    document.dispatchEvent(new Event('visibilitychange'));
    const restored = h.tracker.snapshot()!;
    expect(restored.segment).not.to.equal(old);
    expect(restored.activeMs).to.equal(0);
    h.wait(3_000);
    h.tracker.stop();
    expect(h.reports.filter((r) => r.segment === old)).to.deep.equal(reported, 'the old segment is left as it was');
    expect(h.reports.at(-1)).to.include({ segment: restored.segment, activeMs: 3_000 });
    // A pageshow that is a first load (not persisted) does not start another.
  });
});

describe('readingTracker: reports', () => {
  let h: ReturnType<typeof harness>;
  afterEach(() => h?.tracker.stop());

  it('reports running totals with a growing seq: every 15 s while active, on hidden, at the end', () => {
    h = harness();
    h.wait(HEARTBEAT_MS - 1_000, { every: 1_000 });
    expect(h.reports).to.deep.equal([]);
    h.wait(1_000, { every: 1_000 });
    expect(h.reports.map((r) => [r.seq, r.activeMs])).to.deep.equal([[1, 15_000]]);
    h.wait(HEARTBEAT_MS, { every: 1_000 });
    h.wait(5_000, { every: 1_000 });
    h.setVisible(false);
    h.setVisible(true);
    h.wait(2_000, { every: 1_000 });
    h.tracker.stop();
    expect(h.reports.map((r) => [r.seq, r.activeMs])).to.deep.equal([
      [1, 15_000],
      [2, 30_000],
      [3, 35_000],
      [4, 37_000],
    ]);
    expect(new Set(h.reports.map((r) => r.segment)).size).to.equal(1);
    expect(h.stopped()).to.be.true;
  });

  it('sends no heartbeat while the reader is idle, and nothing at all that did not change', () => {
    h = harness();
    h.wait(HEARTBEAT_MS * 10);
    // One heartbeat while within the first idle window (15 s active), one at 30 s (the window's end), then none.
    expect(h.reports.map((r) => r.activeMs)).to.deep.equal([15_000, 30_000]);
    h.tracker.flush();
    const count = h.reports.length;
    h.tracker.flush();
    h.setVisible(false);
    h.setVisible(true);
    h.setVisible(false);
    expect(h.reports.length).to.equal(count, 'nothing changed since the last report');
  });

  it('snapshot() is the totals up to now with the seq of the last report; flush() reports them', () => {
    h = harness();
    h.wait(3_000, { every: 1_000 });
    expect(h.tracker.snapshot()).to.include({ seq: 0, activeMs: 3_000, completed: false });
    h.tracker.flush();
    expect(h.reports.at(-1)).to.include({ seq: 1, activeMs: 3_000 });
    expect(h.tracker.snapshot()).to.include({ seq: 1 });
  });
});

describe('readingTracker: depth and completion', () => {
  let h: ReturnType<typeof harness>;
  let content: HTMLElement;
  beforeEach(() => {
    content = document.createElement('article');
    content.style.cssText = 'display:block;margin:0';
    document.body.append(content);
  });
  afterEach(() => {
    h?.tracker.stop();
    content.remove();
    scrollTo(0, 0);
  });

  /** scrolls so that the viewport's bottom is at `fraction` of the content */
  async function scrollToFraction(fraction: number) {
    const top = content.getBoundingClientRect().top + scrollY;
    scrollTo(0, top + fraction * content.offsetHeight - innerHeight);
    await until(() => Math.abs(content.getBoundingClientRect().top + fraction * content.offsetHeight - innerHeight) < 1, 2000, 'the scroll');
    window.dispatchEvent(new Event('scroll'));
    await frames();
  }

  it('is the largest fraction of the content seen, and is recomputed when the content grows', async () => {
    content.style.height = `${innerHeight * 4}px`;
    h = harness({ content: 'article' });
    await frames();
    expect(h.tracker.snapshot()!.maxDepth).to.be.closeTo(Math.max(0, innerHeight - content.getBoundingClientRect().top) / content.offsetHeight, 0.002);
    await scrollToFraction(0.5);
    expect(h.tracker.snapshot()!.maxDepth).to.be.closeTo(0.5, 0.002);
    await scrollToFraction(0.3);
    expect(h.tracker.snapshot()!.maxDepth).to.be.closeTo(0.5, 0.002, 'scrolling back up does not lower it');
    // Content appended later (a lazy section): what was seen is now a smaller part of it.
    content.style.height = `${innerHeight * 8}px`;
    await until(() => h.tracker.snapshot()!.maxDepth < 0.3, 2000, 'the depth to follow the content');
    expect(h.tracker.snapshot()!.maxDepth).to.be.closeTo(0.25, 0.002);
  });

  it('content shorter than the viewport is depth 1; the default content is main, article, [role=main], then body', async () => {
    content.style.height = '100px';
    const main = document.createElement('main');
    main.style.cssText = `display:block;height:${innerHeight * 3}px`;
    document.body.append(main);
    try {
      h = harness();
      await frames();
      expect(h.tracker.snapshot()!.maxDepth).to.be.lessThan(0.5, 'main, not the short article, is the content');
      main.remove();
      h.tracker.stop();
      h = harness();
      await frames();
      expect(h.tracker.snapshot()!.maxDepth).to.equal(1, 'the article is, and it is short');
    } finally {
      main.remove();
    }
  });

  it('jumping to the bottom within a second: depth 1, not completed', async () => {
    content.style.height = `${innerHeight * 4}px`;
    content.textContent = 'word '.repeat(100);
    h = harness({ content });
    h.wait(500);
    await scrollToFraction(1);
    h.wait(500);
    expect(h.tracker.snapshot()).to.include({ maxDepth: 1, completed: false });
  });

  it('completed: depth ≥ 0.9 and active for 30 % of the reading time of the text (300 CJK characters or 230 words a minute), 5 s at least', async () => {
    const cases: Array<[string, string, number]> = [
      // 1 500 characters of Chinese: 5 min to read, 90 s needed
      ['Chinese', `${'读书使人充实讨论使人机智笔记使人准确'.repeat(100).slice(0, 1_500)}，。`, 90_000],
      // 460 words of English: 2 min, 36 s
      ['English', "The reader's time, well-spent. ".repeat(115), 36_000],
      // both: 300 characters and 230 words, 1 + 1 min, 36 s
      ['mixed', `${'报销流程'.repeat(75)} ${'expense report policy '.repeat(76)} travel two`, 36_000],
      // a few words: the 5 s floor
      ['short', 'Read me.', 5_000],
    ];
    content.style.height = '50px';
    for (const [name, text, needed] of cases) {
      content.textContent = text;
      h = harness({ content: '#none-such, article' });
      await frames();
      h.wait(needed - 1_000, { every: 1_000 });
      expect(h.tracker.snapshot(), name).to.include({ maxDepth: 1, completed: false });
      h.wait(1_000, { every: 1_000 });
      expect(h.tracker.snapshot(), name).to.include({ completed: true });
      h.tracker.stop();
    }
  });

  it('is not completed below 0.9 of the content, however long the reading', async () => {
    content.style.height = `${innerHeight * 10}px`;
    content.textContent = 'Short.';
    h = harness({ content });
    await scrollToFraction(0.85);
    h.wait(60_000, { every: 1_000 });
    expect(h.tracker.snapshot()).to.include({ completed: false });
    await scrollToFraction(0.95);
    expect(h.tracker.snapshot()).to.include({ completed: true });
  });
});

describe('readingTracker: never in the way of the page', () => {
  it('listens passively and reads no layout outside animation frames', async () => {
    const passive: string[] = [];
    const original = EventTarget.prototype.addEventListener;
    EventTarget.prototype.addEventListener = function (type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
      if (typeof options === 'object' && options.passive) passive.push(type);
      else if (this === window || this === document) passive.push(`NOT PASSIVE ${type}`);
      return original.call(this, type, listener, options);
    };
    let h: ReturnType<typeof harness>;
    try {
      h = harness();
    } finally {
      EventTarget.prototype.addEventListener = original;
    }
    expect(passive.filter((p) => p.startsWith('NOT')).filter((p) => !/docgate:locationchange|popstate/.test(p))).to.deep.equal([]);
    expect(passive).to.include.members(['scroll', 'wheel', 'touchstart', 'touchmove', 'visibilitychange', 'pagehide']);

    const reads = { count: 0 };
    const rect = Element.prototype.getBoundingClientRect;
    Element.prototype.getBoundingClientRect = function () {
      reads.count++;
      return rect.call(this);
    };
    try {
      await frames();
      reads.count = 0;
      for (let i = 0; i < 100; i++) window.dispatchEvent(new Event('scroll'));
      expect(reads.count).to.equal(0, 'no layout read in the scroll handler');
      await frames(1);
      expect(reads.count).to.equal(1, 'one read in the next frame for the whole burst');
    } finally {
      Element.prototype.getBoundingClientRect = rect;
      h.tracker.stop();
    }
  });
});
