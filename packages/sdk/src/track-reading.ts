import type { Docgate } from './create-docgate.js';
import { eventDelivery } from './lib/event-delivery.js';
import { readingTracker, type ReadingOptions, type ReadingTracker } from './lib/reading-tracker.js';

export type TrackReadingOptions = ReadingOptions;
export type { ReadingTracker };

/**
 * Measures how the signed-in reader reads the page, by the definitions of reading-time.md
 * (docs/sdk.md, "Reading statistics"): one segment per continuous viewing of one document, its
 * active and visible time, the depth reached in the content and whether it was read through;
 * and delivers the running totals to POST /v1/events: on hidden, pagehide and route changes,
 * every 15 s while the reader is active, by beacon, keepalive fetch, or later from IndexedDB.
 *
 * Segments read while nobody is signed in are not sent; a change of reader ends the segment.
 */
export function trackReading(docgate: Docgate, options: TrackReadingOptions = {}): ReadingTracker {
  const delivery = eventDelivery(docgate);
  let user = docgate.user()?.id;
  const tracker = readingTracker((event) => void (user && delivery.send(event, user)), options);
  const offUser = docgate.on('user', (next) => {
    tracker.restart(); // the old reader's segment ends, reported as theirs
    user = next?.id;
  });
  void delivery.replay();
  return {
    snapshot: tracker.snapshot,
    flush: tracker.flush,
    stop() {
      offUser();
      tracker.stop();
      delivery.stop();
    },
  };
}
