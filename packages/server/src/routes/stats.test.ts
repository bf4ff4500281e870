import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  DepartmentsResponse,
  DepartmentStatsResponse,
  DocStats,
  ReadersResponse,
  SegmentsResponse,
  SeriesResponse,
  TopResponse,
  UnreadResponse,
} from '@docgate/protocol';
import { readCsv } from '../lib/csv.js';
import { bumpRevision } from '../store/tenants.js';
import { ADMIN, harness, SITE, TENANT, type Harness } from '../testing/harness.js';

/**
 * A fixed data set whose every statistic is worked out by hand below. Times are Shanghai's
 * (UTC+8, the tenant's default time zone); 2026-03-02 is a Monday.
 *
 * Members: admin1 (行政部, tenant admin), zhangwei (研发中心/前端组), lina and wangfang
 * (研发中心/后端组), chenjing (财务部), zhaoqiang and mallory (销售部). zhaoqiang leaves after
 * reading. mallory's name is a spreadsheet formula. lina manages /engineering/. /finance/ is
 * restricted to 财务部; /engineering/secret/ is restricted with no grant (admins only).
 *
 * Segments (seq 1 each; a view needs ≥ 1 s active):
 *
 * | id  | who       | path                    | Shanghai start   | active  | completed | depth |
 * |-----|-----------|-------------------------|------------------|---------|-----------|-------|
 * | s1  | zhangwei  | /handbook/expenses (A)  | 03-02 10:00      | 60 000  | yes       | 1     |
 * | s2  | zhangwei  | A                       | 03-04 09:00      | 30 000  |           | 0.6   |
 * | s3  | lina      | A                       | 03-02 23:30      | 120 000 |           | 0.4   |
 * | s4  | lina      | A                       | 03-03 00:30 (= 03-02 16:30 UTC) | 5 000 |   | 0.1   |
 * | s5  | wangfang  | A                       | 03-09 14:00      | 45 000  | yes       | 0.95  |
 * | s6  | zhaoqiang | A                       | 03-05 11:00      | 80 000  | yes       | 1     |
 * | s7  | mallory   | A                       | 03-03 10:00      | 10 000  |           | 0.2   |
 * | s8  | zhangwei  | /engineering/setup (B)  | 03-10 10:00      | 20 000  | yes       | 1     |
 * | s9  | lina      | B                       | 03-10 11:00      | 20 000  |           | 0.5   |
 * | s10 | wangfang  | B                       | 03-16 09:00      | 5 000   |           | 0.3   |
 * | s11 | chenjing  | B                       | 03-16 10:00      | 3 000   |           | 0.3   |
 * | s12 | chenjing  | /finance/report (C)     | 03-05 15:00      | 200 000 | yes       | 1     |
 * | s13 | admin1    | /engineering/secret/plan (D) | 03-11 10:00 | 2 000   |           | 0.5   |
 * | s14 | mallory   | A                       | 03-06 10:00      | 900     |           | 0.9   | ← not a view: counts nowhere
 */
const DIRECTORY = [
  '姓名,帐号,部门,职务',
  '管理员,admin1,行政部,IT',
  '张伟,zhangwei,研发中心/前端组,前端工程师',
  '李娜,lina,研发中心/后端组,后端工程师',
  '王芳,wangfang,研发中心/后端组,测试工程师',
  '陈静,chenjing,财务部,会计',
  '赵强,zhaoqiang,销售部,销售',
  `"=cmd|' /C calc'!A0",mallory,销售部,销售`,
].join('\n');

const A = '/handbook/expenses';
const B = '/engineering/setup';
const C = '/finance/report';
const D = '/engineering/secret/plan';

