import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Database } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import type { PermissionCache } from '../permissions/service.js';
import { ReadingIngest } from '../reading/ingest.js';
import { testDatabase, type TestDatabase } from '../testing/db.js';
import { SITE_WIDE, type SegmentReport } from './reading-events.js';

/** A seeded generator, so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

describe('reading rollups under concurrent writers', () => {
  let t: TestDatabase;
  let second: Database;
  before(async () => {
    t = await testDatabase();
    await migrateToLatest(t.database);
    // PostgreSQL: another pool on the same database, as a second replica has. SQLite: the same
    // connection (one process per database file; a second better-sqlite3 connection in this
    // process would wait for the lock synchronously, blocking the first one's transaction).
    second = t.url ? await openDatabase({ url: t.url, dataDir: t.dataDir }) : t.database;
  });
  after(async () => {
    if (second !== t.database) await second.close();
    await t.close();
  });

  it('equal a recomputation from the stored segments, whatever the order and overlap of the writes', async () => {
    // Catalogue changes are not under test here: no documents are sent.
    const permissions = { recordDocuments() {} } as unknown as PermissionCache;
    const replicas = [new ReadingIngest(t.database, permissions, { delayMs: 1, maxWeight: 50 }), new ReadingIngest(second, permissions, { delayMs: 1, maxWeight: 50 })];
    const rnd = random(20_261_122);
    const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
    const users = ['u1', 'u2', 'u3', 'u4', 'u5'];
    const paths = ['/a', '/b', '/c/d', '/c/'];
    const day0 = 20_500;
    // Each segment belongs to one user and path; some reports of it come from others (ignored).
    const segments = Array.from({ length: 60 }, (_, i) => ({ id: `segment${String(i).padStart(4, '0')}`, userid: pick(users), path: pick(paths), day: day0 + Math.floor(rnd() * 3) }));
    const report = (): SegmentReport => {
      const s = pick(segments);
      const intruder = rnd() < 0.05;
      // Values go up and down between seqs (a buggy client), so views are made and unmade.
      const activeMs = Math.floor(rnd() * 3000);
      return {
        tenantId: 'acme',
        siteId: 'docs',
        userid: intruder ? pick(users) : s.userid,
        path: intruder && rnd() < 0.5 ? pick(paths) : s.path,
        segment: s.id,
        seq: Math.floor(rnd() * 12),
        startedAt: day0 * 86_400_000 + 3_600_000,
        day: s.day,
        activeMs,
        visibleMs: activeMs + 100,
        maxDepth: rnd(),
        completed: rnd() < 0.3,
      };
    };
    const submissions = Array.from({ length: 300 }, (_, i) => ({ replica: i % 2, reports: Array.from({ length: 1 + Math.floor(rnd() * 8) }, report) }));
    const outcomes = await Promise.all(submissions.map((s) => replicas[s.replica]!.submit({ tenantId: 'acme', siteId: 'docs', reports: s.reports, docs: [] })));
    await Promise.all(replicas.map((r) => r.close()));
    const accepted = outcomes.reduce((n, o) => n + o.accepted, 0);
    assert.ok(accepted > 60 && accepted < submissions.reduce((n, s) => n + s.reports.length, 0), `${accepted} accepted`);

    // What the rollups must hold, computed from the segments the database kept.
    const db = t.database.db;
    const stored = await db.selectFrom('reading_segments').selectAll().execute();
    assert.ok(stored.length > 30);
    for (const row of stored) {
      const owner = segments.find((s) => s.id === row.segment)!;
      assert.equal(row.day, owner.day, 'fixed by the first report');
    }
    type Sums = { views: number; active: number; completed: number };
    const readers = new Map<string, Sums>();
    const readerDays = new Map<string, Sums>();
    const docDays = new Map<string, { views: number; active: number; readers: Set<string> }>();
    const docs = new Map<string, { views: number; active: number; readers: Set<string>; completed: Set<string> }>();
    const add = (map: Map<string, Sums>, key: string, active: number, completed: boolean) => {
      const s = map.get(key) ?? { views: 0, active: 0, completed: 0 };
      s.views++;
      s.active += active;
      s.completed += completed ? 1 : 0;
      map.set(key, s);
    };
    for (const s of stored) {
      if (s.active_ms < 1000) continue;
      for (const path of [s.path, SITE_WIDE]) {
        add(readers, `${path}|${s.userid}`, s.active_ms, s.completed === 1);
        add(readerDays, `${path}|${s.day}|${s.userid}`, s.active_ms, s.completed === 1);
        const day = docDays.get(`${path}|${s.day}`) ?? { views: 0, active: 0, readers: new Set<string>() };
        day.views++;
        day.active += s.active_ms;
        day.readers.add(s.userid);
        docDays.set(`${path}|${s.day}`, day);
        const doc = docs.get(path) ?? { views: 0, active: 0, readers: new Set<string>(), completed: new Set<string>() };
        doc.views++;
        doc.active += s.active_ms;
        doc.readers.add(s.userid);
        if (s.completed === 1) doc.completed.add(s.userid);
        docs.set(path, doc);
      }
    }
    const sorted = <T>(entries: Iterable<[string, T]>) => new Map([...entries].sort(([a], [b]) => (a < b ? -1 : 1)));
    const got = async () => ({
      readers: sorted((await db.selectFrom('reading_readers').selectAll().execute()).map((r) => [`${r.path}|${r.userid}`, { views: r.views, active: r.active_ms, completed: r.completed_views }])),
      readerDays: sorted((await db.selectFrom('reading_reader_days').selectAll().execute()).map((r) => [`${r.path}|${r.day}|${r.userid}`, { views: r.views, active: r.active_ms, completed: r.completed_views }])),
      docDays: sorted((await db.selectFrom('reading_doc_days').selectAll().execute()).map((r) => [`${r.path}|${r.day}`, { views: r.views, active: r.active_ms, readers: r.readers }])),
      docs: sorted((await db.selectFrom('reading_docs').selectAll().execute()).map((r) => [r.path, { views: r.views, active: r.active_ms, readers: r.readers, completed: r.completed_readers }])),
    });
    assert.deepEqual(await got(), {
      readers: sorted(readers),
      readerDays: sorted(readerDays),
      docDays: sorted([...docDays].map(([k, v]) => [k, { views: v.views, active: v.active, readers: v.readers.size }])),
      docs: sorted([...docs].map(([k, v]) => [k, { views: v.views, active: v.active, readers: v.readers.size, completed: v.completed.size }])),
    });
  });
});
