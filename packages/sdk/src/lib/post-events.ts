/**
 * One POST /v1/events in the way most likely to arrive while the page goes away: a beacon (the
 * browser sends it even after the page is gone; a `text/plain` body is a simple request, so no
 * CORS preflight), else a `keepalive` fetch (sendBeacon answers false when its queue is full, the
 * 64 KB budget shared with keepalive fetches, and is missing in some webviews:
 * https://w3c.github.io/beacon/#sec-processing-model). The fetch has no Authorization header,
 * to stay a simple request too: the token is in the body.
 *
 * Answers the status: 202 for a beacon on its way (its answer is never seen), 0 for a request
 * that did not go (offline, network error, the keepalive budget spent).
 */
export async function postEvents(url: string, body: string, beacon: boolean): Promise<number> {
  // Offline, Chrome still queues a beacon (and says true), then drops it.
  if (!navigator.onLine) return 0;
  if (beacon && navigator.sendBeacon?.(url, new Blob([body], { type: 'text/plain' }))) return 202;
  try {
    return (await fetch(url, { method: 'POST', keepalive: true, body, headers: { 'content-type': 'text/plain' } })).status;
  } catch {
    return 0;
  }
}

/** Worth keeping to send again: not sent, refused token, rate limited, server trouble. */
export const retryable = (status: number): boolean => !status || status === 401 || status === 408 || status === 429 || status >= 500;
