import Type from 'typebox';

/**
 * Reading events (../shared/docs/reading-time.md, docs/api.md "Reading events"). The SDK sends
 * the running totals of a segment with a growing `seq`; the server keeps, per segment, the
 * values of the highest `seq` (max-merge), so replays and duplicates are harmless.
 */

/** At most this many events in one request, and this many bytes in its body. */
export const MAX_EVENTS_PER_REQUEST = 200;
export const MAX_EVENTS_BODY_BYTES = 16 * 1024;

export const ReadingEvent = Type.Object({
  /** the segment's random id (one continuous viewing of one document in one page instance) */
  segment: Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' }),
  /** grows with every report of the segment; the highest wins */
  seq: Type.Integer({ minimum: 0, maximum: 2_147_483_647 }),
  /** the document, as the page's address (normalized by the server) */
  path: Type.String({ minLength: 1, maxLength: 4096 }),
  /** the page's title: registers the document in the catalogue on its first view */
  title: Type.Optional(Type.String({ maxLength: 500 })),
  /** epoch milliseconds, by the client's clock, when the segment started */
  startedAt: Type.Integer({ minimum: 0 }),
  /** time visible and focused, and within the idle window of the last activity */
  activeMs: Type.Integer({ minimum: 0 }),
  /** time visible and focused */
  visibleMs: Type.Integer({ minimum: 0 }),
  /** the largest fraction of the content that has been inside the viewport */
  maxDepth: Type.Number({ minimum: 0, maximum: 1 }),
  completed: Type.Boolean(),
});
export type ReadingEvent = Type.Static<typeof ReadingEvent>;

export const EventsRequest = Type.Object({
  site: Type.String({ minLength: 1, maxLength: 64 }),
  events: Type.Array(ReadingEvent, { minItems: 1, maxItems: MAX_EVENTS_PER_REQUEST }),
  /**
   * epoch milliseconds, by the client's clock, when the request was sent: the server corrects
   * `startedAt` by the difference between its clock and the client's (clients' clocks are often
   * wrong, and a wrong clock must neither lose nor inflate time)
   */
  sentAt: Type.Optional(Type.Integer({ minimum: 0 })),
  /** the access token, for beacons (they cannot set headers); the Authorization header wins */
  token: Type.Optional(Type.String({ maxLength: 4096 })),
});
export type EventsRequest = Type.Static<typeof EventsRequest>;

export const EventsResponse = Type.Object({
  /** events that changed what the server holds */
  accepted: Type.Integer(),
  /** duplicates, older `seq`s, and events the reader may not make (another reader's segment, a page they may not read) */
  ignored: Type.Integer(),
});
export type EventsResponse = Type.Static<typeof EventsResponse>;
