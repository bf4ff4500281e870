import { expect } from '@open-wc/testing';
import type { EventsRequest, ReadingEvent, SegmentRecord, SegmentsResponse } from '@docgate/protocol';
import { clear, createStore } from 'idb-keyval';
import { createDocgate } from './create-docgate.js';
import { eventQueue } from './lib/event-queue.js';
import { trackReading } from './index.js';
import { asAdmin, server, site, storeSession, until } from './testing/helpers.js';

/**
 * Reading events delivered for real: the SDK's tracker and delivery against the docgate server's
 * POST /v1/events, read back as the server holds them (GET …/stats/segments, as an admin).
 */

/** Lets the real sendBeacon and fetch go out, recording the events bodies (and refusing beacons when told). */
function watchNetwork(options: { refuseBeacons?: boolean } = {}) {
  const beacons: EventsRequest[] = [];
  const fetches: Array<{ body: EventsRequest; status: number }> = [];
  const pending: Promise<unknown>[] = [];
  const originalBeacon = navigator.sendBeacon.bind(navigator);
  const originalFetch = window.fetch;
  Object.defineProperty(navigator, 'sendBeacon', {
    configurable: true,
    value: (url: string, data: Blob) => {
      if (options.refuseBeacons) return false;
      pending.push(data.text().then((text) => beacons.push(JSON.parse(text) as EventsRequest)));
      return originalBeacon(url, data);
    },
  });
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await originalFetch(input, init);
    if (String(input).endsWith('/v1/events')) fetches.push({ body: JSON.parse(String(init?.body)) as EventsRequest, status: response.status });
    return response;
  };
  return {
    beacons,
    fetches,
    settled: () => Promise.all(pending),
    restore() {
      delete (navigator as { sendBeacon?: unknown }).sendBeacon;
      window.fetch = originalFetch;
    },
  };
}

async function serverSegment(path: string, segment: string): Promise<SegmentRecord | undefined> {
  const response = await asAdmin('GET', `v1/sites/${site}/stats/segments?${new URLSearchParams({ path, user: 'zhangwei' })}`);
  if (!response.ok) throw new Error(`stats/segments: ${response.status} ${await response.text()}`);
  return ((await response.json()) as SegmentsResponse).segments.find((s) => s.segment === segment);
}

