import type { Database } from '../db/database.js';
import type { PermissionCache } from '../permissions/service.js';
import { InProcessWriter, type EventsOutcome, type EventsSubmission, type EventWriter } from './event-writer.js';
import { GroupCommit, type GroupCommitOptions } from './group-commit.js';
import type { RollupFolderOptions } from './rollup-folder.js';
import { WriterThread } from './writer-thread.js';

export type { EventsOutcome, EventsSubmission } from './event-writer.js';

export interface ReadingIngestOptions extends GroupCommitOptions {
  /** how the rollup journal is folded (reading/rollup-folder.ts) */
  folding?: RollupFolderOptions;
}

/**
 * Writes reading events through a group commit: concurrent requests share one transaction, and
 * each is answered only once that transaction has committed (SQLite: WAL with synchronous=FULL,
 * so a 202 survives a crash or a power cut). The transaction holds the segments and the rollup
 * journal; the rollups follow when the journal is folded (`fold()`, and every half second once
 * `startFolding()` was called). On SQLite the transactions and folds run on a worker thread
 * with its own connection (reading/writer-thread.ts); on PostgreSQL on this one.
 */
export class ReadingIngest {
  readonly #queue: GroupCommit<EventsSubmission, EventsOutcome>;
  readonly #writer: EventWriter;

  constructor(
    database: Database,
    private readonly permissions: PermissionCache,
    options: ReadingIngestOptions = {},
  ) {
    const thread = database.dialect === 'sqlite';
    this.#writer = thread ? new WriterThread(database, options.folding) : new InProcessWriter(database, options.folding);
    // The writer thread runs its transactions in turn: a few more wait there, ready to start the
    // moment the last commits (fewer left the thread idle while answers went round the clients).
    this.#queue = new GroupCommit((items) => this.#write(items), { inFlight: thread ? 4 : 1, ...options });
  }

  /** Folds the journal in the background from now on (the server does; tests may not). */
  startFolding(onError: (error: unknown) => void): void {
    this.#writer.startFolding(onError);
  }

  /**
   * Resolves once the rollups hold every event committed before the call, on this replica or
   * another: what the statistics await before they read.
   */
  fold(): Promise<void> {
    return this.#writer.fold();
  }

  /** journal folds that found work, and rows folded */
  get foldStats(): Readonly<{ folds: number; rows: number }> {
    return this.#writer.foldStats;
  }

  /** Resolves when the events are committed, with how many changed what the server holds. */
  submit(submission: EventsSubmission): Promise<EventsOutcome> {
    return this.#queue.submit(submission, Math.max(1, submission.reports.length));
  }

  /** batches written so far */
  get stats(): Readonly<{ batches: number; items: number }> {
    return this.#queue.stats;
  }

  /** Writes what is waiting and folds the journal; later submissions are refused. */
  async close(): Promise<void> {
    await this.#queue.close();
    await this.#writer.close();
  }

  async #write(items: EventsSubmission[]): Promise<EventsOutcome[]> {
    const { outcomes, catalog } = await this.#writer.write(items);
    for (const { tenantId, siteId, change } of catalog) this.permissions.recordDocuments(tenantId, siteId, change);
    return outcomes;
  }
}
