import type { ReadingEvent } from '@docgate/protocol';
import { pageTime } from './page-time.js';

// MAX_EVENTS_PER_REQUEST and MAX_EVENTS_BODY_BYTES of @docgate/protocol's events.ts, whose
// schemas (typebox) must not enter the script-tag file.
const MAX_EVENTS = 200;
const MAX_BYTES = 16 * 1024;

const bytes = (text: string) => new Blob([text]).size;

/**
 * The bodies of POST /v1/events that carry `events`, each under 16 KB and 200 events (a
 * keepalive request must fit the 64 KB the page shares: https://fetch.spec.whatwg.org/#http-network-or-cache-fetch),
 * with the events each one carries. `sentAt` lets the server correct the client's clock; it is
 * the page's clock, like the events' `startedAt` (./page-time.ts).
 */
export function eventBodies(site: string, token: string | null, events: ReadingEvent[], sentAt = pageTime()): Array<[string, ReadingEvent[]]> {
  const head = `${JSON.stringify({ site, sentAt, ...(token ? { token } : {}) }).slice(0, -1)},"events":[`;
  const bodies: Array<[string, ReadingEvent[]]> = [];
  let parts: string[] = [];
  let batch: ReadingEvent[] = [];
  let size = bytes(head) + 2;
  for (const event of events) {
    const part = JSON.stringify(event);
    const partSize = bytes(part) + 1;
    if (batch.length && (batch.length === MAX_EVENTS || size + partSize >= MAX_BYTES)) {
      bodies.push([`${head}${parts.join()}]}`, batch]);
      parts = [];
      batch = [];
      size = bytes(head) + 2;
    }
    parts.push(part);
    batch.push(event);
    size += partSize;
  }
  if (batch.length) bodies.push([`${head}${parts.join()}]}`, batch]);
  return bodies;
}