/** Polls the server until it holds `event`'s seq for the segment, then answers what it holds. */
async function held(event: ReadingEvent): Promise<SegmentRecord> {
  for (let i = 0; ; i++) {
    const record = await serverSegment(event.path, event.segment);
    if (record && record.seq >= event.seq) return record;
    if (i > 100) throw new Error(`the server never held seq ${event.seq} of ${event.segment} (it has ${JSON.stringify(record)})`);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

const sameTotals = (record: SegmentRecord, event: ReadingEvent) => ({
  seq: record.seq,
  activeMs: record.activeMs,
  visibleMs: record.visibleMs,
  maxDepth: record.maxDepth,
  completed: record.completed,
  expected: { seq: event.seq, activeMs: event.activeMs, visibleMs: event.visibleMs, maxDepth: event.maxDepth, completed: event.completed },
});

function setOnline(online: boolean) {
  if (online) delete (navigator as { onLine?: boolean }).onLine;
  else Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
}

describe('trackReading against the docgate server', () => {
  const home = location.pathname + location.search;
  let network: ReturnType<typeof watchNetwork> | undefined;
  let stopTracker: (() => void) | undefined;

  beforeEach(async () => {
    localStorage.clear();
    await clear(createStore(`docgate-events:${site}@${server}`, 'events'));
    document.body.innerHTML = '<main><h1>Travel</h1><p>Book through the travel desk.</p></main>';
  });
  afterEach(() => {
    stopTracker?.();
    stopTracker = undefined;
    network?.restore();
    network = undefined;
    setOnline(true);
    history.replaceState(null, '', home);
  });

  it('the last report, sent as the page goes away, is what the server holds: the client\'s totals', async () => {
    history.replaceState(null, '', `/open/reading-${Date.now()}.html`);
    await storeSession('zhangwei');
    network = watchNetwork();
    const tracker = trackReading(createDocgate({ server, site }));
    stopTracker = () => tracker.stop();
    await new Promise((resolve) => setTimeout(resolve, 300));
    tracker.flush();
    await new Promise((resolve) => setTimeout(resolve, 200));
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    await until(() => network!.beacons.length === 2, 2000, 'two beacons');
    await network.settled();
    const last = network.beacons.at(-1)!.events[0]!;
    expect(last.seq).to.equal(2);
    expect(last.activeMs).to.be.greaterThan(400);
    expect(network.beacons.at(-1)!.token).to.be.a('string');
    const record = await held(last);
    const compared = sameTotals(record, last);
    expect(compared).to.deep.include(compared.expected);
    expect(network.fetches).to.deep.equal([], 'beacons went; no fetch was needed');
  });

  it('when sendBeacon refuses, a keepalive fetch delivers: nothing lost', async () => {
    history.replaceState(null, '', `/open/refused-${Date.now()}.html`);
    await storeSession('zhangwei');
    network = watchNetwork({ refuseBeacons: true });
    const tracker = trackReading(createDocgate({ server, site }));
    stopTracker = () => tracker.stop();
    await new Promise((resolve) => setTimeout(resolve, 300));
    tracker.stop();
    await until(() => network!.fetches.length === 1, 5000, 'the fetch');
    const [{ body, status }] = network.fetches as [{ body: EventsRequest; status: number }];
    expect(status).to.equal(202);
    const event = body.events[0]!;
    expect(sameTotals(await held(event), event)).to.deep.include({ activeMs: event.activeMs, visibleMs: event.visibleMs, seq: 1 });
    expect(await eventQueue(server, site).list('zhangwei')).to.deep.equal([]);
  });

  it('offline: kept, then replayed once when back online; the same report twice counts once', async () => {
    const path = `/open/offline-${Date.now()}.html`;
    history.replaceState(null, '', path);
    await storeSession('zhangwei');
    network = watchNetwork();
    const tracker = trackReading(createDocgate({ server, site }));
    stopTracker = () => tracker.stop();
    await new Promise((resolve) => setTimeout(resolve, 300));
    setOnline(false);
    tracker.flush();
    const queue = eventQueue(server, site);
    for (let i = 0; !(await queue.list('zhangwei')).length; i++) {
      if (i > 100) throw new Error('nothing was queued');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [queued] = await queue.list('zhangwei');
    expect(network.beacons.length + network.fetches.length).to.equal(0, 'offline: nothing tried');
    expect(await serverSegment(path, queued!.segment)).to.equal(undefined);

    setOnline(true);
    window.dispatchEvent(new Event('online'));
    await until(() => network!.fetches.length === 1, 5000, 'the replay');
    expect(network.fetches[0]).to.deep.include({ status: 202 });
    expect(network.fetches[0]!.body.events).to.deep.equal([queued]);
    expect(sameTotals(await held(queued!), queued!)).to.deep.include({ seq: queued!.seq, activeMs: queued!.activeMs });
    expect(await queue.list('zhangwei')).to.deep.equal([]);

    // The very same body again: accepted once, ignored now.
    const again = await fetch(`${server}/v1/events`, { method: 'POST', body: JSON.stringify(network.fetches[0]!.body), headers: { 'content-type': 'text/plain' } });
    expect(again.status).to.equal(202);
    expect(await again.json()).to.deep.equal({ accepted: 0, ignored: 1 });
  });

  it('a replay whose token the server refuses refreshes it once and delivers', async () => {
    const path = `/open/replayed-${Date.now()}.html`;
    const earlier: ReadingEvent = { segment: `earlier-${Date.now()}`, seq: 4, path, title: 'Replayed', startedAt: Date.now() - 120_000, activeMs: 61_000, visibleMs: 70_000, maxDepth: 0.75, completed: false };
    await eventQueue(server, site).put('zhangwei', [earlier]);
    // A token the server does not take, although the page thinks it fresh (keys rotated, say).
    await storeSession('zhangwei', { accessToken: 'not-a-token' });
    network = watchNetwork();
    const tracker = trackReading(createDocgate({ server, site }));
    stopTracker = () => tracker.stop();
    await until(() => network!.fetches.some((f) => f.status === 202), 5000, 'the replay');
    expect(network.fetches.map((f) => f.status)).to.deep.equal([401, 202]);
    expect(sameTotals(await held(earlier), earlier)).to.deep.include({ seq: 4, activeMs: 61_000, visibleMs: 70_000, maxDepth: 0.75 });
  });
});
