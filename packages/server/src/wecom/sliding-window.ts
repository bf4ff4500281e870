/**
 * At most `limit` events in any `windowMs`: `take()` resolves when one more may happen. Exact
 * (it remembers the last `limit` event times), so a client using it never exceeds a server's
 * sliding or fixed window of the same size.
 */
export class SlidingWindow {
  readonly #times: Float64Array;
  #next = 0;
  #queue: Promise<void> = Promise.resolve();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.#times = new Float64Array(limit).fill(Number.NEGATIVE_INFINITY);
  }

  take(): Promise<void> {
    // Callers are served in order: each waits for the one before it.
    const turn = this.#queue.then(async () => {
      const oldest = this.#times[this.#next]!;
      const wait = oldest + this.windowMs - this.now();
      if (wait > 0) await this.sleep(wait);
      this.#times[this.#next] = this.now();
      this.#next = (this.#next + 1) % this.limit;
    });
    this.#queue = turn;
    return turn;
  }
}