const SEGMENTS: Array<[id: string, userid: string, path: string, shanghai: string, activeMs: number, completed: boolean, depth: number]> = [
  ['s1xxxxxx', 'zhangwei', A, '2026-03-02T10:00', 60_000, true, 1],
  ['s2xxxxxx', 'zhangwei', A, '2026-03-04T09:00', 30_000, false, 0.6],
  ['s3xxxxxx', 'lina', A, '2026-03-02T23:30', 120_000, false, 0.4],
  ['s4xxxxxx', 'lina', A, '2026-03-03T00:30', 5_000, false, 0.1],
  ['s5xxxxxx', 'wangfang', A, '2026-03-09T14:00', 45_000, true, 0.95],
  ['s6xxxxxx', 'zhaoqiang', A, '2026-03-05T11:00', 80_000, true, 1],
  ['s7xxxxxx', 'mallory', A, '2026-03-03T10:00', 10_000, false, 0.2],
  ['s8xxxxxx', 'zhangwei', B, '2026-03-10T10:00', 20_000, true, 1],
  ['s9xxxxxx', 'lina', B, '2026-03-10T11:00', 20_000, false, 0.5],
  ['s10xxxxx', 'wangfang', B, '2026-03-16T09:00', 5_000, false, 0.3],
  ['s11xxxxx', 'chenjing', B, '2026-03-16T10:00', 3_000, false, 0.3],
  ['s12xxxxx', 'chenjing', C, '2026-03-05T15:00', 200_000, true, 1],
  ['s13xxxxx', 'admin1', D, '2026-03-11T10:00', 2_000, false, 0.5],
  ['s14xxxxx', 'mallory', A, '2026-03-06T10:00', 900, false, 0.9],
];
const shanghai = (local: string) => Date.parse(`${local}:00+08:00`);

