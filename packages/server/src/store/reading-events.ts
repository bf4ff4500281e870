import type { Compilable, ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { preparedRow } from '../db/prepared.js';
import type { ReadingRollupJournalTable, ReadingSegmentsTable, Schema } from '../db/schema.js';
import { chunks } from '../lib/chunks.js';
import { VIEW_MIN_ACTIVE_MS } from '../reading/bounds.js';
import type { Executor } from './executor.js';

/** The rollups' path for the whole site: never a document's (every document's path starts with /). */
export const SITE_WIDE = '';

/** One event, checked, normalized and bounded (reading/bounds.ts), ready to write. */
export interface SegmentReport {
  tenantId: string;
  siteId: string;
  userid: string;
  /** normalized */
  path: string;
  segment: string;
  seq: number;
  /** on the server's clock */
  startedAt: number;
  /** the local day of startedAt (reading/days.ts) */
  day: number;
  activeMs: number;
  visibleMs: number;
  maxDepth: number;
  completed: boolean;
}

export type ReportOutcome = 'accepted' | 'ignored';

type SegmentRow = ReadingSegmentsTable;
/** What the writes need of the database: its dialect, and on SQLite the connection for prepared statements. */
export type ReadingDatabase = Pick<Database, 'dialect' | 'sqlite'>;

/**
 * Writes reports into `reading_segments` and the rollups, inside the caller's transaction, and
 * says for each report whether it changed anything:
 *
 * - max-merge: a segment keeps the values of its highest seq; a report whose seq is not higher
 *   than the stored one (a replay, a duplicate) is ignored, and so is any report that names
 *   another site or path than the segment's. A segment is the reader's: keyed by tenant, reader
 *   and id, it can only be reached with the reader's token (another reader who sends the same
 *   id makes a segment of their own, which changes nothing of the first);
 * - the difference between the segment's old and new contribution to the rollups (a segment
 *   contributes when it is a view, activeMs ≥ 1 s, so one crossing 1 s adds a view) is
 *   appended to `reading_rollup_journal`, in the same transaction; `foldRollupJournal` later
 *   moves it into the rollups (reading/rollup-folder.ts), where readers of a document (and of a
 *   day) are counted when their first view arrives.
 *
 * Concurrency (PostgreSQL, several transactions at once): existing segments are locked (FOR
 * UPDATE) before being compared, in key order; a new segment is inserted with ON CONFLICT DO
 * NOTHING, and one that another transaction inserted first is locked and compared instead. The
 * journal is only appended to, so the ingest takes no lock on the rollups.
 */
export async function applySegmentReports(trx: Kysely<Schema>, database: ReadingDatabase, reports: SegmentReport[], now: number): Promise<ReportOutcome[]> {
  const outcomes: ReportOutcome[] = reports.map(() => 'ignored');
  const changes: Array<{ old: SegmentRow | undefined; report: SegmentReport }> = [];

  // A segment is a reader's: keyed by tenant, reader and the client's id, so a report can only
  // ever name a segment of the token's user (another reader using the same id has their own).
  const byTenant = new Map<string, Map<string, number[]>>();
  reports.forEach((r, i) => {
    let segments = byTenant.get(r.tenantId);
    if (!segments) byTenant.set(r.tenantId, (segments = new Map()));
    const key = segmentKey(r.userid, r.segment);
    const list = segments.get(key);
    if (list) list.push(i);
    else segments.set(key, [i]);
  });

  // Of a segment's reports (in arrival order), the highest seq about its site and path, if higher than stored.
  const winner = (indexes: number[], owner: { siteId: string; path: string }, storedSeq: number): number | undefined => {
    let best: number | undefined;
    for (const i of indexes) {
      const r = reports[i]!;
      if (r.siteId !== owner.siteId || r.path !== owner.path) continue;
      if (best === undefined || r.seq > reports[best]!.seq) best = i;
    }
    return best !== undefined && reports[best]!.seq > storedSeq ? best : undefined;
  };

  for (const [tenantId, segments] of byTenant) {
    const keys = [...segments.keys()].sort();
    const existing = await lockSegments(trx, database, tenantId, keys);
    // New segments: the first report names the site and path.
    const fresh = new Map<string, number>();
    for (const key of keys) {
      if (existing.has(key)) continue;
      const indexes = segments.get(key)!;
      const first = reports[indexes[0]!]!;
      const best = winner(indexes, first, -1);
      if (best !== undefined) fresh.set(key, best);
    }
    const inserted = await insertSegments(trx, database, tenantId, [...fresh.values()].map((i) => reports[i]!), now);
    const raced = [...fresh.keys()].filter((key) => !inserted.has(key));
    if (raced.length) {
      // Another transaction inserted them after we looked: compare with what it wrote.
      for (const [key, row] of await lockSegments(trx, database, tenantId, raced)) existing.set(key, row);
    }
    for (const key of inserted) {
      const i = fresh.get(key)!;
      outcomes[i] = 'accepted';
      changes.push({ old: undefined, report: reports[i]! });
    }
    const updates: Array<{ old: SegmentRow; report: SegmentReport }> = [];
    for (const key of [...existing.keys()].sort()) {
      const row = existing.get(key)!;
      const best = winner(segments.get(key)!, { siteId: row.site_id, path: row.path }, row.seq);
      if (best === undefined) continue;
      outcomes[best] = 'accepted';
      updates.push({ old: row, report: reports[best]! });
    }
    await updateSegments(trx, database, updates, now);
    changes.push(...updates);
  }

  await appendRollupJournal(trx, database, rollupChanges(changes, now));
  return outcomes;
}

const segmentKey = (userid: string, segment: string) => `${userid}\u0000${segment}`;

/** The stored segments of these keys (segmentKey), locked (PostgreSQL) in key order. */
async function lockSegments(trx: Kysely<Schema>, database: ReadingDatabase, tenantId: string, keys: string[]): Promise<Map<string, SegmentRow>> {
  const found = new Map<string, SegmentRow>();
  const split = (key: string) => key.split('\u0000') as [string, string];
  if (database.sqlite) {
    const select = preparedRow<{ tenant_id: string; userid: string; segment: string }>(database.sqlite, 'reading.segments.select', ['tenant_id', 'userid', 'segment'], (key) =>
      trx.selectFrom('reading_segments').selectAll().where('tenant_id', '=', key.tenant_id).where('userid', '=', key.userid).where('segment', '=', key.segment),
    );
    for (const key of keys) {
      const [userid, segment] = split(key);
      const row = select.get({ tenant_id: tenantId, userid, segment }) as SegmentRow | undefined;
      if (row) found.set(key, row);
    }
    return found;
  }
  const byUser = new Map<string, string[]>();
  for (const key of keys) {
    const [userid, segment] = split(key);
    const list = byUser.get(userid);
    if (list) list.push(segment);
    else byUser.set(userid, [segment]);
  }
  for (const userid of [...byUser.keys()].sort()) {
    for (const batch of chunks(byUser.get(userid)!.sort())) {
      const query = trx.selectFrom('reading_segments').selectAll().where('tenant_id', '=', tenantId).where('userid', '=', userid).where('segment', 'in', batch).orderBy('segment').forUpdate();
      for (const row of await query.execute()) found.set(segmentKey(row.userid, row.segment), row);
    }
  }
  return found;
}

/** Inserts segments that are new; answers the keys inserted (not those another transaction inserted first). */
async function insertSegments(trx: Kysely<Schema>, database: ReadingDatabase, tenantId: string, reports: SegmentReport[], now: number): Promise<Set<string>> {
  const inserted = new Set<string>();
  const rows: SegmentRow[] = [...reports]
    .sort((a, b) => (a.userid < b.userid ? -1 : a.userid > b.userid ? 1 : a.segment < b.segment ? -1 : 1))
    .map((r) => ({
      tenant_id: tenantId,
      segment: r.segment,
      site_id: r.siteId,
      path: r.path,
      userid: r.userid,
      seq: r.seq,
      started_at: r.startedAt,
      day: r.day,
      active_ms: r.activeMs,
      visible_ms: r.visibleMs,
      max_depth: r.maxDepth,
      completed: r.completed ? 1 : 0,
      created_at: now,
      updated_at: now,
    }));
  const build = (values: SegmentRow[]) =>
    trx
      .insertInto('reading_segments')
      .values(values)
      // Inserted by another transaction since we looked: it is compared with what that wrote.
      .onConflict((oc) => oc.doNothing())
      .returning(['userid', 'segment']);
  for (const row of (await writeRows(database, 'reading.segments.insert', SEGMENT_FIELDS, build, rows)) as Array<{ userid: string; segment: string }>) {
    inserted.add(segmentKey(row.userid, row.segment));
  }
  return inserted;
}

const SEGMENT_FIELDS = [
  'tenant_id',
  'segment',
  'site_id',
  'path',
  'userid',
  'seq',
  'started_at',
  'day',
  'active_ms',
  'visible_ms',
  'max_depth',
  'completed',
  'created_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof SegmentRow>;

/**
 * Runs a write for every row: on SQLite one prepared statement per row (db/prepared.ts), on
 * PostgreSQL one statement per 400 rows (a round trip each). Answers the rows RETURNING gave,
 * in no particular order.
 */
async function writeRows<Row extends object>(
  database: ReadingDatabase,
  key: string,
  fields: ReadonlyArray<keyof Row & string>,
  build: (rows: Row[]) => Compilable & { execute(): Promise<unknown> },
  rows: Row[],
  returns = true,
): Promise<unknown[]> {
  const out: unknown[] = [];
  if (database.sqlite) {
    const statement = preparedRow<Row>(database.sqlite, key, fields, (row) => build([row]));
    for (const row of rows) {
      if (!returns) statement.run(row);
      else {
        const result = statement.get(row);
        if (result !== undefined) out.push(result);
      }
    }
    return out;
  }
  for (const batch of chunks(rows, 400)) {
    const result = await build(batch).execute();
    if (returns) out.push(...(result as unknown[]));
  }
  return out;
}

/**
 * New values for segments locked by this transaction; what fixes a segment (site, path, user,
 * start, day) is kept. On PostgreSQL written as an upsert of rows that all exist (one statement
 * per 400, where an UPDATE … FROM VALUES would differ between the dialects).
 */
async function updateSegments(trx: Kysely<Schema>, database: ReadingDatabase, updates: Array<{ old: SegmentRow; report: SegmentReport }>, now: number): Promise<void> {
  const rows: SegmentRow[] = updates.map(({ old, report: r }) => ({
    ...old,
    seq: r.seq,
    active_ms: r.activeMs,
    visible_ms: r.visibleMs,
    max_depth: r.maxDepth,
    completed: r.completed ? 1 : 0,
    updated_at: now,
  }));
  if (database.sqlite) {
    const update = preparedRow<SegmentRow>(database.sqlite, 'reading.segments.update', SEGMENT_FIELDS, (row) =>
      trx
        .updateTable('reading_segments')
        .set({ seq: row.seq, active_ms: row.active_ms, visible_ms: row.visible_ms, max_depth: row.max_depth, completed: row.completed, updated_at: row.updated_at })
        .where('tenant_id', '=', row.tenant_id)
        .where('userid', '=', row.userid)
        .where('segment', '=', row.segment),
    );
    for (const row of rows) update.run(row);
    return;
  }
  for (const batch of chunks(rows, 400)) {
    await trx
      .insertInto('reading_segments')
      .values(batch)
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'userid', 'segment']).doUpdateSet((eb) => ({
          seq: eb.ref('excluded.seq'),
          active_ms: eb.ref('excluded.active_ms'),
          visible_ms: eb.ref('excluded.visible_ms'),
          max_depth: eb.ref('excluded.max_depth'),
          completed: eb.ref('excluded.completed'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

interface Contribution {
  views: number;
  activeMs: number;
  completedViews: number;
}
const NOTHING: Contribution = { views: 0, activeMs: 0, completedViews: 0 };

/** What a segment adds to the rollups: a view, its active time, whether completed — if it is a view. */
export function contribution(activeMs: number, completed: boolean): Contribution {
  return activeMs >= VIEW_MIN_ACTIVE_MS ? { views: 1, activeMs, completedViews: completed ? 1 : 0 } : NOTHING;
}

/**
 * A change of one segment's contribution to the rollups: a row of `reading_rollup_journal`
 * (without its id). The rollups it touches are the document's and the site's (path SITE_WIDE).
 */
export interface RollupChange extends Contribution {
  tenantId: string;
  siteId: string;
  path: string;
  userid: string;
  /** the segment's day and start, fixed by its first report */
  day: number;
  startedAt: number;
  /** the segment is a view after the change: its depth, start and `at` are candidates for the rows' max, min and last */
  isView: boolean;
  maxDepth: number;
  /** when the server accepted the report */
  at: number;
}

interface ReaderDelta extends Contribution {
  tenantId: string;
  siteId: string;
  path: string;
  userid: string;
  day: number;
  /** candidates for the row's max, min and max: only from a segment that is a view now */
  maxDepth: number;
  firstAt: number;
  lastAt: number;
  /** the document's row (all time, or of the day) that counts this reader */
  doc: DocDelta;
}
interface DocDelta extends Contribution {
  tenantId: string;
  siteId: string;
  path: string;
  day: number;
  readers: number;
  completedReaders: number;
  lastAt: number;
  /** some change took a view away: the row may be left with none (or be new with none) */
  lostViews: boolean;
}

// Neutral candidates, for a segment that stopped being a view: max(x, 0) = x, min(x, NEVER) = x.
const NEVER = Number.MAX_SAFE_INTEGER;

/**
 * The rollup changes of changed segments, one per reader, document and day: a request's events
 * are one reader's, often several segments of the same document, and the fold would sum them
 * anyway. Candidates (depth, start) come only from segments that are views after the change. A
 * change that takes a view away stays a change of its own, so that a fold sees it (a document's
 * row left with no view is deleted).
 */
export function rollupChanges(changes: Array<{ old: SegmentRow | undefined; report: SegmentReport }>, now: number): RollupChange[] {
  const out: RollupChange[] = [];
  const byReaderDay = new Map<string, RollupChange>();
  for (const { old, report } of changes) {
    const before = old ? contribution(old.active_ms, old.completed === 1) : NOTHING;
    const after = contribution(report.activeMs, report.completed);
    if (before.views === 0 && after.views === 0) continue;
    const change: RollupChange = {
      tenantId: report.tenantId,
      siteId: report.siteId,
      path: report.path,
      userid: report.userid,
      // What the first report fixed stays: start and day from the stored row.
      day: old?.day ?? report.day,
      startedAt: old?.started_at ?? report.startedAt,
      views: after.views - before.views,
      activeMs: after.activeMs - before.activeMs,
      completedViews: after.completedViews - before.completedViews,
      isView: after.views > 0,
      maxDepth: report.maxDepth,
      at: now,
    };
    if (change.views < 0) {
      out.push(change);
      continue;
    }
    const key = `${change.tenantId}\u0000${change.siteId}\u0000${change.path}\u0000${change.day}\u0000${change.userid}`;
    const same = byReaderDay.get(key);
    if (!same) {
      byReaderDay.set(key, change);
      out.push(change);
      continue;
    }
    same.views += change.views;
    same.activeMs += change.activeMs;
    same.completedViews += change.completedViews;
    if (change.isView) {
      if (!same.isView) {
        same.isView = true;
        same.startedAt = change.startedAt;
        same.maxDepth = change.maxDepth;
      } else {
        same.startedAt = Math.min(same.startedAt, change.startedAt);
        same.maxDepth = Math.max(same.maxDepth, change.maxDepth);
      }
    }
  }
  return out;
}

type JournalRow = Omit<ReadingRollupJournalTable, 'id'>;
const JOURNAL_FIELDS = [
  'tenant_id',
  'site_id',
  'path',
  'userid',
  'day',
  'started_at',
  'views',
  'active_ms',
  'completed_views',
  'is_view',
  'max_depth',
  'at',
] as const satisfies ReadonlyArray<keyof JournalRow>;

async function appendRollupJournal(trx: Kysely<Schema>, database: ReadingDatabase, changes: RollupChange[]): Promise<void> {
  const rows = changes.map(
    (c): JournalRow => ({
      tenant_id: c.tenantId,
      site_id: c.siteId,
      path: c.path,
      userid: c.userid,
      day: c.day,
      started_at: c.startedAt,
      views: c.views,
      active_ms: c.activeMs,
      completed_views: c.completedViews,
      is_view: c.isView ? 1 : 0,
      max_depth: c.maxDepth,
      at: c.at,
    }),
  );
  await writeRows(database, 'reading.journal.insert', JOURNAL_FIELDS, (values) => trx.insertInto('reading_rollup_journal').values(values), rows, false);
}

/**
 * Moves journal rows into the rollups inside the caller's transaction: deletes up to `limit`
 * rows with an id ≤ `upTo` (in id order), and applies what the deleted rows say. The delete
 * claims the rows: a transaction that commits has folded them once; one that rolls back has
 * changed nothing. Answers how many rows were folded, and the highest id among them.
 *
 * Callers serialize folds (reading/rollup-folder.ts): on PostgreSQL two folds that overlapped
 * would still never fold a row twice (the second waits for the first's delete and then skips
 * its rows), but could meet on rollup rows.
 */
export async function foldRollupJournal(trx: Kysely<Schema>, database: ReadingDatabase, upTo: number, limit: number): Promise<{ rows: number; lastId: number }> {
  const rows = await trx
    .deleteFrom('reading_rollup_journal')
    .where('id', 'in', (eb) => eb.selectFrom('reading_rollup_journal').select('id').where('id', '<=', upTo).orderBy('id').limit(limit))
    .returning(['id', ...JOURNAL_FIELDS])
    .execute();
  await applyRollups(
    trx,
    database,
    rows.map(
      (r): RollupChange => ({
        tenantId: r.tenant_id,
        siteId: r.site_id,
        path: r.path,
        userid: r.userid,
        day: Number(r.day),
        startedAt: Number(r.started_at),
        views: Number(r.views),
        activeMs: Number(r.active_ms),
        completedViews: Number(r.completed_views),
        isView: Number(r.is_view) === 1,
        maxDepth: Number(r.max_depth),
        at: Number(r.at),
      }),
    ),
  );
  let lastId = 0;
  for (const r of rows) if (Number(r.id) > lastId) lastId = Number(r.id);
  return { rows: rows.length, lastId };
}

/** Adds a change to a document's row (all time when `day` is 0, else of that day). */
function addToDoc(map: Map<string, DocDelta>, key: string, change: RollupChange, path: string, day: number): DocDelta {
  let row = map.get(key);
  if (!row) {
    row = { tenantId: change.tenantId, siteId: change.siteId, path, day, views: 0, activeMs: 0, completedViews: 0, readers: 0, completedReaders: 0, lastAt: 0, lostViews: false };
    map.set(key, row);
  }
  row.views += change.views;
  row.activeMs += change.activeMs;
  row.completedViews += change.completedViews;
  if (change.views < 0) row.lostViews = true;
  return row;
}

/** Adds a change to a reader's row (all time when `day` is 0, else of that day), counted by `doc`. */
function addToReader(map: Map<string, ReaderDelta>, key: string, change: RollupChange, path: string, day: number, doc: DocDelta): void {
  let row = map.get(key);
  if (!row) {
    row = { tenantId: change.tenantId, siteId: change.siteId, path, userid: change.userid, day, views: 0, activeMs: 0, completedViews: 0, maxDepth: 0, firstAt: NEVER, lastAt: 0, doc };
    map.set(key, row);
  }
  row.views += change.views;
  row.activeMs += change.activeMs;
  row.completedViews += change.completedViews;
  if (change.isView) {
    if (change.maxDepth > row.maxDepth) row.maxDepth = change.maxDepth;
    if (change.startedAt < row.firstAt) row.firstAt = change.startedAt;
    if (change.at > row.lastAt) row.lastAt = change.at;
  }
}

/**
 * Applies rollup changes, summed per rollup row first: many changes of a fold meet on the same
 * rows (the site's, a reader's day, a popular document's). Sums, maxima and minima do not
 * depend on the order of the changes, and a reader's transitions (a first view, a first
 * completed view) are read from the row's values before and after the whole sum, so a fold of
 * many changes leaves the rollups as applying them one by one would.
 */
export async function applyRollups(trx: Kysely<Schema>, database: ReadingDatabase, changes: RollupChange[]): Promise<void> {
  // Keys: site, path[, day][, reader], joined by NUL (in no id or path); rows are written in key order.
  const readers = new Map<string, ReaderDelta>();
  const readerDays = new Map<string, ReaderDelta>();
  const docs = new Map<string, DocDelta>();
  const docDays = new Map<string, DocDelta>();
  for (const change of changes) {
    for (let site = 0; site < 2; site++) {
      const path = site === 0 ? change.path : SITE_WIDE;
      const docKey = `${change.siteId}\u0000${path}`;
      const dayKey = `${docKey}\u0000${change.day}`;
      const doc = addToDoc(docs, docKey, change, path, 0);
      const docDay = addToDoc(docDays, dayKey, change, path, change.day);
      addToReader(readers, `${docKey}\u0000${change.userid}`, change, path, 0, doc);
      addToReader(readerDays, `${dayKey}\u0000${change.userid}`, change, path, change.day, docDay);
      if (change.isView && change.at > doc.lastAt) doc.lastAt = change.at;
    }
  }
  if (docs.size === 0) return;

  const sqlite = database.dialect === 'sqlite';
  const greatest = (eb: ExpressionBuilder<any, any>, a: string, b: string) => eb.fn<number>(sqlite ? 'max' : 'greatest', [eb.ref(a), eb.ref(b)]);
  const least = (eb: ExpressionBuilder<any, any>, a: string, b: string) => eb.fn<number>(sqlite ? 'min' : 'least', [eb.ref(a), eb.ref(b)]);
  const any = trx as Kysely<any>;
  const sorted = <D>(map: Map<string, D>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, d]) => d);

  // A reader row's views going from 0 to more makes a reader of the document (or of the day);
  // their completed views going from 0 to more, a reader who completed it. Rows left with no
  // view are deleted.
  const counted = (delta: ReaderDelta, views: number, completed: number, perDay: boolean, gone: ReaderDelta[]) => {
    const was = views - delta.views > 0;
    const is = views > 0;
    delta.doc.readers += Number(is) - Number(was);
    if (!perDay) delta.doc.completedReaders += Number(is && completed > 0) - Number(was && completed - delta.completedViews > 0);
    if (!is) gone.push(delta);
  };

  for (const [table, map] of [
    ['reading_readers', readers],
    ['reading_reader_days', readerDays],
  ] as const) {
    const perDay = table === 'reading_reader_days';
    const conflict = perDay ? (['site_id', 'path', 'day', 'userid'] as const) : (['site_id', 'path', 'userid'] as const);
    const fields = ['tenant_id', 'site_id', 'path', 'userid', ...(perDay ? (['day'] as const) : []), 'views', 'active_ms', 'completed_views', 'max_depth', 'first_at', 'last_at'] as const;
    type Row = Record<(typeof fields)[number], string | number>;
    const build = (values: Row[]) =>
      any
        .insertInto(table)
        .values(values)
        .onConflict((oc) =>
          oc.columns([...conflict]).doUpdateSet((eb) => ({
            views: eb(`${table}.views`, '+', eb.ref('excluded.views')),
            active_ms: eb(`${table}.active_ms`, '+', eb.ref('excluded.active_ms')),
            completed_views: eb(`${table}.completed_views`, '+', eb.ref('excluded.completed_views')),
            max_depth: greatest(eb, `${table}.max_depth`, 'excluded.max_depth'),
            first_at: least(eb, `${table}.first_at`, 'excluded.first_at'),
            last_at: greatest(eb, `${table}.last_at`, 'excluded.last_at'),
          })),
        )
        // SQLite answers row by row (one statement each): the counts are enough. PostgreSQL
        // answers a statement of many rows: each names its row.
        .returning(sqlite ? ['views', 'completed_views'] : [...conflict, 'views', 'completed_views']);
    const deltas = sorted(map);
    const rowOf = (d: ReaderDelta): Row =>
      ({
        tenant_id: d.tenantId,
        site_id: d.siteId,
        path: d.path,
        userid: d.userid,
        ...(perDay ? { day: d.day } : {}),
        views: d.views,
        active_ms: d.activeMs,
        completed_views: d.completedViews,
        max_depth: d.maxDepth,
        first_at: d.firstAt,
        last_at: d.lastAt,
      }) as Row;
    const gone: ReaderDelta[] = [];
    if (database.sqlite) {
      const upsert = preparedRow<Row>(database.sqlite, `reading.${table}.upsert`, fields, (row) => build([row]));
      for (const d of deltas) {
        const row = upsert.get(rowOf(d)) as { views: number; completed_views: number };
        counted(d, row.views, row.completed_views, perDay, gone);
      }
    } else {
      for (const row of (await writeRows(database, `reading.${table}.upsert`, fields, build, deltas.map(rowOf))) as Array<{ site_id: string; path: string; userid: string; day?: number; views: number; completed_views: number }>) {
        const key = perDay ? `${row.site_id}\u0000${row.path}\u0000${row.day}\u0000${row.userid}` : `${row.site_id}\u0000${row.path}\u0000${row.userid}`;
        counted(map.get(key)!, Number(row.views), Number(row.completed_views), perDay, gone);
      }
    }
    for (const d of gone) {
      let query = any.deleteFrom(table).where('site_id', '=', d.siteId).where('path', '=', d.path).where('userid', '=', d.userid);
      if (perDay) query = query.where('day', '=', d.day);
      await query.where('views', '<=', 0).execute();
    }
  }

  // Documents' rows need no answer: they fall to 0 views only from a negative delta, checked after.
  type DocDayRow = { tenant_id: string; site_id: string; day: number; path: string; views: number; readers: number; active_ms: number };
  const buildDocDays = (values: DocDayRow[]) =>
    trx
      .insertInto('reading_doc_days')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['site_id', 'day', 'path']).doUpdateSet((eb) => ({
          views: eb('reading_doc_days.views', '+', eb.ref('excluded.views')),
          readers: eb('reading_doc_days.readers', '+', eb.ref('excluded.readers')),
          active_ms: eb('reading_doc_days.active_ms', '+', eb.ref('excluded.active_ms')),
        })),
      );
  const dayRows = sorted(docDays).map((d): DocDayRow => ({ tenant_id: d.tenantId, site_id: d.siteId, day: d.day, path: d.path, views: d.views, readers: d.readers, active_ms: d.activeMs }));
  await writeRows(database, 'reading.doc_days.upsert', ['tenant_id', 'site_id', 'day', 'path', 'views', 'readers', 'active_ms'], buildDocDays, dayRows, false);
  // A row can be left with no view only by a change that took one away (summed with others, a
  // view made and unmade within one fold leaves a new row of 0 views).
  for (const d of docDays.values()) {
    if (d.lostViews && d.views <= 0) await trx.deleteFrom('reading_doc_days').where('site_id', '=', d.siteId).where('day', '=', d.day).where('path', '=', d.path).where('views', '<=', 0).execute();
  }

  type DocRow = { tenant_id: string; site_id: string; path: string; views: number; readers: number; completed_readers: number; active_ms: number; last_at: number };
  const buildDocs = (values: DocRow[]) =>
    trx
      .insertInto('reading_docs')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['site_id', 'path']).doUpdateSet((eb) => ({
          views: eb('reading_docs.views', '+', eb.ref('excluded.views')),
          readers: eb('reading_docs.readers', '+', eb.ref('excluded.readers')),
          completed_readers: eb('reading_docs.completed_readers', '+', eb.ref('excluded.completed_readers')),
          active_ms: eb('reading_docs.active_ms', '+', eb.ref('excluded.active_ms')),
          last_at: greatest(eb, 'reading_docs.last_at', 'excluded.last_at'),
        })),
      );
  const docRows = sorted(docs).map(
    (d): DocRow => ({ tenant_id: d.tenantId, site_id: d.siteId, path: d.path, views: d.views, readers: d.readers, completed_readers: d.completedReaders, active_ms: d.activeMs, last_at: d.lastAt }),
  );
  await writeRows(database, 'reading.docs.upsert', ['tenant_id', 'site_id', 'path', 'views', 'readers', 'completed_readers', 'active_ms', 'last_at'], buildDocs, docRows, false);
  const goneDocs = [...docs.values()].filter((d) => d.lostViews && d.views <= 0);
  for (const d of goneDocs) {
    await trx.deleteFrom('reading_docs').where('site_id', '=', d.siteId).where('path', '=', d.path).where('views', '<=', 0).execute();
  }
}
