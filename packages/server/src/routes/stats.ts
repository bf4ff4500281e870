import {
  DepartmentStatsQuery,
  DepartmentStatsResponse,
  DocStats,
  DocStatsQuery,
  ErrorBody,
  ReadersQuery,
  ReadersResponse,
  SegmentsQuery,
  SegmentsResponse,
  SeriesQuery,
  SeriesResponse,
  SiteParams,
  TopQuery,
  TopResponse,
  UnreadQuery,
  UnreadResponse,
  parentFolder,
  type DepartmentRef,
  type MemberStatus,
  type ReaderSort,
  type TopDoc,
} from '@docgate/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Identity } from '../auth/tokens.js';
import { ApiError } from '../errors.js';
import { decodeCursor, encodeCursor, isAfterCursor } from '../lib/cursor.js';
import { writeCsv, type CsvCell } from '../lib/csv.js';
import { audience, evaluate, type AudienceMember } from '../permissions/engine.js';
import type { TenantModel } from '../permissions/model.js';
import { authenticator, identityOf } from '../plugins/authenticate.js';
import { dayOf, isoDate, parseIsoDate, weekStart } from '../reading/days.js';
import type { Services } from '../services.js';
import { SITE_WIDE } from '../store/reading-events.js';
import {
  countReaders,
  docDays,
  docTotalsInRange,
  docTotalsUnder,
  readerColumns,
  readersPage,
  segmentsPage,
  viewedDays,
  weeklyReaders,
  type DayRange,
  type ReaderTotals,
} from '../store/reading-stats.js';
import { iso, pathFor, requireManage, siteFor } from './site-access.js';

/** Wider than any range asked for: a range open at one end. */
const FIRST_DAY = -1_000_000;
const LAST_DAY = 10_000_000;
const MAX_DAY_POINTS = 400;
const MAX_WEEK_POINTS = 260;

/**
 * Reading statistics (docs/api.md, "Reading statistics"): for people who manage the path (or
 * the site), never for its readers. Everything is read from the rollups kept at ingest, once
 * the rollup journal is folded.
 */
