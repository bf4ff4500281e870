import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from './database.js';

describe('SQLite WAL checkpoints in a worker thread', () => {
  it("copy committed pages into the database file while the server's connection never checkpoints", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'docgate-checkpoints-'));
    const database = await openDatabase({ dataDir, backgroundCheckpoints: true });
    try {
      const file = path.join(dataDir, 'docgate.sqlite');
      assert.equal(database.sqlite!.pragma('wal_autocheckpoint', { simple: true }), 0);
      await sql`create table t (k integer primary key, v text)`.execute(database.db);
      for (let i = 0; i < 20; i++) {
        await database.db.transaction().execute(async (trx) => {
          for (let j = 0; j < 100; j++) await sql`insert into t (v) values (${'x'.repeat(1000)})`.execute(trx);
        });
      }
      // 2 MB committed to the WAL; the worker copies it into the file within its 200 ms period.
      const deadline = Date.now() + 5000;
      while (statSync(file).size < 1_500_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.ok(statSync(file).size >= 1_500_000, `database file ${statSync(file).size} bytes`);
    } finally {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
