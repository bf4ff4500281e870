import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { writeTransaction } from '../db/write-transaction.js';
import { foldRollupJournal } from '../store/reading-events.js';

export interface RollupFolderOptions {
  /** fold in the background this often once `start()`ed (default 500 ms) */
  intervalMs?: number;
  /**
   * journal rows folded per transaction at most (default 5 000): the ingest's transactions
   * waiting for the connection meanwhile wait for one such transaction, not for the whole fold
   */
  batchRows?: number;
  /**
   * behind by more rows than this (default 20 000), a fold goes on without letting the ingest's
   * transactions in between: the journal, and what a statistics question waits for, stay
   * bounded however fast events come
   */
  maxBacklogRows?: number;
}

// Any constant works; it names the fold's advisory lock among the locks other programs may take.
const PG_FOLD_LOCK_KEY = 7_312_204_452;

/**
 * Folds the rollup journal into the rollups (docs/architecture.md, "Reading statistics").
 *
 * The ingest commits each event's change of contribution to `reading_rollup_journal` and
 * answers 202; this moves those rows into the rollups in the background, thousands at a time,
 * summed per rollup row first (the site's rows, a document's day, a popular document are written
 * once per fold transaction, not once per event), on SQLite on the writer thread, beside the
 * server's (docs/perf.md, "Reading events ingest").
 *
 * Each fold transaction deletes the journal rows it applies: it commits both or neither, so a
 * crash at any point folds every row exactly once (what is left is folded after the restart).
 * `fold()` is how the statistics read their writes: it resolves once everything committed to
 * the journal before it was called is in the rollups. Folds of one process run one at a time;
 * on PostgreSQL, folds of several replicas take turns on a transaction-scoped advisory lock, so
 * a replica's `fold()` also waits for another's fold in progress.
 */
export class RollupFolder {
  readonly #database: Database;
  readonly #intervalMs: number;
  readonly #batchRows: number;
  readonly #maxBacklogRows: number;
  #running: Promise<void> | undefined;
  /** the fold that starts when the running one ends, shared by everyone who asked meanwhile */
  #next: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  /** folds that found work, and journal rows folded (for tests and the benchmark) */
  readonly stats = { folds: 0, rows: 0 };

  constructor(database: Database, options: RollupFolderOptions = {}) {
    this.#database = database;
    this.#intervalMs = options.intervalMs ?? 500;
    this.#batchRows = options.batchRows ?? 5_000;
    this.#maxBacklogRows = options.maxBacklogRows ?? 20_000;
  }

  /**
   * Folds in the background every `intervalMs` until `close()`; the timer keeps no process
   * alive. A fold that fails is reported to `onError` and tried again at the next beat.
   */
  start(onError: (error: unknown) => void): void {
    if (this.#timer || this.#closed) return;
    this.#timer = setInterval(() => {
      // Behind a fold that is still running (a large journal after a restart), skip a beat.
      if (this.#running) return;
      this.fold().catch(onError);
    }, this.#intervalMs);
    this.#timer.unref();
  }

  /**
   * Resolves once every journal row committed before the call is folded (by this fold, one
   * before it, or another replica's). A fold already running may have looked at the journal
   * before those rows committed, so the caller then waits for the one after it.
   */
  fold(): Promise<void> {
    if (this.#next) return this.#next;
    if (!this.#running) return this.#run();
    const next = this.#running
      .catch(() => {})
      .then(() => {
        this.#next = undefined;
        return this.#run();
      });
    this.#next = next;
    return next;
  }

  /** Stops the timer and folds what is left. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.fold();
  }

  #run(): Promise<void> {
    const run = this.#foldAll().finally(() => {
      if (this.#running === run) this.#running = undefined;
    });
    this.#running = run;
    return run;
  }

  async #foldAll(): Promise<void> {
    const { dialect } = this.#database;
    // Rows committed after this look belong to requests not answered yet: a later fold's.
    const upTo = await this.#newestId();
    if (upTo === undefined) return;
    for (;;) {
      const { rows, lastId } = await writeTransaction(
        this.#database,
        async (trx) => {
          if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${PG_FOLD_LOCK_KEY})`.execute(trx);
          return foldRollupJournal(trx, this.#database, upTo, this.#batchRows);
        },
        // Lost in a power cut, a fold leaves its journal rows for the next one: no need to wait
        // for the disk (the ingest's next commit syncs it anyway).
        { syncCommit: false },
      );
      if (rows > 0) {
        this.stats.folds++;
        this.stats.rows += rows;
      }
      if (rows < this.#batchRows) return;
      // The ingest's transactions, waiting for the connection, go between two of the fold's,
      // unless the journal has grown too long: then it waits for the fold to catch up.
      const newest = (await this.#newestId()) ?? upTo;
      if (newest - lastId <= this.#maxBacklogRows) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async #newestId(): Promise<number | undefined> {
    const last = await this.#database.db.selectFrom('reading_rollup_journal').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
    return last?.id === null || last?.id === undefined ? undefined : Number(last.id);
  }
}
