import type { Database } from '../db/database.js';
import { writeTransaction } from '../db/write-transaction.js';
import type { PermissionCache } from '../permissions/service.js';
import { upsertDocuments, type CatalogChange, type CatalogEntry } from '../store/catalog.js';
import { applySegmentReports, type SegmentReport } from '../store/reading-events.js';
import { GroupCommit, type GroupCommitOptions } from './group-commit.js';
import { RollupFolder, type RollupFolderOptions } from './rollup-folder.js';

/** One request's events, checked and bounded by the route, ready to write. */
export interface EventsSubmission {
  tenantId: string;
  siteId: string;
  reports: SegmentReport[];
  /** documents to catalogue: not yet known, or with a new title */
  docs: CatalogEntry[];
}

export interface EventsOutcome {
  accepted: number;
  ignored: number;
}

export interface ReadingIngestOptions extends GroupCommitOptions {
  /** how the rollup journal is folded (reading/rollup-folder.ts) */
  folding?: RollupFolderOptions;
}

// PostgreSQL's deadlock_detected and serialization_failure: the transaction is retried whole.
const RETRYABLE = new Set(['40P01', '40001']);

/**
 * Writes reading events through a group commit: concurrent requests share one transaction, and
 * each is answered only once that transaction has committed (SQLite: WAL with synchronous=FULL,
 * so a 202 survives a crash or a power cut). The transaction holds the segments and the rollup
 * journal; the rollups follow when the journal is folded (`fold()`, and every half second once
 * `startFolding()` was called).
 */
export class ReadingIngest {
  readonly #queue: GroupCommit<EventsSubmission, EventsOutcome>;
  readonly #folder: RollupFolder;

  constructor(
    private readonly database: Database,
    private readonly permissions: PermissionCache,
    options: ReadingIngestOptions = {},
  ) {
    this.#queue = new GroupCommit((items) => this.#write(items), options);
    this.#folder = new RollupFolder(database, options.folding);
  }

  /** Folds the journal in the background from now on (the server does; tests may not). */
  startFolding(onError: (error: unknown) => void): void {
    this.#folder.start(onError);
  }

  /**
   * Resolves once the rollups hold every event committed before the call, on this replica or
   * another: what the statistics await before they read.
   */
  fold(): Promise<void> {
    return this.#folder.fold();
  }

  /** journal folds that found work, and rows folded */
  get foldStats(): Readonly<{ folds: number; rows: number }> {
    return this.#folder.stats;
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
    await this.#folder.close();
  }

  async #write(items: EventsSubmission[]): Promise<EventsOutcome[]> {
    const reports = items.flatMap((item) => item.reports);
    for (let attempt = 1; ; attempt++) {
      const now = Date.now();
      try {
        const { outcomes, catalog } = await writeTransaction(this.database, async (trx) => {
          const outcomes = await applySegmentReports(trx, this.database, reports, now);
          const catalog: Array<{ tenantId: string; siteId: string; change: CatalogChange }> = [];
          for (const { tenantId, siteId, docs } of catalogueWork(items)) {
            catalog.push({ tenantId, siteId, change: await upsertDocuments(trx, tenantId, siteId, docs, 'view', now) });
          }
          return { outcomes, catalog };
        });
        for (const { tenantId, siteId, change } of catalog) this.permissions.recordDocuments(tenantId, siteId, change);
        let next = 0;
        return items.map((item) => {
          let accepted = 0;
          for (let i = 0; i < item.reports.length; i++) if (outcomes[next++] === 'accepted') accepted++;
          return { accepted, ignored: item.reports.length - accepted };
        });
      } catch (error) {
        if (attempt < 3 && RETRYABLE.has((error as { code?: string }).code ?? '')) continue;
        throw error;
      }
    }
  }
}

/** Documents to catalogue, per site, in path order (the order locks are taken in); the last title wins. */
function catalogueWork(items: EventsSubmission[]): Array<{ tenantId: string; siteId: string; docs: CatalogEntry[] }> {
  const sites = new Map<string, { tenantId: string; siteId: string; titles: Map<string, string | null> }>();
  for (const item of items) {
    if (item.docs.length === 0) continue;
    let site = sites.get(item.siteId);
    if (!site) sites.set(item.siteId, (site = { tenantId: item.tenantId, siteId: item.siteId, titles: new Map() }));
    for (const doc of item.docs) site.titles.set(doc.path, doc.title ?? site.titles.get(doc.path) ?? null);
  }
  return [...sites.values()]
    .sort((a, b) => (a.siteId < b.siteId ? -1 : 1))
    .map(({ tenantId, siteId, titles }) => ({
      tenantId,
      siteId,
      docs: [...titles].sort(([a], [b]) => (a < b ? -1 : 1)).map(([path, title]) => ({ path, title })),
    }));
}
