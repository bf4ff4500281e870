import type { ReadingEvent } from '@docgate/protocol';
import type { Docgate } from '../create-docgate.js';
import { eventBodies } from './event-bodies.js';
import { eventQueue } from './event-queue.js';
import { postEvents, retryable } from './post-events.js';

export interface EventDelivery {
  /** sends a segment's totals, read by `user`; what cannot go now waits in the queue */
  send(event: ReadingEvent, user: string): Promise<void>;
  /** sends what the queue holds for the signed-in reader (on load and when back online) */
  replay(): Promise<void>;
  stop(): void;
}

/**
 * Delivery of reading events (reading-time.md, "Delivery"): beacon, else keepalive fetch, else
 * the IndexedDB queue, replayed on the next load and on `online` with a fresh token. Reports are
 * running totals with a `seq`, so sending one twice, or an older one late, is harmless.
 */
export function eventDelivery(docgate: Docgate): EventDelivery {
  const url = `${docgate.server}/v1/events`;
  const queue = eventQueue(docgate.server, docgate.site);
  let replaying: Promise<void> | null = null;

  async function replayOnce(refresh: boolean): Promise<void> {
    const user = docgate.user()?.id;
    const token = user && (await docgate.token({ refresh }));
    if (!token) return;
    for (const [body, events] of eventBodies(docgate.site, token, await queue.list(user))) {
      const status = await postEvents(url, body, false);
      // The token was refused (expired early, keys rotated): refresh it once and start over.
      if (status === 401 && !refresh) return replayOnce(true);
      if (retryable(status)) return;
      await queue.remove(user, events);
    }
  }

  function replay(): Promise<void> {
    replaying ??= replayOnce(false)
      .catch(() => {}) // no IndexedDB (some private modes): nothing was kept to replay
      .finally(() => {
        replaying = null;
      });
    return replaying;
  }

  const onOnline = () => void replay();
  addEventListener('online', onOnline);

  return {
    async send(event, user) {
      // The current token, at send time: the page refreshes it before it expires. Usually at
      // hand at once, so a report made in pagehide is sent before the page is gone.
      const token = await docgate.token();
      if (token && docgate.user()?.id === user) {
        const body = eventBodies(docgate.site, token, [event])[0]![0];
        if (!retryable(await postEvents(url, body, true))) return;
      }
      await queue.put(user, [event]).catch(() => {});
    },
    replay,
    stop: () => removeEventListener('online', onOnline),
  };
}
