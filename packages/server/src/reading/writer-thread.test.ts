import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { migrateToLatest } from '../db/migrate.js';
import type { PermissionCache } from '../permissions/service.js';
import { dialectUnderTest, testDatabase, type TestDatabase } from '../testing/db.js';
import { journalRows, reportStream } from '../testing/reading.js';
import type { SegmentReport } from '../store/reading-events.js';
import { ReadingIngest } from './ingest.js';

const permissions = { recordDocuments() {} } as unknown as PermissionCache;

describe('the SQLite writer thread', { skip: dialectUnderTest !== 'sqlite' && 'SQLite only' }, () => {
  let t: TestDatabase;
  before(async () => {
    t = await testDatabase();
    await migrateToLatest(t.database);
  });
  after(() => t.close());

  it('writes on its own connection what the server thread then reads, and a failed write rejects with its code while the rest of the group commits', async () => {
    const ingest = new ReadingIngest(t.database, permissions, { delayMs: 5 });
    const { next } = reportStream(11);
    const good = Array.from({ length: 3 }, () => ingest.submit({ tenantId: 'acme', siteId: 'docs', reports: [next(), next()], docs: [] }));
    // A NOT NULL column left null: only the writer's database can refuse it.
    const bad = ingest.submit({ tenantId: 'acme', siteId: 'docs', reports: [{ ...next(), segment: 'bad00001', path: null } as unknown as SegmentReport], docs: [] });
    await assert.rejects(bad, (error: Error & { code?: string }) => error.code?.startsWith('SQLITE_CONSTRAINT') === true);
    const outcomes = await Promise.all(good);
    assert.ok(outcomes.reduce((n, o) => n + o.accepted, 0) > 0);
    const stored = await t.database.db.selectFrom('reading_segments').select('segment').execute();
    assert.ok(stored.length > 0 && stored.every((s) => s.segment !== 'bad00001'));
    assert.ok((await journalRows(t.database.db)) > 0);
    await ingest.fold();
    assert.equal(await journalRows(t.database.db), 0, 'folded by the thread, seen here');
    await ingest.close();
    await assert.rejects(ingest.submit({ tenantId: 'acme', siteId: 'docs', reports: [next()], docs: [] }), /closed/);
  });
});