export const statsRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { permissions, config } = services;
  const db = services.database.db;
  const dialect = services.database.dialect;
  app.addHook('onRequest', authenticator(services.tokens));
  // The rollups trail the ingest by the journal (reading/rollup-folder.ts): every answer first
  // waits for a fold of what was committed so far, so it counts every event answered 202.
  app.addHook('preHandler', () => services.reading.fold());
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

  /** The site, the normalized path (or null for the whole site), the model; 403 without manage. */
  async function scope(identity: Identity, siteId: string, input: string | undefined) {
    const site = siteFor(services, identity, siteId);
    const path = input === undefined ? null : pathFor(site, input);
    const model = await permissions.model(identity.tenantId);
    requireManage(model, site, identity, path ?? '/', 'see its reading statistics');
    return { site, path, model, timeZone: timeZoneOf(identity) };
  }

  /** the tenant's IANA time zone, in which days are counted (default Asia/Shanghai) */
  const timeZoneOf = (identity: Identity) => config.tenants.find((t) => t.id === identity.tenantId)!.timeZone;

  /**
   * The range asked for, and the one to read: null (all time, the cheaper rows) when the range
   * holds every day the path was viewed on.
   */
  async function ranges(siteId: string, key: string, from: string | undefined, to: string | undefined) {
    const asked = dayRange(from, to);
    if (asked === null) return { asked, read: null };
    const viewed = await viewedDays(db, siteId, key);
    const read = viewed && asked.from <= viewed.from && asked.to >= viewed.to ? null : asked;
    return { asked, read };
  }

  const rangeEcho = (from: string | undefined, to: string | undefined, timeZone: string) => ({ from: from ?? null, to: to ?? null, timeZone });

  app.get(
    '/v1/sites/:site/stats/doc',
    { schema: { params: SiteParams, querystring: DocStatsQuery, response: { 200: DocStats, ...errors } } },
    async (request) => {
      const { site, path, model, timeZone } = await scope(identityOf(request), request.params.site, request.query.path);
      const { from, to } = request.query;
      const { read } = await ranges(site.id, path!, from, to);
      const readers = await readerColumns(db, dialect, site.id, path!, read);
      const members = audience(model, site.id, path!, Date.now());
      const inAudience = audienceSet(members);
      const count = readers.userids.length;
      const { titles } = await permissions.catalog(identityOf(request).tenantId, site.id);
      return {
        path: path!,
        title: titles.get(path!) ?? null,
        ...rangeEcho(from, to, timeZone),
        views: sum(readers.views),
        readers: count,
        activeMsTotal: sum(readers.activeMs),
        activeMsMedian: median(readers.activeMs),
        completionRate: count ? readers.completed.filter(Boolean).length / count : 0,
        audience: members.length,
        unread: members.length - readers.userids.filter((u) => inAudience.has(u)).length,
      };
    },
  );

  app.get(
    '/v1/sites/:site/stats/doc/readers',
    { schema: { params: SiteParams, querystring: ReadersQuery, response: { 200: ReadersResponse, ...errors } } },
    async (request, reply) => {
      const { site, path, model, timeZone } = await scope(identityOf(request), request.params.site, request.query.path);
      const { from, to, format } = request.query;
      const sort = request.query.sort ?? 'user';
      const { read } = await ranges(site.id, path!, from, to);
      if (format === 'csv') {
        const { readers } = await readersPage(db, site.id, path!, read, sort, undefined, undefined);
        const rows = readers.map((r): CsvCell[] => {
          const who = describe(model, r.userid);
          return [r.userid, who.name, who.departments.map((d) => d.name).join('; '), who.status, r.views, seconds(r.activeMs), round(r.maxDepth), r.completedViews > 0, iso(r.firstAt), iso(r.lastAt)];
        });
        const header = ['user', 'name', 'departments', 'status', 'views', 'active_seconds', 'max_depth', 'completed', 'first_at', 'last_at'];
        return sendCsv(reply, `readers ${site.id} ${path} ${from ?? ''} ${to ?? ''}`, writeCsv(header, rows));
      }
      const limit = request.query.limit ?? 50;
      const after = request.query.cursor === undefined ? undefined : decodeCursor(request.query.cursor, isReaderCursor(sort));
      const [page, total] = await Promise.all([
        readersPage(db, site.id, path!, read, sort, after && { value: after.v, userid: after.u }, limit),
        countReaders(db, site.id, path!, read),
      ]);
      const last = page.readers.at(-1);
      return {
        path: path!,
        ...rangeEcho(from, to, timeZone),
        total,
        readers: page.readers.map((r) => {
          const who = describe(model, r.userid);
          return {
            user: r.userid,
            name: who.name,
            departments: who.departments,
            status: who.status,
            views: r.views,
            activeMs: r.activeMs,
            maxDepth: r.maxDepth,
            completed: r.completedViews > 0,
            firstAt: iso(r.firstAt)!,
            lastAt: iso(r.lastAt)!,
          };
        }),
        next_cursor: page.more && last ? encodeCursor({ s: sort, v: sortValue(last, sort), u: last.userid }) : null,
      };
    },
  );

  app.get(
    '/v1/sites/:site/stats/doc/unread',
    { schema: { params: SiteParams, querystring: UnreadQuery, response: { 200: UnreadResponse, ...errors } } },
    async (request, reply) => {
      const { site, path, model, timeZone } = await scope(identityOf(request), request.params.site, request.query.path);
      const { from, to, format } = request.query;
      const { read } = await ranges(site.id, path!, from, to);
      const readerIds = new Set((await readerColumns(db, dialect, site.id, path!, read)).userids);
      // The audience comes in userid order.
      const unread = audience(model, site.id, path!, Date.now()).filter((m) => !readerIds.has(m.userid));
      if (format === 'csv') {
        const rows = unread.map((m): CsvCell[] => {
          const who = describe(model, m.userid);
          return [m.userid, who.name, who.departments.map((d) => d.name).join('; ')];
        });
        return sendCsv(reply, `unread ${site.id} ${path} ${from ?? ''} ${to ?? ''}`, writeCsv(['user', 'name', 'departments'], rows));
      }
      const limit = request.query.limit ?? 50;
      const after = request.query.cursor === undefined ? undefined : decodeCursor(request.query.cursor, isAfterCursor).after;
      const start = after === undefined ? 0 : firstAfter(unread, after);
      const page = unread.slice(start, start + limit);
      return {
        path: path!,
        ...rangeEcho(from, to, timeZone),
        total: unread.length,
        users: page.map((m) => {
          const { name, departments } = describe(model, m.userid);
          return { id: m.userid, name, departments };
        }),
        next_cursor: start + limit < unread.length ? encodeCursor({ after: page.at(-1)!.userid }) : null,
      };
    },
  );

  app.get(
    '/v1/sites/:site/stats/top',
    { schema: { params: SiteParams, querystring: TopQuery, response: { 200: TopResponse, ...errors } } },
    async (request) => {
      const identity = identityOf(request);
      const site = siteFor(services, identity, request.params.site);
      const prefix = request.query.prefix === undefined ? '/' : pathFor(site, request.query.prefix, 'prefix');
      const model = await permissions.model(identity.tenantId);
      // Manage on the folder the prefix names (or is in); below it, only what the caller manages
      // (a restricted folder below may be someone else's).
      const folder = prefix.endsWith('/') ? prefix : parentFolder(prefix)!;
      requireManage(model, site, identity, folder, 'see its reading statistics');
      const timeZone = timeZoneOf(identity);
      const { from, to } = request.query;
      const by = request.query.by ?? 'views';
      const limit = request.query.limit ?? 20;
      const asked = dayRange(from, to);
      const now = Date.now();
      const everything = evaluate(model, site.id, identity.userid, '/', now).code === 'admin';
      const manages = (path: string) => everything || evaluate(model, site.id, identity.userid, path, now).level === 'manage';
      const byMetric = <T extends { path: string }>(value: (t: T) => number) => (a: T, b: T) => value(b) - value(a) || (a.path < b.path ? -1 : 1);

      let docs: Array<Omit<TopDoc, 'title'>>;
      if (asked === null) {
        const metric = { views: (d: Omit<TopDoc, 'title'>) => d.views, readers: (d: Omit<TopDoc, 'title'>) => d.readers, activeMs: (d: Omit<TopDoc, 'title'>) => d.activeMsTotal }[by];
        docs = (await docTotalsUnder(db, site.id, prefix))
          .filter((d) => d.path.startsWith(prefix) && manages(d.path))
          .map((d) => ({ path: d.path, views: d.views, readers: d.readers, activeMsTotal: d.activeMs }))
          .sort(byMetric(metric))
          .slice(0, limit);
      } else {
        const candidates = (await docTotalsInRange(db, site.id, prefix, asked)).filter((d) => d.path.startsWith(prefix) && manages(d.path));
        // Distinct readers over several days are not a sum of days: counted for the documents
        // shown only, and for `by=readers` in order of their upper bound (the sum of each day's
        // readers) until no document left could enter the top.
        const exact = async (d: (typeof candidates)[number]) =>
          d.readerDays === d.busiestDay ? d.readerDays : countReaders(db, site.id, d.path, asked);
        if (by !== 'readers') {
          const metric = by === 'views' ? (d: (typeof candidates)[number]) => d.views : (d: (typeof candidates)[number]) => d.activeMs;
          const shown = candidates.sort(byMetric(metric)).slice(0, limit);
          docs = [];
          for (const d of shown) docs.push({ path: d.path, views: d.views, readers: await exact(d), activeMsTotal: d.activeMs });
        } else {
          candidates.sort(byMetric((d) => d.readerDays));
          const top: Array<Omit<TopDoc, 'title'>> = [];
          const order = byMetric((d: Omit<TopDoc, 'title'>) => d.readers);
          for (const d of candidates) {
            const kth = top.length >= limit ? top[limit - 1]! : undefined;
            if (kth && (d.readerDays < kth.readers || (d.readerDays === kth.readers && d.path > kth.path))) break;
            top.push({ path: d.path, views: d.views, readers: await exact(d), activeMsTotal: d.activeMs });
            top.sort(order);
            top.length = Math.min(top.length, limit);
          }
          docs = top;
        }
      }
      const { titles } = await permissions.catalog(identity.tenantId, site.id);
      return { ...rangeEcho(from, to, timeZone), by, docs: docs.map((d) => ({ ...d, title: titles.get(d.path) ?? null })) };
    },
  );

  app.get(
    '/v1/sites/:site/stats/departments',
    { schema: { params: SiteParams, querystring: DepartmentStatsQuery, response: { 200: DepartmentStatsResponse, ...errors } } },
    async (request) => {
      const { site, path, model, timeZone } = await scope(identityOf(request), request.params.site, request.query.path);
      const { from, to } = request.query;
      const key = path ?? SITE_WIDE;
      const { read } = await ranges(site.id, key, from, to);
      const readers = await readerColumns(db, dialect, site.id, key, read);
      const members = audience(model, site.id, path ?? '/', Date.now());
      const counts = new Map<number, { readers: number; audience: number; activeMsTotal: number }>();
      const countsOf = (id: number) => {
        let c = counts.get(id);
        if (!c) counts.set(id, (c = { readers: 0, audience: 0, activeMsTotal: 0 }));
        return c;
      };
      // Each member counts once in each department they are in, directly or below.
      const forEachDepartment = (userid: string, add: (c: { readers: number; audience: number; activeMsTotal: number }) => void) => {
        const placed = model.members.get(userid)?.departments ?? [];
        if (placed.length === 1) {
          for (const a of model.lineage(placed[0]!)) add(countsOf(a));
          return;
        }
        const seen = new Set<number>();
        for (const d of placed) {
          for (const a of model.lineage(d)) {
            if (seen.has(a)) continue;
            seen.add(a);
            add(countsOf(a));
          }
        }
      };
      readers.userids.forEach((userid, i) => {
        const activeMs = readers.activeMs[i]!;
        forEachDepartment(userid, (c) => {
          c.readers++;
          c.activeMsTotal += activeMs;
        });
      });
      for (const m of members) forEachDepartment(m.userid, (c) => c.audience++);
      return {
        path,
        ...rangeEcho(from, to, timeZone),
        departments: [...counts]
          .sort(([a], [b]) => a - b)
          .map(([id, c]) => {
            const department = model.departments.get(id);
            return { id, name: department?.name ?? String(id), parentId: department?.parentId ?? null, ...c };
          }),
      };
    },
  );

  app.get(
    '/v1/sites/:site/stats/series',
    { schema: { params: SiteParams, querystring: SeriesQuery, response: { 200: SeriesResponse, ...errors } } },
    async (request) => {
      const { site, path, timeZone } = await scope(identityOf(request), request.params.site, request.query.path);
      const interval = request.query.interval ?? 'day';
      const key = path ?? SITE_WIDE;
      let to = request.query.to === undefined ? dayOf(Date.now(), timeZone) : parseDay(request.query.to, 'to');
      let from = request.query.from === undefined ? (interval === 'day' ? to - 29 : weekStart(to) - 7 * 11) : parseDay(request.query.from, 'from');
      if (interval === 'week') {
        // Whole weeks, Monday to Sunday.
        from = weekStart(from);
        to = weekStart(to) + 6;
      }
      if (from > to) throw new ApiError('invalid_request', `from (${isoDate(from)}) is after to (${isoDate(to)})`);
      const points = interval === 'day' ? to - from + 1 : (to - from + 1) / 7;
      const most = interval === 'day' ? MAX_DAY_POINTS : MAX_WEEK_POINTS;
      if (points > most) throw new ApiError('invalid_request', `at most ${most} ${interval}s at a time; this range has ${points}`);
      const range = { from, to };
      const days = await docDays(db, site.id, key, range);
      const out = new Map<number, { at: string; views: number; readers: number; activeMs: number }>();
      const step = interval === 'day' ? 1 : 7;
      for (let d = from; d <= to; d += step) out.set(d, { at: isoDate(d), views: 0, readers: 0, activeMs: 0 });
      for (const day of days) {
        const point = out.get(interval === 'day' ? day.day : weekStart(day.day))!;
        point.views += day.views;
        point.activeMs += day.activeMs;
        if (interval === 'day') point.readers = day.readers;
      }
      if (interval === 'week' && days.length) {
        for (const [week, readers] of await weeklyReaders(db, site.id, key, range)) out.get(week)!.readers = readers;
      }
      return { path, interval, from: isoDate(from), to: isoDate(to), timeZone, points: [...out.values()] };
    },
  );

  app.get(
    '/v1/sites/:site/stats/segments',
    { schema: { params: SiteParams, querystring: SegmentsQuery, response: { 200: SegmentsResponse, ...errors } } },
    async (request) => {
      const identity = identityOf(request);
      const { site, path } = await scope(identity, request.params.site, request.query.path);
      const after = request.query.cursor === undefined ? undefined : decodeCursor(request.query.cursor, isAfterCursor).after;
      const limit = request.query.limit ?? 100;
      const page = await segmentsPage(db, identity.tenantId, site.id, path!, { userid: request.query.user, after, limit });
      const last = page.segments.at(-1);
      return {
        path: path!,
        user: request.query.user,
        segments: page.segments.map((s) => ({
          segment: s.segment,
          user: s.userid,
          path: s.path,
          seq: s.seq,
          startedAt: iso(s.startedAt)!,
          activeMs: s.activeMs,
          visibleMs: s.visibleMs,
          maxDepth: s.maxDepth,
          completed: s.completed,
          updatedAt: iso(s.updatedAt)!,
        })),
        next_cursor: page.more && last ? encodeCursor({ after: last.segment }) : null,
      };
    },
  );
};

