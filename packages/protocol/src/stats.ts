import Type from 'typebox';
import { MemberStatus } from './directory.js';
import { DepartmentRef } from './identity.js';

/**
 * Reading statistics (docs/api.md, "Reading statistics"). Definitions: a **view** is a segment
 * with at least 1 s of active time (shorter segments are kept but count nowhere); a **reader** of
 * a document is a member with at least one view of it, whether or not they are still with the
 * company; the **audience** is who may read it now (active members, "who has access").
 *
 * Dates are calendar days in the tenant's time zone (`YYYY-MM-DD`, default Asia/Shanghai); a
 * segment counts on the day it started. `from` and `to` are inclusive.
 */

const PathInput = Type.String({ minLength: 1, maxLength: 4096 });
const Cursor = Type.String({ maxLength: 4200 });
/** a calendar day in the tenant's time zone, e.g. "2027-03-31" */
export const IsoDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
/** ISO 8601 date and time, e.g. "2027-01-31T16:00:00.000Z" */
const IsoTime = Type.String();
/** `csv` answers a file of every row instead of a JSON page */
const Format = Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')]));

/** the first and last day counted, both included; either may be left out */
const From = Type.Optional(IsoDate);
const To = Type.Optional(IsoDate);
/** the range as applied, echoed in answers: null where it was left open */
const RangeEcho = {
  from: Type.Union([IsoDate, Type.Null()]),
  to: Type.Union([IsoDate, Type.Null()]),
  /** the IANA time zone the days are counted in */
  timeZone: Type.String(),
};

export const DocStatsQuery = Type.Object({ path: PathInput, from: From, to: To });
export type DocStatsQuery = Type.Static<typeof DocStatsQuery>;

export const DocStats = Type.Object({
  /** the normalized path */
  path: Type.String(),
  /** the document's title in the catalogue (null when it has none) */
  title: Type.Union([Type.String(), Type.Null()]),
  ...RangeEcho,
  /** segments with at least 1 s of active time */
  views: Type.Integer(),
  /** members with at least one view, including those who have since left */
  readers: Type.Integer(),
  activeMsTotal: Type.Integer(),
  /** the median, over readers, of each reader's total active time (0 without readers) */
  activeMsMedian: Type.Integer(),
  /** readers with a completed view ÷ readers (0 without readers) */
  completionRate: Type.Number(),
  /** active members who may read the document now */
  audience: Type.Integer(),
  /** members of the audience without a view (in the range, when one is given) */
  unread: Type.Integer(),
});
export type DocStats = Type.Static<typeof DocStats>;

export const ReaderSort = Type.Union([Type.Literal('user'), Type.Literal('activeMs'), Type.Literal('views'), Type.Literal('lastAt')]);
export type ReaderSort = Type.Static<typeof ReaderSort>;

export const ReadersQuery = Type.Object({
  path: PathInput,
  from: From,
  to: To,
  /** `user` (default, ascending userid); `activeMs`, `views`, `lastAt` descending, ties by userid */
  sort: Type.Optional(ReaderSort),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  format: Format,
});
export type ReadersQuery = Type.Static<typeof ReadersQuery>;

export const Reader = Type.Object({
  user: Type.String(),
  name: Type.String(),
  departments: Type.Array(DepartmentRef),
  /** readers who have left stay listed: they read it */
  status: MemberStatus,
  views: Type.Integer(),
  activeMs: Type.Integer(),
  /** the deepest any of their views reached, 0..1 */
  maxDepth: Type.Number(),
  /** at least one of their views was completed */
  completed: Type.Boolean(),
  /** when their first view started */
  firstAt: IsoTime,
  /** when one of their views last reported */
  lastAt: IsoTime,
});
export type Reader = Type.Static<typeof Reader>;

export const ReadersResponse = Type.Object({
  path: Type.String(),
  ...RangeEcho,
  /** readers in all, across pages */
  total: Type.Integer(),
  readers: Type.Array(Reader),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});
export type ReadersResponse = Type.Static<typeof ReadersResponse>;

export const UnreadQuery = Type.Object({
  path: PathInput,
  from: From,
  to: To,
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  format: Format,
});
export type UnreadQuery = Type.Static<typeof UnreadQuery>;

export const UnreadUser = Type.Object({
  id: Type.String(),
  name: Type.String(),
  departments: Type.Array(DepartmentRef),
});
export type UnreadUser = Type.Static<typeof UnreadUser>;

export const UnreadResponse = Type.Object({
  path: Type.String(),
  ...RangeEcho,
  /** audience members without a view, across pages */
  total: Type.Integer(),
  /** in userid order */
  users: Type.Array(UnreadUser),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});
