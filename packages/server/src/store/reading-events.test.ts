import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../db/database.js';
import type { PermissionCache } from '../permissions/service.js';
import { ReadingIngest } from '../reading/ingest.js';
import { testReplicas } from '../testing/db.js';
import { assertRollupsMatchSegments, journalRows, random, reportStream } from '../testing/reading.js';

// Catalogue changes are not under test here: no documents are sent.
const permissions = { recordDocuments() {} } as unknown as PermissionCache;

describe('reading rollups under concurrent writers', () => {
  let t: Awaited<ReturnType<typeof testReplicas>>;
  let second: Database;
  before(async () => {
    t = await testReplicas();
    second = t.second;
  });
  after(() => t.close());

  it('equal a recomputation from the stored segments, whatever the order and overlap of the writes and of the folds', async () => {
    const replicas = [new ReadingIngest(t.database, permissions, { delayMs: 1, maxWeight: 50 }), new ReadingIngest(second, permissions, { delayMs: 1, maxWeight: 50 })];
    const { next: report, segments } = reportStream(20_261_122);
    const rnd = random(7);
    const submissions = Array.from({ length: 300 }, (_, i) => ({ replica: i % 2, reports: Array.from({ length: 1 + Math.floor(rnd() * 8) }, report) }));
    // Folds by both replicas (two folders on one database) interleave with the writes.
    const folds: Array<Promise<void>> = [];
    const written: Array<Promise<{ accepted: number }>> = [];
    for (const [i, s] of submissions.entries()) {
      written.push(replicas[s.replica]!.submit({ tenantId: 'acme', siteId: 'docs', reports: s.reports, docs: [] }));
      if (i % 10 === 9) {
        // Some of the writes are committed by now, the last ones not yet.
        await written[i - 3 - Math.floor(rnd() * 5)];
        folds.push(replicas[Math.floor(rnd() * 2)]!.fold());
      }
    }
    const outcomes = await Promise.all(written);
    await Promise.all(folds);
    await Promise.all(replicas.map((r) => r.close()));
    assert.ok(replicas.every((r) => r.foldStats.folds > 0), `both replicas folded: ${JSON.stringify(replicas.map((r) => r.foldStats))}`);
    const accepted = outcomes.reduce((n, o) => n + o.accepted, 0);
    assert.ok(accepted > 60 && accepted < submissions.reduce((n, s) => n + s.reports.length, 0), `${accepted} accepted`);

    const db = t.database.db;
    const stored = await db.selectFrom('reading_segments').selectAll().execute();
    assert.ok(stored.length > 30);
    for (const row of stored) {
      const owner = segments.find((s) => s.id === row.segment)!;
      assert.equal(row.day, owner.day, 'fixed by the first report');
    }
    assert.equal(await journalRows(db), 0, 'close() folded everything');
    await assertRollupsMatchSegments(db);
  });
});
