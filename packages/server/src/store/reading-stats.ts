import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../db/database.js';
import type { Executor } from './executor.js';

/**
 * Reads of the reading rollups (store/reading-events.ts keeps them). `path` is a document's, or
 * SITE_WIDE for the whole site. A range is of local days (reading/days.ts), both ends included;
 * `null` means all time, answered from the all-time rows.
 */
export interface DayRange {
  from: number;
  to: number;
}

export interface ReaderTotals {
  userid: string;
  views: number;
  activeMs: number;
  completedViews: number;
  maxDepth: number;
  firstAt: number;
  lastAt: number;
}

export type ReaderSortKey = 'user' | 'activeMs' | 'views' | 'lastAt';
const SORT_COLUMN = { activeMs: 'active_ms', views: 'views', lastAt: 'last_at' } as const;

/** One row per reader: the all-time rows, or the days of the range summed per reader. */
function readerSource(db: Executor, siteId: string, path: string, range: DayRange | null) {
  const any = db as unknown as Kysely<any>;
  if (range === null) {
    return any
      .selectFrom('reading_readers')
      .select(['userid', 'views', 'active_ms', 'completed_views', 'max_depth', 'first_at', 'last_at'])
      .where('site_id', '=', siteId)
      .where('path', '=', path);
  }
  return any
    .selectFrom('reading_reader_days')
    .select((eb) => [
      'userid',
      eb.fn.sum('views').as('views'),
      eb.fn.sum('active_ms').as('active_ms'),
      eb.fn.sum('completed_views').as('completed_views'),
      eb.fn.max('max_depth').as('max_depth'),
      eb.fn.min('first_at').as('first_at'),
      eb.fn.max('last_at').as('last_at'),
    ])
    .where('site_id', '=', siteId)
    .where('path', '=', path)
    .where('day', '>=', range.from)
    .where('day', '<=', range.to)
    .groupBy('userid');
}

interface ReaderRow {
  userid: string;
  views: number | string;
  active_ms: number | string;
  completed_views: number | string;
  max_depth: number;
  first_at: number | string;
  last_at: number | string;
}

const toTotals = (r: ReaderRow): ReaderTotals => ({
  userid: r.userid,
  views: Number(r.views),
  activeMs: Number(r.active_ms),
  completedViews: Number(r.completed_views),
  maxDepth: Number(r.max_depth),
  firstAt: Number(r.first_at),
  lastAt: Number(r.last_at),
});

export interface ReaderColumns {
  userids: string[];
  views: number[];
  activeMs: number[];
  /** at least one completed view */
  completed: boolean[];
}

/**
 * Every reader's views, active time and completion (for counts, the median, unread and
 * departments), as columns. They come as one text (group_concat, string_agg) rather than one row
 * per reader: with 50 000 readers, the drivers' making of an object per row cost several times
 * the query itself (docs/perf.md). Userids hold no ':' or ','.
 */
export async function readerColumns(db: Executor, dialect: DialectName, siteId: string, path: string, range: DayRange | null): Promise<ReaderColumns> {
  const item = sql`userid || ':' || views || ':' || active_ms || ':' || completed_views`;
  const concat = dialect === 'sqlite' ? sql<string | null>`group_concat(${item}, ',')` : sql<string | null>`string_agg(${item}, ',')`;
  const query = sql<{ readers: string | null }>`select ${concat} as readers from (${readerSource(db, siteId, path, range)}) as r`;
  const row = (await query.execute(db)).rows[0];
  const out: ReaderColumns = { userids: [], views: [], activeMs: [], completed: [] };
  const text = row?.readers;
  if (!text) return out;
  for (const entry of text.split(',')) {
    const [userid, views, activeMs, completed] = entry.split(':') as [string, string, string, string];
    out.userids.push(userid);
    out.views.push(Number(views));
    out.activeMs.push(Number(activeMs));
    out.completed.push(Number(completed) > 0);
  }
  return out;
}

export interface ReaderPosition {
  /** the sort column's value of the last row of the previous page (unused for `user`) */
  value: number;
  userid: string;
}