export type UnreadResponse = Type.Static<typeof UnreadResponse>;

export const TopBy = Type.Union([Type.Literal('views'), Type.Literal('readers'), Type.Literal('activeMs')]);
export type TopBy = Type.Static<typeof TopBy>;

export const TopQuery = Type.Object({
  from: From,
  to: To,
  /** default `views` */
  by: Type.Optional(TopBy),
  /** a folder: only documents below it */
  prefix: Type.Optional(PathInput),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});
export type TopQuery = Type.Static<typeof TopQuery>;

export const TopDoc = Type.Object({
  path: Type.String(),
  title: Type.Union([Type.String(), Type.Null()]),
  views: Type.Integer(),
  readers: Type.Integer(),
  activeMsTotal: Type.Integer(),
});
export type TopDoc = Type.Static<typeof TopDoc>;

export const TopResponse = Type.Object({
  ...RangeEcho,
  by: TopBy,
  /** best first; ties in path order */
  docs: Type.Array(TopDoc),
});
export type TopResponse = Type.Static<typeof TopResponse>;

export const DepartmentStatsQuery = Type.Object({
  /** a document; without it, the whole site (readers of any document, the audience of `/`) */
  path: Type.Optional(PathInput),
  from: From,
  to: To,
});
export type DepartmentStatsQuery = Type.Static<typeof DepartmentStatsQuery>;

export const DepartmentStats = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  /** readers placed in this department or one below it (each counted once) */
  readers: Type.Integer(),
  /** audience members placed in this department or one below it */
  audience: Type.Integer(),
  /** the active time of those readers */
  activeMsTotal: Type.Integer(),
});
export type DepartmentStats = Type.Static<typeof DepartmentStats>;

export const DepartmentStatsResponse = Type.Object({
  /** null for the whole site */
  path: Type.Union([Type.String(), Type.Null()]),
  ...RangeEcho,
  /** departments with readers or audience, in id order */
  departments: Type.Array(DepartmentStats),
});
export type DepartmentStatsResponse = Type.Static<typeof DepartmentStatsResponse>;

export const SeriesInterval = Type.Union([Type.Literal('day'), Type.Literal('week')]);
export type SeriesInterval = Type.Static<typeof SeriesInterval>;

export const SeriesQuery = Type.Object({
  /** a document; without it, the whole site */
  path: Type.Optional(PathInput),
  /** default `day`; weeks start on Monday */
  interval: Type.Optional(SeriesInterval),
  /** default: 30 days (or 12 weeks) up to `to` */
  from: From,
  /** default: today */
  to: To,
});
export type SeriesQuery = Type.Static<typeof SeriesQuery>;

export const SeriesPoint = Type.Object({
  /** the first day of the period */
  at: IsoDate,
  views: Type.Integer(),
  /** distinct readers within the period */
  readers: Type.Integer(),
  activeMs: Type.Integer(),
});
export type SeriesPoint = Type.Static<typeof SeriesPoint>;

export const SeriesResponse = Type.Object({
  path: Type.Union([Type.String(), Type.Null()]),
  interval: SeriesInterval,
  from: IsoDate,
  to: IsoDate,
  timeZone: Type.String(),
  /** one per period from `from` to `to`, empty periods as zeros */
  points: Type.Array(SeriesPoint),
});
export type SeriesResponse = Type.Static<typeof SeriesResponse>;

export const SegmentsQuery = Type.Object({
  path: PathInput,
  /** whose segments */
  user: Type.String({ minLength: 1, maxLength: 64 }),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});
export type SegmentsQuery = Type.Static<typeof SegmentsQuery>;

/** One segment as the server holds it: the values of its highest `seq`, after the bounds. */
export const SegmentRecord = Type.Object({
  segment: Type.String(),
  user: Type.String(),
  path: Type.String(),
  seq: Type.Integer(),
  /** on the server's clock (corrected for the client's skew) */
  startedAt: IsoTime,
  activeMs: Type.Integer(),
  visibleMs: Type.Integer(),
  maxDepth: Type.Number(),
  completed: Type.Boolean(),
  /** when the server accepted its latest values */
  updatedAt: IsoTime,
});
export type SegmentRecord = Type.Static<typeof SegmentRecord>;

export const SegmentsResponse = Type.Object({
  path: Type.String(),
  user: Type.String(),
  /** in segment id order */
  segments: Type.Array(SegmentRecord),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});
export type SegmentsResponse = Type.Static<typeof SegmentsResponse>;
