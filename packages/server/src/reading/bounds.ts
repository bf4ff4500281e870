import type { ReadingEvent } from '@docgate/protocol';

/**
 * What the server believes of a report (docs/api.md, "Clock and bounds"). Clients' clocks are
 * often wrong and a wrong clock must neither lose nor inflate time, so numbers that exceed what
 * the segment's own wall time allows are clamped, not refused.
 */

/** a segment with at least this much active time is a view (the product's api.md) */
export const VIEW_MIN_ACTIVE_MS = 1000;
/** visible time may exceed the segment's wall time by this much (timers and clocks drift) */
export const WALL_TOLERANCE_MS = 5000;
/** no segment counts more than this: a page left open and active for days is not reading */
export const MAX_SEGMENT_MS = 24 * 3600_000;

export interface BoundedEvent {
  /** the start on the server's clock, never in the future */
  startedAt: number;
  visibleMs: number;
  activeMs: number;
  maxDepth: number;
  completed: boolean;
  /** some value was lowered */
  clamped: boolean;
}

/**
 * - skew = serverNow − sentAt (0 without sentAt); the start on the server's clock is
 *   startedAt + skew, at most serverNow and at least 0;
 * - the segment's wall time is sentAt − startedAt by the client's own clock (serverNow −
 *   startedAt without sentAt), never negative;
 * - visibleMs ≤ min(wall time + 5 s, 24 h); activeMs ≤ visibleMs.
 */
export function boundEvent(event: ReadingEvent, serverNow: number, sentAt: number | undefined): BoundedEvent {
  const skew = sentAt === undefined ? 0 : serverNow - sentAt;
  const startedAt = Math.max(0, Math.min(event.startedAt + skew, serverNow));
  const wall = Math.max(0, (sentAt ?? serverNow) - event.startedAt);
  const visibleMs = Math.min(event.visibleMs, wall + WALL_TOLERANCE_MS, MAX_SEGMENT_MS);
  const activeMs = Math.min(event.activeMs, visibleMs);
  return {
    startedAt,
    visibleMs,
    activeMs,
    maxDepth: event.maxDepth,
    completed: event.completed,
    clamped: visibleMs !== event.visibleMs || activeMs !== event.activeMs || startedAt !== event.startedAt + skew,
  };
}