describe('reading statistics on a hand-computed data set', () => {
  let h: Harness;
  const tokens = new Map<string, string>();
  const as = async (userid: string) => {
    if (!tokens.has(userid)) tokens.set(userid, (await h.signIn(userid)).access_token);
    return { authorization: `Bearer ${tokens.get(userid)}` };
  };
  const get = async (userid: string, route: string, query: Record<string, string | number> = {}) =>
    h.app.inject({ method: 'GET', url: `/v1/sites/${SITE}/stats/${route}?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]))}`, headers: await as(userid) });
  const json = async <T>(userid: string, route: string, query: Record<string, string | number> = {}) => {
    const response = await get(userid, route, query);
    assert.equal(response.statusCode, 200, response.body);
    return response.json<T>();
  };
  let ingestedAt = 0;

  before(async () => {
    h = await harness();
    await h.importCsv(DIRECTORY);
    const { departments } = (await h.app.inject({ method: 'GET', url: '/v1/directory/departments', headers: await as(ADMIN) })).json<DepartmentsResponse>();
    const finance = departments.find((d) => d.name === '财务部')!.id;
    const admin = async (method: 'POST' | 'PUT', url: string, payload: object) => {
      const response = await h.app.inject({ method, url: `/v1/sites/${SITE}${url}`, headers: await as(ADMIN), payload });
      assert.ok(response.statusCode < 300, response.body);
    };
    await admin('PUT', '/restrictions', { path: '/finance/', restricted: true });
    await admin('POST', '/grants', { path: '/finance/', subject: `dept:${finance}`, level: 'read' });
    await admin('PUT', '/restrictions', { path: '/engineering/secret/', restricted: true });
    await admin('POST', '/grants', { path: '/engineering/', subject: 'user:lina', level: 'manage' });

    ingestedAt = Date.now();
    for (const [segment, userid, path, local, activeMs, completed, maxDepth] of SEGMENTS) {
      const response = await h.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: await as(userid),
        // No sentAt: the start is taken as sent (a past time, within the bounds).
        payload: { site: SITE, events: [{ segment, seq: 1, path, title: `Title of ${path}`, startedAt: shanghai(local), activeMs, visibleMs: activeMs, maxDepth, completed }] },
      });
      assert.deepEqual(response.json(), { accepted: 1, ignored: 0 }, `${segment} ${response.body}`);
    }
    // zhaoqiang leaves: still a reader, no longer in the audience.
    await h.db.database.db.transaction().execute(async (trx) => {
      await bumpRevision(trx, TENANT);
      await trx.updateTable('members').set({ status: 'left' }).where('tenant_id', '=', TENANT).where('userid', '=', 'zhaoqiang').execute();
    });
    h.services.permissions.changed(TENANT);
  });
  after(() => h.close());

  describe('GET stats/doc', () => {
    it('all time', async () => {
      // views: s1–s7 (s14 has 0.9 s) = 7. readers: zhangwei, lina, wangfang, zhaoqiang, mallory = 5.
      // active: 60 000 + 30 000 + 120 000 + 5 000 + 45 000 + 80 000 + 10 000 = 350 000.
      // per reader: mallory 10 000, wangfang 45 000, zhaoqiang 80 000, zhangwei 90 000, lina 125 000 → median 80 000.
      // completed: zhangwei (s1), wangfang (s5), zhaoqiang (s6) → 3 / 5.
      // audience: the 6 active members (zhaoqiang has left); unread: admin1, chenjing = 2.
      assert.deepEqual(await json<DocStats>(ADMIN, 'doc', { path: A }), {
        path: A,
        title: `Title of ${A}`,
        from: null,
        to: null,
        timeZone: 'Asia/Shanghai',
        views: 7,
        readers: 5,
        activeMsTotal: 350_000,
        activeMsMedian: 80_000,
        completionRate: 0.6,
        audience: 6,
        unread: 2,
      });
    });

    it('within a date range, by Shanghai days', async () => {
      // 03-02 … 03-03: s1, s3 (23:30), s4 (00:30 on the 3rd), s7 → views 4; readers zhangwei 60 000,
      // lina 125 000, mallory 10 000 → 3, total 195 000, median 60 000; completed zhangwei → 1/3;
      // unread: admin1, wangfang, chenjing.
      const stats = await json<DocStats>(ADMIN, 'doc', { path: A, from: '2026-03-02', to: '2026-03-03' });
      assert.deepEqual(
        [stats.from, stats.to, stats.views, stats.readers, stats.activeMsTotal, stats.activeMsMedian, stats.completionRate, stats.audience, stats.unread],
        ['2026-03-02', '2026-03-03', 4, 3, 195_000, 60_000, 1 / 3, 6, 3],
      );
      // 03-01 … 03-08 leaves out s5: readers mallory 10 000, zhaoqiang 80 000, zhangwei 90 000, lina 125 000
      // → median (80 000 + 90 000) / 2 = 85 000; completed zhangwei, zhaoqiang → 0.5.
      const week = await json<DocStats>(ADMIN, 'doc', { path: A, from: '2026-03-01', to: '2026-03-08' });
      assert.deepEqual([week.views, week.readers, week.activeMsTotal, week.activeMsMedian, week.completionRate, week.unread], [6, 4, 305_000, 85_000, 0.5, 3]);
      // A range holding every viewed day (03-02 … 03-09) gives the all-time numbers.
      const all = await json<DocStats>(ADMIN, 'doc', { path: A, from: '2026-03-02', to: '2026-03-09' });
      assert.deepEqual([all.views, all.readers, all.activeMsTotal, all.activeMsMedian, all.completionRate, all.unread], [7, 5, 350_000, 80_000, 0.6, 2]);
      const open = await json<DocStats>(ADMIN, 'doc', { path: A, from: '2026-03-09' });
      assert.deepEqual([open.views, open.readers, open.activeMsTotal, open.to], [1, 1, 45_000, null]);
    });

    it('counts a segment on the Shanghai day it started, not the UTC day', async () => {
      // s3 starts 03-02 23:30 (15:30 UTC, same day); s4 starts 03-03 00:30, which is still 03-02 in UTC.
      const second = await json<DocStats>(ADMIN, 'doc', { path: A, from: '2026-03-02', to: '2026-03-02' });
      assert.deepEqual([second.views, second.activeMsTotal], [2, 180_000], 's1 and s3');
      const third = await json<DocStats>(ADMIN, 'doc', { path: A, from: '2026-03-03', to: '2026-03-03' });
      assert.deepEqual([third.views, third.readers, third.activeMsTotal], [2, 2, 15_000], 's4 and s7');
    });

    it('a restricted document: its audience is who may read it now, admins included', async () => {
      // /finance/ is restricted to 财务部 (chenjing), plus the tenant admin.
      const stats = await json<DocStats>(ADMIN, 'doc', { path: C });
      assert.deepEqual([stats.views, stats.readers, stats.activeMsTotal, stats.audience, stats.unread, stats.completionRate], [1, 1, 200_000, 2, 1, 1]);
    });

    it('a document nobody read: zeros, and its whole audience unread', async () => {
      const stats = await json<DocStats>(ADMIN, 'doc', { path: '/handbook/never-read' });
      assert.equal(stats.title, null, 'not in the catalogue: no title');
      assert.deepEqual([stats.views, stats.readers, stats.activeMsTotal, stats.activeMsMedian, stats.completionRate, stats.audience, stats.unread], [0, 0, 0, 0, 0, 6, 6]);
    });

    it('refuses dates that are not dates, and a range that ends before it starts', async () => {
      for (const query of [{ from: '2026-02-30' }, { to: '2026/03/01' }, { from: '2026-03-05', to: '2026-03-04' }] as Array<Record<string, string>>) {
        const response = await get(ADMIN, 'doc', { path: A, ...query });
        assert.equal(response.statusCode, 400, JSON.stringify(query));
        assert.equal(response.json().error.code, 'invalid_request');
      }
    });
  });

  describe('who may see statistics', () => {
    it('a reader gets 403 manage_required on every statistics route', async () => {
      for (const [route, query] of [
        ['doc', { path: A }],
        ['doc/readers', { path: A }],
        ['doc/readers', { path: A, format: 'csv' }],
        ['doc/unread', { path: A }],
        ['top', {}],
        ['departments', {}],
        ['departments', { path: A }],
        ['series', {}],
        ['segments', { path: A, user: 'zhangwei' }],
      ] as const) {
        const response = await get('zhangwei', route, query);
        assert.equal(response.statusCode, 403, `${route} ${JSON.stringify(query)}`);
        assert.equal(response.json().error.code, 'manage_required');
      }
    });

    it('manage on a folder shows its documents, not others, and not a restricted folder below it', async () => {
      assert.equal((await get('lina', 'doc', { path: B })).statusCode, 200);
      assert.equal((await get('lina', 'doc', { path: A })).statusCode, 403);
      assert.equal((await get('lina', 'doc', { path: D })).statusCode, 403, '/engineering/secret/ is restricted');
      assert.equal((await get('lina', 'top')).statusCode, 403, 'the whole site needs manage on /');
      const top = await json<TopResponse>('lina', 'top', { prefix: '/engineering/' });
      assert.deepEqual(top.docs.map((d) => d.path), [B]);
      const adminTop = await json<TopResponse>(ADMIN, 'top', { prefix: '/engineering/' });
      assert.deepEqual(adminTop.docs.map((d) => d.path), [B, D]);
    });

    it('needs a token', async () => {
      const response = await h.app.inject({ method: 'GET', url: `/v1/sites/${SITE}/stats/doc?path=${A}` });
      assert.equal(response.statusCode, 401);
    });
  });

  describe('GET stats/doc/readers', () => {
    it('lists readers with their totals, departed ones included, in pages', async () => {
      const first = await json<ReadersResponse>(ADMIN, 'doc/readers', { path: A, limit: 2 });
      assert.equal(first.total, 5);
      assert.deepEqual(first.readers.map((r) => r.user), ['lina', 'mallory']);
      const lina = first.readers[0]!;
      // lina: s3 and s4 → 2 views, 125 000 ms, deepest 0.4, none completed, first start s3 (15:30 UTC).
      assert.deepEqual(
        { ...lina, lastAt: undefined },
        { user: 'lina', name: '李娜', departments: [{ id: lina.departments[0]!.id, name: '后端组' }], status: 'active', views: 2, activeMs: 125_000, maxDepth: 0.4, completed: false, firstAt: '2026-03-02T15:30:00.000Z', lastAt: undefined },
      );
      assert.ok(Date.parse(lina.lastAt) >= ingestedAt, 'when her last view reported');
      const second = await json<ReadersResponse>(ADMIN, 'doc/readers', { path: A, limit: 2, cursor: first.next_cursor! });
      assert.deepEqual(second.readers.map((r) => r.user), ['wangfang', 'zhangwei']);
      const third = await json<ReadersResponse>(ADMIN, 'doc/readers', { path: A, limit: 2, cursor: second.next_cursor! });
      assert.deepEqual(third.readers.map((r) => [r.user, r.status, r.views, r.activeMs, r.completed]), [['zhaoqiang', 'left', 1, 80_000, true]]);
      assert.equal(third.next_cursor, null);
    });

    it('sorts by active time (descending, ties by user), across pages, and within a range', async () => {
      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page: ReadersResponse = await json<ReadersResponse>(ADMIN, 'doc/readers', { path: A, sort: 'activeMs', limit: 2, ...(cursor ? { cursor } : {}) });
        pages.push(page.readers.map((r) => `${r.user}:${r.activeMs}`));
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      assert.deepEqual(pages, [['lina:125000', 'zhangwei:90000'], ['zhaoqiang:80000', 'wangfang:45000'], ['mallory:10000']]);
      const ranged = await json<ReadersResponse>(ADMIN, 'doc/readers', { path: A, sort: 'views', from: '2026-03-03', to: '2026-03-04' });
      // 03-03: s4 (lina), s7 (mallory); 03-04: s2 (zhangwei).
      assert.deepEqual(ranged.readers.map((r) => [r.user, r.views, r.activeMs]), [['lina', 1, 5_000], ['mallory', 1, 10_000], ['zhangwei', 1, 30_000]]);
      assert.equal(ranged.total, 3);
    });

    it('refuses a cursor made for another sort', async () => {
      const page = await json<ReadersResponse>(ADMIN, 'doc/readers', { path: A, sort: 'activeMs', limit: 1 });
      const response = await get(ADMIN, 'doc/readers', { path: A, sort: 'views', cursor: page.next_cursor! });
      assert.equal(response.statusCode, 400);
    });

    it('exports every reader as CSV: BOM, English header, seconds, ISO times, formulas neutralised', async () => {
      const response = await get(ADMIN, 'doc/readers', { path: A, format: 'csv', sort: 'activeMs' });
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
      assert.match(String(response.headers['content-disposition']), /^attachment; filename="readers-docs-handbook-expenses\.csv"; filename\*=UTF-8''readers-docs-handbook-expenses\.csv$/);
      const body = response.rawPayload.toString('utf8');
      assert.ok(body.startsWith('\uFEFF'), 'byte order mark');
      const { records, errors } = readCsv(body.slice(1));
      assert.deepEqual(errors, []);
      assert.deepEqual(records.map((r) => r.fields), [
        ['user', 'name', 'departments', 'status', 'views', 'active_seconds', 'max_depth', 'completed', 'first_at', 'last_at'],
        ['lina', '李娜', '后端组', 'active', '2', '125', '0.4', 'false', '2026-03-02T15:30:00.000Z', records[1]!.fields[9]!],
        ['zhangwei', '张伟', '前端组', 'active', '2', '90', '1', 'true', '2026-03-02T02:00:00.000Z', records[2]!.fields[9]!],
        ['zhaoqiang', '赵强', '销售部', 'left', '1', '80', '1', 'true', '2026-03-05T03:00:00.000Z', records[3]!.fields[9]!],
        ['wangfang', '王芳', '后端组', 'active', '1', '45', '0.95', 'true', '2026-03-09T06:00:00.000Z', records[4]!.fields[9]!],
        ['mallory', "'=cmd|' /C calc'!A0", '销售部', 'active', '1', '10', '0.2', 'false', '2026-03-03T02:00:00.000Z', records[5]!.fields[9]!],
      ]);
      assert.ok(records.slice(1).every((r) => !Number.isNaN(Date.parse(r.fields[9]!))));
    });
  });

  describe('GET stats/doc/unread', () => {
    it('is the audience minus the readers, in pages and as CSV', async () => {
      const all = await json<UnreadResponse>(ADMIN, 'doc/unread', { path: A });
      assert.equal(all.total, 2);
      assert.deepEqual(all.users.map((u) => [u.id, u.name, u.departments.map((d) => d.name)]), [['admin1', '管理员', ['行政部']], ['chenjing', '陈静', ['财务部']]]);
      const first = await json<UnreadResponse>(ADMIN, 'doc/unread', { path: A, limit: 1 });
      assert.deepEqual(first.users.map((u) => u.id), ['admin1']);
      const second = await json<UnreadResponse>(ADMIN, 'doc/unread', { path: A, limit: 1, cursor: first.next_cursor! });
      assert.deepEqual([second.users.map((u) => u.id), second.next_cursor], [['chenjing'], null]);
      // Since 03-05 only zhaoqiang (gone) and wangfang read it: everyone else active is unread.
      const since = await json<UnreadResponse>(ADMIN, 'doc/unread', { path: A, from: '2026-03-05' });
      assert.deepEqual(since.users.map((u) => u.id), ['admin1', 'chenjing', 'lina', 'mallory', 'zhangwei']);
      const csv = await get(ADMIN, 'doc/unread', { path: A, format: 'csv' });
      assert.equal(csv.rawPayload.toString('utf8'), '\uFEFFuser,name,departments\r\nadmin1,管理员,行政部\r\nchenjing,陈静,财务部\r\n');
    });
  });

  describe('GET stats/top', () => {
    it('ranks documents by views, readers or active time, all time', async () => {
      // A: 7 views, 5 readers, 350 000 ms; B: 4, 4, 48 000; C: 1, 1, 200 000; D (/engineering/…, before /finance/…): 1, 1, 2 000.
      const byViews = await json<TopResponse>(ADMIN, 'top');
      assert.deepEqual(byViews.docs, [
        { path: A, title: `Title of ${A}`, views: 7, readers: 5, activeMsTotal: 350_000 },
        { path: B, title: `Title of ${B}`, views: 4, readers: 4, activeMsTotal: 48_000 },
        // a tie: path order
        { path: D, title: `Title of ${D}`, views: 1, readers: 1, activeMsTotal: 2_000 },
        { path: C, title: `Title of ${C}`, views: 1, readers: 1, activeMsTotal: 200_000 },
      ]);
      assert.deepEqual((await json<TopResponse>(ADMIN, 'top', { by: 'activeMs', limit: 2 })).docs.map((d) => d.path), [A, C]);
      assert.deepEqual((await json<TopResponse>(ADMIN, 'top', { by: 'readers', prefix: '/handbook/' })).docs.map((d) => d.path), [A]);
    });

    it('within a range, with readers counted distinct over the days', async () => {
      // 03-02 … 03-05: A has s1, s2, s3, s4, s6, s7 → 6 views, 4 distinct readers (their days add up to 6), 305 000 ms; C has s12.
      const top = await json<TopResponse>(ADMIN, 'top', { by: 'readers', from: '2026-03-02', to: '2026-03-05' });
      assert.deepEqual(top.docs.map((d) => [d.path, d.views, d.readers, d.activeMsTotal]), [[A, 6, 4, 305_000], [C, 1, 1, 200_000]]);
      const later = await json<TopResponse>(ADMIN, 'top', { from: '2026-03-10', to: '2026-03-16' });
      assert.deepEqual(later.docs.map((d) => [d.path, d.views, d.readers, d.activeMsTotal]), [[B, 4, 4, 48_000], [D, 1, 1, 2_000]]);
    });
  });

  describe('GET stats/departments', () => {
    it('per department (and the departments below it): readers, audience, their active time', async () => {
      const { departments } = await json<DepartmentStatsResponse>(ADMIN, 'departments', { path: A });
      const byName = Object.fromEntries(departments.map((d) => [d.name, [d.readers, d.audience, d.activeMsTotal]]));
      assert.deepEqual(byName, {
        'Acme 科技': [5, 6, 350_000],
        行政部: [0, 1, 0],
        研发中心: [3, 3, 260_000],
        前端组: [1, 1, 90_000],
        后端组: [2, 2, 170_000],
        财务部: [0, 1, 0],
        // zhaoqiang (gone) and mallory read; only mallory is still in the audience
        销售部: [2, 1, 90_000],
      });
      const ids = departments.map((d) => d.id);
      assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
      const root = departments.find((d) => d.parentId === null)!;
      assert.equal(departments.find((d) => d.name === '研发中心')!.parentId, root.id);
    });

    it('for the whole site, within a range', async () => {
      // 03-16: s10 (wangfang), s11 (chenjing) on B.
      const { path, departments } = await json<DepartmentStatsResponse>(ADMIN, 'departments', { from: '2026-03-16', to: '2026-03-16' });
      assert.equal(path, null);
      const byName = Object.fromEntries(departments.filter((d) => d.readers > 0).map((d) => [d.name, [d.readers, d.activeMsTotal]]));
      assert.deepEqual(byName, { 'Acme 科技': [2, 8_000], 研发中心: [1, 5_000], 后端组: [1, 5_000], 财务部: [1, 3_000] });
    });
  });

  describe('GET stats/series', () => {
    it('by day, in Shanghai days, with empty days as zeros', async () => {
      const series = await json<SeriesResponse>(ADMIN, 'series', { path: A, from: '2026-03-01', to: '2026-03-10' });
      assert.deepEqual([series.interval, series.from, series.to, series.timeZone], ['day', '2026-03-01', '2026-03-10', 'Asia/Shanghai']);
      assert.deepEqual(
        series.points.map((p) => [p.at, p.views, p.readers, p.activeMs]),
        [
          ['2026-03-01', 0, 0, 0],
          ['2026-03-02', 2, 2, 180_000], // s1, s3 (23:30)
          ['2026-03-03', 2, 2, 15_000], // s4 (00:30, the 2nd in UTC), s7
          ['2026-03-04', 1, 1, 30_000],
          ['2026-03-05', 1, 1, 80_000],
          ['2026-03-06', 0, 0, 0], // s14: under 1 s
          ['2026-03-07', 0, 0, 0],
          ['2026-03-08', 0, 0, 0],
          ['2026-03-09', 1, 1, 45_000],
          ['2026-03-10', 0, 0, 0],
        ],
      );
    });

    it('by week, Monday to Sunday, readers distinct within the week', async () => {
      // from 03-04 (a Wednesday) to 03-10: whole weeks 03-02 … 03-15.
      const series = await json<SeriesResponse>(ADMIN, 'series', { path: A, interval: 'week', from: '2026-03-04', to: '2026-03-10' });
      assert.deepEqual([series.from, series.to], ['2026-03-02', '2026-03-15']);
      // week of 03-02: s1, s2, s3, s4, s6, s7 by zhangwei, lina, zhaoqiang, mallory (their days add up to 6, distinct 4)
      assert.deepEqual(series.points.map((p) => [p.at, p.views, p.readers, p.activeMs]), [['2026-03-02', 6, 4, 305_000], ['2026-03-09', 1, 1, 45_000]]);
    });

    it('for the whole site', async () => {
      const series = await json<SeriesResponse>(ADMIN, 'series', { from: '2026-03-10', to: '2026-03-11' });
      assert.equal(series.path, null);
      // 03-10: s8, s9 (B); 03-11: s13 (D)
      assert.deepEqual(series.points.map((p) => [p.at, p.views, p.readers, p.activeMs]), [['2026-03-10', 2, 2, 40_000], ['2026-03-11', 1, 1, 2_000]]);
      const weeks = await json<SeriesResponse>(ADMIN, 'series', { interval: 'week', from: '2026-03-02', to: '2026-03-08' });
      // week of 03-02: A's six views plus C's s12 (chenjing) → 7 views, 5 distinct readers, 505 000 ms
      assert.deepEqual(weeks.points.map((p) => [p.at, p.views, p.readers, p.activeMs]), [['2026-03-02', 7, 5, 505_000]]);
    });

    it('defaults to the last 30 days, and refuses too long a range', async () => {
      const series = await json<SeriesResponse>(ADMIN, 'series', { path: A });
      assert.equal(series.points.length, 30);
      assert.ok(series.points.every((p) => p.views === 0));
      const long = await get(ADMIN, 'series', { from: '2020-01-01', to: '2026-01-01' });
      assert.equal(long.statusCode, 400);
    });
  });

  describe('GET stats/segments', () => {
    it("lists a reader's segments of a document as the server holds them, in pages", async () => {
      const page = await json<SegmentsResponse>(ADMIN, 'segments', { path: A, user: 'lina' });
      assert.equal(page.user, 'lina');
      assert.deepEqual(
        page.segments.map((s) => [s.segment, s.user, s.seq, s.startedAt, s.activeMs, s.visibleMs, s.maxDepth, s.completed]),
        [
          ['s3xxxxxx', 'lina', 1, '2026-03-02T15:30:00.000Z', 120_000, 120_000, 0.4, false],
          ['s4xxxxxx', 'lina', 1, '2026-03-02T16:30:00.000Z', 5_000, 5_000, 0.1, false],
        ],
      );
      const first = await json<SegmentsResponse>(ADMIN, 'segments', { path: A, user: 'mallory', limit: 1 });
      const rest = await json<SegmentsResponse>(ADMIN, 'segments', { path: A, user: 'mallory', limit: 1, cursor: first.next_cursor! });
      // s14 (under 1 s) is kept too
      assert.deepEqual([...first.segments, ...rest.segments].map((s) => [s.segment, s.activeMs]), [['s14xxxxx', 900], ['s7xxxxxx', 10_000]]);
      assert.equal(rest.next_cursor, null);
      assert.deepEqual((await json<SegmentsResponse>(ADMIN, 'segments', { path: B, user: 'mallory' })).segments, []);
    });
  });
});
