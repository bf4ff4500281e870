/**
 * Group commit: callers submit items and wait; items that arrive within `delayMs` of each other,
 * or while a batch is being written, are written together by one call of `write` (one
 * transaction), and every caller of the batch is answered when it has committed. Under load the
 * batches grow by themselves: everything that arrived while one transaction committed goes
 * into the next.
 *
 * One batch is written at a time, or `inFlight` when the writer queues them itself (a worker
 * thread that runs them in turn: it starts the next as soon as one commits, instead of waiting
 * for the round trip to this thread). A failed batch of several items is written again one item
 * at a time, so a single item that cannot be written fails alone and the others still commit.
 */
export interface GroupCommitOptions {
  /** wait at most this long after the first item before writing (default 2 ms) */
  delayMs?: number;
  /** write at once when this much weight is waiting, and never more in one batch (default 2 000) */
  maxWeight?: number;
  /** batches handed to `write` and not yet answered, at most (default 1) */
  inFlight?: number;
}

interface Waiting<T, R> {
  item: T;
  weight: number;
  resolve(result: R): void;
  reject(error: unknown): void;
}

export class GroupCommit<T, R> {
  readonly #write: (items: T[]) => Promise<R[]>;
  readonly #delayMs: number;
  readonly #maxWeight: number;
  readonly #maxInFlight: number;
  #queue: Array<Waiting<T, R>> = [];
  #queuedWeight = 0;
  #timer: NodeJS.Timeout | undefined;
  readonly #running = new Set<Promise<void>>();
  #closed = false;
  /** batches written so far, and items in them (for tests and logs) */
  readonly stats = { batches: 0, items: 0 };

  /** `write` gets a batch and answers one result per item, in order. */
  constructor(write: (items: T[]) => Promise<R[]>, options: GroupCommitOptions = {}) {
    this.#write = write;
    this.#delayMs = options.delayMs ?? 2;
    this.#maxWeight = options.maxWeight ?? 2000;
    this.#maxInFlight = options.inFlight ?? 1;
  }

  submit(item: T, weight = 1): Promise<R> {
    if (this.#closed) return Promise.reject(new Error('the writer is closed'));
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, weight, resolve, reject });
      this.#queuedWeight += weight;
      if (this.#running.size >= this.#maxInFlight) return; // a running batch starts the next when it ends
      if (this.#queuedWeight >= this.#maxWeight) this.#flush();
      else this.#timer ??= setTimeout(() => this.#flush(), this.#delayMs);
    });
  }

  /** Writes what is waiting and refuses new items; resolves when everything is written. */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#running.size || this.#queue.length) {
      this.#flush();
      await Promise.race(this.#running);
    }
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#running.size >= this.#maxInFlight || this.#queue.length === 0) return;
    const batch: Array<Waiting<T, R>> = [];
    let weight = 0;
    while (this.#queue.length && (batch.length === 0 || weight + this.#queue[0]!.weight <= this.#maxWeight)) {
      const next = this.#queue.shift()!;
      weight += next.weight;
      batch.push(next);
    }
    this.#queuedWeight -= weight;
    const running: Promise<void> = this.#writeBatch(batch).finally(() => {
      this.#running.delete(running);
      // Whatever arrived meanwhile goes next, after the same short wait: the callers just
      // answered send again at once, and on SQLite (whose writes hold the thread) requests that
      // came in during this transaction are only being read now. A larger group shares the
      // commit's sync and writes each page once.
      if (this.#queue.length) {
        if (this.#queuedWeight >= this.#maxWeight) setImmediate(() => this.#flush());
        else this.#timer ??= setTimeout(() => this.#flush(), this.#delayMs);
      }
    });
    this.#running.add(running);
  }

  async #writeBatch(batch: Array<Waiting<T, R>>): Promise<void> {
    this.stats.batches++;
    this.stats.items += batch.length;
    try {
      const results = await this.#write(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i]!));
      return;
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
    }
    for (const w of batch) {
      try {
        const [result] = await this.#write([w.item]);
        w.resolve(result!);
      } catch (error) {
        w.reject(error);
      }
    }
  }
}
