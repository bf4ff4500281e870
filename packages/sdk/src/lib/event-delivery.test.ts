import { expect } from '@open-wc/testing';
import type { EventsRequest, ReadingEvent } from '@docgate/protocol';
import { clear, createStore } from 'idb-keyval';
import { createDocgate, type Docgate } from '../create-docgate.js';
import { server, site, storeSession, until } from '../testing/helpers.js';
import { trackReading } from '../track-reading.js';
import { eventBodies } from './event-bodies.js';
import { eventDelivery, type EventDelivery } from './event-delivery.js';
import { eventQueue } from './event-queue.js';

interface Sent {
  via: 'beacon' | 'fetch';
  body: EventsRequest;
  /** the Blob's type for a beacon, the content-type header for a fetch */
  type: string;
  init?: RequestInit;
}

/**
 * Stands in for the network of POST /v1/events (every other request goes out for real): the
 * beacon answers `beacon` (or is missing), a fetch gets the status `respond` gives, or fails.
 */
function stubNetwork(options: { beacon: boolean | 'missing'; respond?: (body: EventsRequest) => number | 'network error' }) {
  const sent: Sent[] = [];
  const pending: Promise<unknown>[] = [];
  const other: string[] = [];
  const originalFetch = window.fetch;
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname !== '/v1/events') {
      other.push(url.pathname);
      return originalFetch(input, init);
    }
    const body = JSON.parse(String(init?.body)) as EventsRequest;
    sent.push({ via: 'fetch', body, type: new Headers(init?.headers).get('content-type') ?? '', init });
    const status = options.respond?.(body) ?? 202;
    if (status === 'network error') throw new TypeError('Failed to fetch');
    return new Response(JSON.stringify(status === 202 ? { accepted: body.events.length, ignored: 0 } : { error: { code: 'x', message: 'x' } }), { status });
  };
  Object.defineProperty(navigator, 'sendBeacon', {
    configurable: true,
    value:
      options.beacon === 'missing'
        ? undefined
        : (url: string, data: Blob) => {
            expect(new URL(url).pathname).to.equal('/v1/events');
            // Only a beacon the browser takes is sent.
            if (options.beacon) pending.push(data.text().then((text) => sent.push({ via: 'beacon', body: JSON.parse(text) as EventsRequest, type: data.type })));
            return options.beacon;
          },
  });
  return {
    sent,
    other,
    /** what was sent, once the beacons' bodies are read */
    async settled() {
      await Promise.all(pending);
      return sent;
    },
    restore() {
      window.fetch = originalFetch;
      delete (navigator as { sendBeacon?: unknown }).sendBeacon;
    },
  };
}

function setOnline(online: boolean) {
  if (online) delete (navigator as { onLine?: boolean }).onLine;
  else Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
}

let segments = 0;
const event = (patch: Partial<ReadingEvent> = {}): ReadingEvent => ({
  segment: `test-segment-${++segments}-${Math.random().toString(36).slice(2, 8)}`,
  seq: 1,
  path: '/handbook/expenses.html',
  title: 'Expenses',
  startedAt: Date.now() - 60_000,
  activeMs: 42_000,
  visibleMs: 50_000,
  maxDepth: 0.5,
  completed: false,
  ...patch,
});

