import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { SITE_WIDE, type SegmentReport } from '../store/reading-events.js';

/** A seeded generator, so a failure can be replayed. */
export function random(seed: number): () => number {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

/**
 * Reports about a fixed set of segments, some from intruders (other users or paths: ignored),
 * with values that go up and down between seqs (a buggy client), so views are made and unmade.
 */
export function reportStream(seed: number, segmentCount = 60): { next(): SegmentReport; segments: Array<{ id: string; userid: string; path: string; day: number }> } {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const users = ['u1', 'u2', 'u3', 'u4', 'u5'];
  const paths = ['/a', '/b', '/c/d', '/c/'];
  const day0 = 20_500;
  const segments = Array.from({ length: segmentCount }, (_, i) => ({ id: `segment${String(i).padStart(4, '0')}`, userid: pick(users), path: pick(paths), day: day0 + Math.floor(rnd() * 3) }));
  const next = (): SegmentReport => {
    const s = pick(segments);
    const intruder = rnd() < 0.05;
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
  return { next, segments };
}

/** Asserts that the rollups hold exactly what a recomputation from the stored segments gives. */
export async function assertRollupsMatchSegments(db: Kysely<Schema>): Promise<void> {
  const stored = await db.selectFrom('reading_segments').selectAll().execute();
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
  const got = {
    readers: sorted((await db.selectFrom('reading_readers').selectAll().execute()).map((r) => [`${r.path}|${r.userid}`, { views: r.views, active: r.active_ms, completed: r.completed_views }])),
    readerDays: sorted((await db.selectFrom('reading_reader_days').selectAll().execute()).map((r) => [`${r.path}|${r.day}|${r.userid}`, { views: r.views, active: r.active_ms, completed: r.completed_views }])),
    docDays: sorted((await db.selectFrom('reading_doc_days').selectAll().execute()).map((r) => [`${r.path}|${r.day}`, { views: r.views, active: r.active_ms, readers: r.readers }])),
    docs: sorted((await db.selectFrom('reading_docs').selectAll().execute()).map((r) => [r.path, { views: r.views, active: r.active_ms, readers: r.readers, completed: r.completed_readers }])),
  };
  assert.deepEqual(got, {
    readers: sorted(readers),
    readerDays: sorted(readerDays),
    docDays: sorted([...docDays].map(([k, v]) => [k, { views: v.views, active: v.active, readers: v.readers.size }])),
    docs: sorted([...docs].map(([k, v]) => [k, { views: v.views, active: v.active, readers: v.readers.size, completed: v.completed.size }])),
  });
}

/** Rows waiting in the rollup journal. */
export async function journalRows(db: Kysely<Schema>): Promise<number> {
  return Number((await db.selectFrom('reading_rollup_journal').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}
