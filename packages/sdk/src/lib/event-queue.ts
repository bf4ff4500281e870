import type { ReadingEvent } from '@docgate/protocol';
import { createStore, promisifyRequest } from 'idb-keyval';

/**
 * Reading events that could not be sent (offline, server down, token refused), kept in
 * IndexedDB until they can be: one entry per reader and segment, holding the highest `seq`
 * (max-merge here as on the server, so the queue never grows with a segment's reports). Keyed by
 * reader too: a queue is replayed with the token of whoever is signed in, and the server
 * attributes events to the token's user.
 *
 * Of idb-keyval only createStore and promisifyRequest: opening and upgrading the database, and
 * reopening it after Safari drops the connection, for ~250 bytes; each operation below is one
 * transaction written out, smaller than its update/entries (which carry fallbacks for old
 * browsers).
 */
export function eventQueue(server: string, site: string) {
  const store = createStore(`docgate-events:${site}@${server}`, 'events');
  /** for each event, in one transaction: `change(held, event, key)` with what the queue holds */
  const each = (user: string, events: ReadingEvent[], change: (objects: IDBObjectStore, held: ReadingEvent | undefined, event: ReadingEvent, key: IDBValidKey) => void) =>
    store('readwrite', (objects) => {
      for (const event of events) {
        const key = [user, event.segment];
        const request = objects.get(key);
        request.onsuccess = () => change(objects, request.result as ReadingEvent | undefined, event, key);
      }
      return promisifyRequest(objects.transaction);
    });
  return {
    put: (user: string, events: ReadingEvent[]) =>
      each(user, events, (objects, held, event, key) => {
        if (!held || held.seq < event.seq) objects.put(event, key);
      }),

    /** forgets what was delivered, unless a newer report of the segment was queued meanwhile */
    remove: (user: string, events: ReadingEvent[]) =>
      each(user, events, (objects, held, event, key) => {
        if (held && held.seq <= event.seq) objects.delete(key);
      }),

    /** the reader's events: keys [user, segment] sort between [user] and [user, []] (arrays after strings) */
    list: (user: string) => store('readonly', (objects) => promisifyRequest(objects.getAll(IDBKeyRange.bound([user], [user, []])) as IDBRequest<ReadingEvent[]>)),
  };
}

export type EventQueue = ReturnType<typeof eventQueue>;