/** `from`/`to` as local days; null when neither is given. */
function dayRange(from: string | undefined, to: string | undefined): DayRange | null {
  if (from === undefined && to === undefined) return null;
  const range = { from: from === undefined ? FIRST_DAY : parseDay(from, 'from'), to: to === undefined ? LAST_DAY : parseDay(to, 'to') };
  if (range.from > range.to) throw new ApiError('invalid_request', `from (${from}) is after to (${to})`);
  return range;
}

function parseDay(text: string, what: string): number {
  const day = parseIsoDate(text);
  if (day === null) throw new ApiError('invalid_request', `${what} "${text}" is not a date (YYYY-MM-DD)`);
  return day;
}

/** A reader's name, departments and status from the directory, including those who have left. */
function describe(model: TenantModel, userid: string): { name: string; departments: DepartmentRef[]; status: MemberStatus } {
  const member = model.members.get(userid);
  if (!member) return { name: userid, departments: [], status: 'left' };
  return {
    name: member.name,
    departments: member.departments.map((d) => ({ id: d, name: model.departments.get(d)?.name ?? String(d) })),
    status: member.status,
  };
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** The audience's userids as a set, made once per audience list (the engine caches the lists). */
const audienceSets = new WeakMap<readonly AudienceMember[], Set<string>>();
function audienceSet(members: readonly AudienceMember[]): Set<string> {
  let set = audienceSets.get(members);
  if (!set) audienceSets.set(members, (set = new Set(members.map((m) => m.userid))));
  return set;
}

/** The median, rounded to a whole millisecond (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return Math.round(sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2);
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;
const round = (depth: number) => Math.round(depth * 1000) / 1000;

function sortValue(r: ReaderTotals, sort: ReaderSort): number {
  return sort === 'activeMs' ? r.activeMs : sort === 'views' ? r.views : sort === 'lastAt' ? r.lastAt : 0;
}

function isReaderCursor(sort: ReaderSort) {
  return (value: unknown): value is { s: ReaderSort; v: number; u: string } => {
    const c = value as { s?: unknown; v?: unknown; u?: unknown } | null;
    return typeof c === 'object' && c !== null && c.s === sort && typeof c.v === 'number' && typeof c.u === 'string';
  };
}

/** The index of the first member after `userid` in a list in userid order. */
function firstAfter(members: ReadonlyArray<{ userid: string }>, userid: string): number {
  let lo = 0;
  let hi = members.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (members[mid]!.userid <= userid) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A CSV download: `text/csv; charset=utf-8` with a file name, plain ASCII for old clients and
 * the exact one (Chinese paths) in RFC 6266's `filename*`.
 */
function sendCsv(reply: FastifyReply, name: string, csv: string) {
  const stem = name.trim().replace(/\s+/g, ' ');
  const ascii = stem.replace(/[^A-Za-z0-9._ -]+/g, '-').replace(/[ -]+/g, '-').replace(/^-|-$/g, '') || 'export';
  const exact = stem.replace(/[/\\\s]+/g, '-').replace(/^-|-$/g, '');
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${ascii}.csv"; filename*=UTF-8''${encodeURIComponent(`${exact}.csv`)}`)
    .header('cache-control', 'no-store')
    .send(csv);
}