/**
 * Readers in `sort` order (userid ascending; the others descending, then userid), after
 * `after`; `limit` undefined for all of them (CSV).
 */
export async function readersPage(
  db: Executor,
  siteId: string,
  path: string,
  range: DayRange | null,
  sort: ReaderSortKey,
  after: ReaderPosition | undefined,
  limit: number | undefined,
): Promise<{ readers: ReaderTotals[]; more: boolean }> {
  const any = db as unknown as Kysely<any>;
  let query = any.selectFrom(readerSource(db, siteId, path, range).as('r')).selectAll();
  if (sort === 'user') {
    if (after) query = query.where('userid', '>', after.userid);
    query = query.orderBy('userid');
  } else {
    const column = SORT_COLUMN[sort];
    if (after) {
      query = query.where((eb) => eb.or([eb(column, '<', after.value), eb.and([eb(column, '=', after.value), eb('userid', '>', after.userid)])]));
    }
    query = query.orderBy(column, 'desc').orderBy('userid');
  }
  if (limit !== undefined) query = query.limit(limit + 1);
  const rows = ((await query.execute()) as ReaderRow[]).map(toTotals);
  const more = limit !== undefined && rows.length > limit;
  return { readers: more ? rows.slice(0, limit) : rows, more };
}

/** How many readers: kept on the all-time row; counted for a range. */
export async function countReaders(db: Executor, siteId: string, path: string, range: DayRange | null): Promise<number> {
  if (range === null) {
    const row = await db.selectFrom('reading_docs').select('readers').where('site_id', '=', siteId).where('path', '=', path).executeTakeFirst();
    return Number(row?.readers ?? 0);
  }
  const row = await db
    .selectFrom('reading_reader_days')
    .select((eb) => eb.fn.count<number>('userid').distinct().as('readers'))
    .where('site_id', '=', siteId)
    .where('path', '=', path)
    .where('day', '>=', range.from)
    .where('day', '<=', range.to)
    .executeTakeFirst();
  return Number(row?.readers ?? 0);
}

/** The first and last day with a view of the path, or null when it has none. */
export async function viewedDays(db: Executor, siteId: string, path: string): Promise<DayRange | null> {
  // Two seeks in (site_id, path, day) rather than one scan of every day.
  const first = await db.selectFrom('reading_doc_days').select('day').where('site_id', '=', siteId).where('path', '=', path).orderBy('day').limit(1).executeTakeFirst();
  if (!first) return null;
  const last = await db.selectFrom('reading_doc_days').select('day').where('site_id', '=', siteId).where('path', '=', path).orderBy('day', 'desc').limit(1).executeTakeFirst();
  return { from: Number(first.day), to: Number(last!.day) };
}

export interface DocRollup {
  path: string;
  views: number;
  readers: number;
  activeMs: number;
}

/** Every document under a prefix with its all-time totals. */
export async function docTotalsUnder(db: Executor, siteId: string, prefix: string): Promise<DocRollup[]> {
  const rows = await db
    .selectFrom('reading_docs')
    .select(['path', 'views', 'readers', 'active_ms'])
    .where('site_id', '=', siteId)
    .where('path', '>=', prefix)
    .where('path', '<', prefixEnd(prefix))
    .execute();
  return rows.map((r) => ({ path: r.path, views: Number(r.views), readers: Number(r.readers), activeMs: Number(r.active_ms) }));
}

export interface DocRangeRollup {
  path: string;
  views: number;
  activeMs: number;
  /** the sum of each day's readers: at least the distinct readers of the range */
  readerDays: number;
  /** the most readers of one day: at most the distinct readers of the range */
  busiestDay: number;
}

/** Every document under a prefix with its totals over a range of days (one run of the day-first key). */
export async function docTotalsInRange(db: Executor, siteId: string, prefix: string, range: DayRange): Promise<DocRangeRollup[]> {
  const rows = await db
    .selectFrom('reading_doc_days')
    .select((eb) => [
      'path',
      eb.fn.sum<number>('views').as('views'),
      eb.fn.sum<number>('active_ms').as('active_ms'),
      eb.fn.sum<number>('readers').as('reader_days'),
      eb.fn.max<number>('readers').as('busiest_day'),
    ])
    .where('site_id', '=', siteId)
    .where('day', '>=', range.from)
    .where('day', '<=', range.to)
    .where('path', '>=', prefix)
    .where('path', '<', prefixEnd(prefix))
    .groupBy('path')
    .execute();
  return rows.map((r) => ({
    path: r.path,
    views: Number(r.views),
    activeMs: Number(r.active_ms),
    readerDays: Number(r.reader_days),
    busiestDay: Number(r.busiest_day),
  }));
}

