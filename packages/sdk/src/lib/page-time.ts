/**
 * Epoch milliseconds that move with performance.now(): the wall time when the page started
 * (performance.timeOrigin) plus the monotonic time since. A reading report's `startedAt` and its
 * request's `sentAt` both come from here, so the server's bound "visible time ≤ sentAt −
 * startedAt" (docs/api.md, "Clock and bounds") holds when the computer's clock is changed while
 * a segment runs: by Date.now(), a clock set back an hour made that difference negative and the
 * server clamped the segment to 5 s (reading-time.md: changing the wall clock never changes
 * activeMs). The server corrects the client's skew from `sentAt` either way.
 */
export const pageTime = (): number => Math.round(performance.timeOrigin + performance.now());