describe('event delivery: beacon, keepalive fetch, IndexedDB queue', () => {
  let docgate: Docgate;
  let delivery: EventDelivery;
  let network: ReturnType<typeof stubNetwork> | undefined;
  const queue = eventQueue(server, site);

  beforeEach(async () => {
    localStorage.clear();
    await clear(createStore(`docgate-events:${site}@${server}`, 'events'));
    await storeSession('zhangwei');
    docgate = createDocgate({ server, site });
    delivery = eventDelivery(docgate);
  });
  afterEach(() => {
    delivery.stop();
    network?.restore();
    network = undefined;
    setOnline(true);
  });

  it('sends a beacon: text/plain, the current token in the body, sentAt by the client clock', async () => {
    network = stubNetwork({ beacon: true });
    const e = event();
    await delivery.send(e, 'zhangwei');
    const [sent, ...more] = await network.settled();
    expect(more).to.deep.equal([]);
    expect(sent!.via).to.equal('beacon');
    expect(sent!.type).to.equal('text/plain');
    expect(sent!.body).to.deep.equal({ site, sentAt: sent!.body.sentAt, token: await docgate.token(), events: [e] });
    expect(Math.abs(sent!.body.sentAt! - Date.now())).to.be.lessThan(5_000);
    expect(await queue.list('zhangwei')).to.deep.equal([]);
  });

  it('falls back to a keepalive fetch, still a simple request, when sendBeacon says no or is missing', async () => {
    for (const beacon of [false, 'missing'] as const) {
      network = stubNetwork({ beacon });
      const e = event();
      await delivery.send(e, 'zhangwei');
      const sent = await network.settled();
      expect(sent.map((s) => s.via)).to.deep.equal(['fetch'], String(beacon));
      const { init, body, type } = sent[0]!;
      expect(init).to.include({ method: 'POST', keepalive: true });
      expect(type).to.equal('text/plain');
      expect(new Headers(init?.headers).has('authorization')).to.equal(false, 'no Authorization header: no preflight');
      expect(body.token).to.equal(await docgate.token());
      expect(body.events).to.deep.equal([e]);
      expect(await queue.list('zhangwei')).to.deep.equal([]);
      network.restore();
    }
  });

  it('keeps in IndexedDB what could not go (network error, 5xx, 401, 429, offline) and replays it when back online', async () => {
    let answer: number | 'network error' = 'network error';
    network = stubNetwork({ beacon: false, respond: () => answer });
    const kept: ReadingEvent[] = [];
    for (const status of ['network error', 503, 401, 429] as const) {
      answer = status;
      const e = event();
      await delivery.send(e, 'zhangwei');
      kept.push(e);
    }
    setOnline(false);
    const offline = event();
    await delivery.send(offline, 'zhangwei');
    kept.push(offline);
    expect(network.sent.length).to.equal(4, 'offline, nothing is even tried');
    // Refused for good (a bad event): not kept, it would never go.
    answer = 400;
    setOnline(true);
    await delivery.send(event(), 'zhangwei');
    const sortBySegment = (events: ReadingEvent[]) => [...events].sort((a, b) => a.segment.localeCompare(b.segment));
    expect(sortBySegment(await queue.list('zhangwei'))).to.deep.equal(sortBySegment(kept));

    answer = 202;
    network.sent.length = 0;
    window.dispatchEvent(new Event('online'));
    await until(() => network!.sent.length > 0, 5000, 'the replay');
    await delivery.replay();
    expect(network.sent.map((s) => s.via)).to.deep.equal(['fetch'], 'a replay needs an answer: fetch, not a beacon');
    expect(sortBySegment(network.sent[0]!.body.events)).to.deep.equal(sortBySegment(kept));
    expect(network.sent[0]!.body.token).to.equal(await docgate.token());
    expect(await queue.list('zhangwei')).to.deep.equal([], 'delivered, so forgotten');
    await delivery.replay();
    expect(network.sent.length).to.equal(1, 'replayed once');
  });

  it('holds one entry per segment, its highest seq, and forgets only what was delivered', async () => {
    const first = event({ seq: 3, activeMs: 3_000 });
    await queue.put('zhangwei', [first]);
    await queue.put('zhangwei', [{ ...first, seq: 5, activeMs: 5_000 }]);
    await queue.put('zhangwei', [{ ...first, seq: 4, activeMs: 4_000 }]);
    expect(await queue.list('zhangwei')).to.deep.equal([{ ...first, seq: 5, activeMs: 5_000 }]);
    // A replay that delivered seq 4 while seq 5 was queued keeps seq 5.
    await queue.remove('zhangwei', [{ ...first, seq: 4 }]);
    expect((await queue.list('zhangwei')).map((e) => e.seq)).to.deep.equal([5]);
    await queue.remove('zhangwei', [{ ...first, seq: 5 }]);
    expect(await queue.list('zhangwei')).to.deep.equal([]);
  });

  it('replays on the next load, with a fresh token', async () => {
    // What an earlier page kept, with a token since expired.
    const earlier = [event(), event({ seq: 7 })];
    await queue.put('zhangwei', earlier);
    await storeSession('zhangwei', { accessToken: 'expired', expiresAt: Date.now() - 1_000 });
    docgate = createDocgate({ server, site });
    network = stubNetwork({ beacon: true });
    const tracker = trackReading(docgate, {});
    try {
      await until(() => network!.sent.length > 0, 5000, 'the replay on load');
      const [replayed] = network.sent;
      expect(replayed!.via).to.equal('fetch');
      expect(replayed!.body.token).to.be.a('string').and.not.equal('expired');
      expect(network.other).to.include('/v1/auth/token');
      expect(replayed!.body.events.map((e) => e.segment).sort()).to.deep.equal(earlier.map((e) => e.segment).sort());
    } finally {
      tracker.stop();
    }
    for (let i = 0; (await queue.list('zhangwei')).length; i++) {
      if (i > 50) throw new Error('the queue did not empty');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  it('on a 401 during a replay, refreshes the token once, then keeps the events for later', async () => {
    network = stubNetwork({ beacon: false, respond: () => 401 });
    const kept = [event(), event()];
    await queue.put('zhangwei', kept);
    await delivery.replay();
    expect(network.sent.length).to.equal(2, 'sent, refused, refreshed, sent again, refused');
    expect(network.other.filter((p) => p === '/v1/auth/token')).to.have.length(1);
    expect(network.sent[1]!.body.token).to.equal(await docgate.token());
    expect((await queue.list('zhangwei')).length).to.equal(2);
  });

  it('replays a reader\'s events only with that reader\'s token', async () => {
    network = stubNetwork({ beacon: true });
    await queue.put('chenjing', [event()]);
    await delivery.replay();
    expect(network.sent).to.deep.equal([]);
    expect((await queue.list('chenjing')).length).to.equal(1);
    // A report of a reader who signed out meanwhile waits for them.
    await delivery.send(event(), 'chenjing');
    expect(network.sent).to.deep.equal([]);
    expect((await queue.list('chenjing')).length).to.equal(2);
    await clear(createStore(`docgate-events:${site}@${server}`, 'events'));
  });

  it('splits what it sends into bodies under 16 KB and 200 events', async () => {
    const many = Array.from({ length: 500 }, (_, i) =>
      event({ path: `/handbook/${'长'.repeat(i % 7 === 0 ? 1_000 : 10)}/${i}.html`, title: '报销'.repeat(i % 5 === 0 ? 240 : 3) }),
    );
    const bodies = eventBodies(site, 'a-token', many);
    expect(bodies.length).to.be.greaterThan(2);
    for (const [body, events] of bodies) {
      expect(new Blob([body]).size).to.be.lessThan(16 * 1024);
      expect(events.length).to.be.at.most(200);
      expect(JSON.parse(body)).to.deep.include({ site, token: 'a-token', events });
    }
    expect(bodies.flatMap(([, events]) => events)).to.deep.equal(many);
    // Real events weigh 140 bytes at least, so 16 KB comes first; the count limit holds too.
    const tiny = eventBodies(site, null, Array.from({ length: 450 }, () => ({}) as ReadingEvent));
    expect(tiny.map(([, events]) => events.length)).to.deep.equal([200, 200, 50]);
    expect(JSON.parse(tiny[0]![0])).to.have.keys(['site', 'sentAt', 'events']);

    // A replay of a big queue: one request per body.
    network = stubNetwork({ beacon: false });
    await queue.put('zhangwei', many);
    await delivery.replay();
    expect(network.sent.length).to.be.greaterThan(2);
    expect(network.sent.every((s) => new Blob([JSON.stringify(s.body)]).size < 16 * 1024)).to.be.true;
    expect(network.sent.flatMap((s) => s.body.events).length).to.equal(500);
    expect(await queue.list('zhangwei')).to.deep.equal([]);
  });
});
