import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { PermissionCache } from '../permissions/service.js';
import { testReplicas } from '../testing/db.js';
import { assertRollupsMatchSegments, journalRows, reportStream } from '../testing/reading.js';
import { ReadingIngest } from './ingest.js';
import { RollupFolder } from './rollup-folder.js';

const permissions = { recordDocuments() {} } as unknown as PermissionCache;

describe('the rollup journal', () => {
  let t: Awaited<ReturnType<typeof testReplicas>>;
  let second: Database;
  before(async () => {
    t = await testReplicas();
    second = t.second;
  });
  after(() => t.close());
  beforeEach(async () => {
    for (const table of ['reading_segments', 'reading_readers', 'reading_reader_days', 'reading_doc_days', 'reading_docs', 'reading_rollup_journal'] as const) {
      await t.database.db.deleteFrom(table).execute();
    }
  });

  /** Writes `count` requests of reports through an ingest that never folds by itself. */
  const ingestSome = async (seed: number, count: number) => {
    const { next } = reportStream(seed);
    const ingest = new ReadingIngest(t.database, permissions, { delayMs: 1, maxWeight: 40 });
    await Promise.all(Array.from({ length: count }, () => ingest.submit({ tenantId: 'acme', siteId: 'docs', reports: Array.from({ length: 5 }, next), docs: [] })));
    return ingest;
  };
  const rollupCounts = async () => {
    const db = t.database.db;
    const n = async (table: 'reading_readers' | 'reading_reader_days' | 'reading_doc_days' | 'reading_docs') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return [await n('reading_readers'), await n('reading_reader_days'), await n('reading_doc_days'), await n('reading_docs')];
  };

  it('is where the ingest leaves the rollups: nothing reaches them before a fold, everything after', async () => {
    const ingest = await ingestSome(1, 40);
    assert.ok((await journalRows(t.database.db)) > 40);
    assert.deepEqual(await rollupCounts(), [0, 0, 0, 0]);
    await ingest.fold();
    assert.equal(await journalRows(t.database.db), 0);
    await assertRollupsMatchSegments(t.database.db);
    await ingest.close();
  });

  it('a fold that fails changes nothing, and the next one folds every row exactly once', async () => {
    const ingest = await ingestSome(2, 40);
    const waiting = await journalRows(t.database.db);
    // The last thing a fold writes is reading_docs: a trigger makes that fail, after the journal
    // rows were deleted and the other rollups written in the same transaction.
    const db = t.database.db;
    if (t.database.dialect === 'sqlite') {
      await sql`create trigger fail_fold before insert on reading_docs begin select raise(abort, 'injected failure'); end`.execute(db);
    } else {
      await sql`create function fail_fold() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$`.execute(db);
      await sql`create trigger fail_fold before insert or update on reading_docs for each row execute function fail_fold()`.execute(db);
    }
    await assert.rejects(ingest.fold(), /injected failure/);
    assert.equal(await journalRows(db), waiting, 'the journal is as it was');
    assert.deepEqual(await rollupCounts(), [0, 0, 0, 0], 'so are the rollups');
    if (t.database.dialect === 'sqlite') await sql`drop trigger fail_fold`.execute(db);
    else await sql`drop function fail_fold() cascade`.execute(db);

    await ingest.fold();
    assert.equal(await journalRows(db), 0);
    await assertRollupsMatchSegments(db);
    // Folding again finds nothing to add.
    await ingest.fold();
    await assertRollupsMatchSegments(db);
    await ingest.close();
  });

  it('close() folds what is left', async () => {
    const ingest = await ingestSome(3, 20);
    assert.ok((await journalRows(t.database.db)) > 0);
    await ingest.close();
    assert.equal(await journalRows(t.database.db), 0);
    await assertRollupsMatchSegments(t.database.db);
  });

  it('folds in small transactions when the journal is long, each row once', async () => {
    const ingest = await ingestSome(4, 60);
    const waiting = await journalRows(t.database.db);
    const folder = new RollupFolder(t.database, { batchRows: 7 });
    await folder.fold();
    assert.equal(folder.stats.rows, waiting);
    assert.ok(folder.stats.folds >= Math.floor(waiting / 7), `${folder.stats.folds} transactions`);
    await assertRollupsMatchSegments(t.database.db);
    await ingest.close();
  });

  it('two folders on one database (two replicas) folding at once count every row once', async () => {
    const ingest = await ingestSome(5, 60);
    const folders = [new RollupFolder(t.database, { batchRows: 13 }), new RollupFolder(second, { batchRows: 13 })];
    await Promise.all(Array.from({ length: 6 }, (_, i) => folders[i % 2]!.fold()));
    assert.equal(await journalRows(t.database.db), 0);
    await assertRollupsMatchSegments(t.database.db);
    await ingest.close();
  });

  it('fold() called during a fold waits for the next one, shared by every caller meanwhile', async () => {
    const ingest = await ingestSome(6, 30);
    const folder = new RollupFolder(t.database);
    const first = folder.fold();
    const second = folder.fold();
    assert.notEqual(first, second, 'the running fold may have looked at the journal before the caller\'s events');
    assert.equal(folder.fold(), second);
    await Promise.all([first, second]);
    assert.equal(await journalRows(t.database.db), 0);
    await assertRollupsMatchSegments(t.database.db);
    await ingest.close();
  });

  it('a background fold that fails is reported and tried again; the timer keeps no process alive', async () => {
    const ingest = await ingestSome(7, 10);
    const folder = new RollupFolder(t.database, { intervalMs: 20 });
    const db = t.database.db;
    if (t.database.dialect === 'sqlite') {
      await sql`create trigger fail_fold before insert on reading_docs begin select raise(abort, 'injected failure'); end`.execute(db);
    } else {
      await sql`create function fail_fold() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$`.execute(db);
      await sql`create trigger fail_fold before insert or update on reading_docs for each row execute function fail_fold()`.execute(db);
    }
    const errors: unknown[] = [];
    folder.start((error) => errors.push(error));
    while (errors.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.match(String(errors[0]), /injected failure/);
    if (t.database.dialect === 'sqlite') await sql`drop trigger fail_fold`.execute(db);
    else await sql`drop function fail_fold() cascade`.execute(db);
    while ((await journalRows(db)) > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await folder.close();
    await assertRollupsMatchSegments(db);
    await ingest.close();
  });
});