export interface DayRollup {
  day: number;
  views: number;
  readers: number;
  activeMs: number;
}

/** The path's days with views within the range, in day order. */
export async function docDays(db: Executor, siteId: string, path: string, range: DayRange): Promise<DayRollup[]> {
  const rows = await db
    .selectFrom('reading_doc_days')
    .select(['day', 'views', 'readers', 'active_ms'])
    .where('site_id', '=', siteId)
    .where('path', '=', path)
    .where('day', '>=', range.from)
    .where('day', '<=', range.to)
    .orderBy('day')
    .execute();
  return rows.map((r) => ({ day: Number(r.day), views: Number(r.views), readers: Number(r.readers), activeMs: Number(r.active_ms) }));
}

/** Distinct readers of each week (starting on Monday) with a view within the range. */
export async function weeklyReaders(db: Executor, siteId: string, path: string, range: DayRange): Promise<Map<number, number>> {
  // Day 0 (1970-01-01) was a Thursday: the Monday of day d is d − (d + 3) mod 7.
  const week = sql<number>`day - ((day + 3) % 7)`;
  const rows = await db
    .selectFrom('reading_reader_days')
    .select((eb) => [week.as('week'), eb.fn.count<number>('userid').distinct().as('readers')])
    .where('site_id', '=', siteId)
    .where('path', '=', path)
    .where('day', '>=', range.from)
    .where('day', '<=', range.to)
    .groupBy(week)
    .execute();
  return new Map(rows.map((r) => [Number(r.week), Number(r.readers)]));
}

export interface SegmentRow {
  segment: string;
  userid: string;
  path: string;
  seq: number;
  startedAt: number;
  activeMs: number;
  visibleMs: number;
  maxDepth: number;
  completed: boolean;
  updatedAt: number;
}

/** A reader's segments of a document, by segment id (the key: tenant, user, segment). */
export async function segmentsPage(
  db: Executor,
  tenantId: string,
  siteId: string,
  path: string,
  filter: { userid: string; after?: string | undefined; limit: number },
): Promise<{ segments: SegmentRow[]; more: boolean }> {
  let query = db
    .selectFrom('reading_segments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('userid', '=', filter.userid)
    .where('site_id', '=', siteId)
    .where('path', '=', path);
  if (filter.after !== undefined) query = query.where('segment', '>', filter.after);
  const rows = await query.orderBy('segment').limit(filter.limit + 1).execute();
  return {
    more: rows.length > filter.limit,
    segments: rows.slice(0, filter.limit).map((r) => ({
      segment: r.segment,
      userid: r.userid,
      path: r.path,
      seq: Number(r.seq),
      startedAt: Number(r.started_at),
      activeMs: Number(r.active_ms),
      visibleMs: Number(r.visible_ms),
      maxDepth: Number(r.max_depth),
      completed: r.completed === 1,
      updatedAt: Number(r.updated_at),
    })),
  };
}

/**
 * The first key after every key that starts with `prefix`: the prefix with its last character
 * incremented. UTF-8 keeps code point order, so this holds for byte order (collate "C" on
 * PostgreSQL, memcmp on SQLite) as for code points.
 */
export function prefixEnd(prefix: string): string {
  const last = prefix.codePointAt(prefix.length - 1 - (prefix.length > 1 && /[\udc00-\udfff]/.test(prefix.at(-1)!) ? 1 : 0))!;
  const head = prefix.slice(0, prefix.length - String.fromCodePoint(last).length);
  const next = last + 1 >= 0xd800 && last + 1 <= 0xdfff ? 0xe000 : last + 1;
  return head + String.fromCodePoint(next);
}
