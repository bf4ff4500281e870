import type { Database } from '../db/database.js';
import { writeTransaction } from '../db/write-transaction.js';
import { upsertDocuments, type CatalogChange, type CatalogEntry } from '../store/catalog.js';
import { applySegmentReports, type SegmentReport } from '../store/reading-events.js';
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

/** What one transaction of submissions did: an outcome per submission, and the catalogue changes. */
export interface WrittenEvents {
  outcomes: EventsOutcome[];
  catalog: Array<{ tenantId: string; siteId: string; change: CatalogChange }>;
}

/**
 * Where the events are written and the rollup journal folded: in this thread
 * (`InProcessWriter`, PostgreSQL), or in a worker thread with its own connection
 * (reading/writer-thread.ts, SQLite).
 */
export interface EventWriter {
  /** writes submissions in one transaction; resolves once it has committed */
  write(items: EventsSubmission[]): Promise<WrittenEvents>;
  /** resolves once the rollups hold everything committed before the call (reading/rollup-folder.ts) */
  fold(): Promise<void>;
  /** folds in the background from now on; failures go to `onError` and are retried */
  startFolding(onError: (error: unknown) => void): void;
  /** folds what is left and lets go of what it holds */
  close(): Promise<void>;
  /** journal folds that found work, and rows folded (in this thread; for tests and benchmarks) */
  readonly foldStats: Readonly<{ folds: number; rows: number }>;
}

// PostgreSQL's deadlock_detected and serialization_failure: the transaction is retried whole.
const RETRYABLE = new Set(['40P01', '40001']);

/**
 * Writes submissions in one transaction: the segments (max-merge), the rollup journal, and the
 * documents to catalogue.
 */
export async function writeEvents(database: Database, items: EventsSubmission[]): Promise<WrittenEvents> {
  const reports = items.flatMap((item) => item.reports);
  for (let attempt = 1; ; attempt++) {
    const now = Date.now();
    try {
      const { outcomes, catalog } = await writeTransaction(database, async (trx) => {
        const outcomes = await applySegmentReports(trx, database, reports, now);
        const catalog: WrittenEvents['catalog'] = [];
        for (const { tenantId, siteId, docs } of catalogueWork(items)) {
          catalog.push({ tenantId, siteId, change: await upsertDocuments(trx, tenantId, siteId, docs, 'view', now) });
        }
        return { outcomes, catalog };
      });
      let next = 0;
      const perItem = items.map((item) => {
        let accepted = 0;
        for (let i = 0; i < item.reports.length; i++) if (outcomes[next++] === 'accepted') accepted++;
        return { accepted, ignored: item.reports.length - accepted };
      });
      return { outcomes: perItem, catalog };
    } catch (error) {
      if (attempt < 3 && RETRYABLE.has((error as { code?: string }).code ?? '')) continue;
      throw error;
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

/** Writes and folds on the caller's thread and connection pool. */
export class InProcessWriter implements EventWriter {
  readonly #database: Database;
  readonly #folder: RollupFolder;

  constructor(database: Database, folding?: RollupFolderOptions) {
    this.#database = database;
    this.#folder = new RollupFolder(database, folding);
  }

  write(items: EventsSubmission[]): Promise<WrittenEvents> {
    return writeEvents(this.#database, items);
  }

  fold(): Promise<void> {
    return this.#folder.fold();
  }

  startFolding(onError: (error: unknown) => void): void {
    this.#folder.start(onError);
  }

  close(): Promise<void> {
    return this.#folder.close();
  }

  get foldStats(): Readonly<{ folds: number; rows: number }> {
    return this.#folder.stats;
  }
}
