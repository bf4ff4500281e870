import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';

export interface TestDatabase {
  database: Database;
  /** DATABASE_URL for a child process that must see the same data (undefined on SQLite) */
  url: string | undefined;
  /** the data directory (the SQLite file lives here) */
  dataDir: string;
  close(): Promise<void>;
}

/** Which database the suite runs against: PostgreSQL when DATABASE_URL is set, else SQLite. */
export const dialectUnderTest = process.env.DATABASE_URL ? 'postgres' : 'sqlite';

/**
 * A fresh, empty database for one test: a new SQLite file in a temporary directory, or a new
 * schema in the PostgreSQL database of DATABASE_URL (dropped afterwards), so test files can
 * run in parallel.
 */
export async function testDatabase(): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'docgate-test-'));
  const base = process.env.DATABASE_URL;
  if (!base) {
    const database = await openDatabase({ dataDir });
    return {
      database,
      url: undefined,
      dataDir,
      async close() {
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const schema = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const url = `${base}${base.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const database = await openDatabase({ url, dataDir });
  return {
    database,
    url,
    dataDir,
    async close() {
      await database.close();
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`drop schema ${schema} cascade`);
      await client.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A migrated test database and a second handle on it, as another replica has: on PostgreSQL
 * another pool; on SQLite the same connection (one process per database file: a second
 * better-sqlite3 connection in this process would wait for the lock synchronously, blocking the
 * first one's transaction). close() closes both.
 */
export async function testReplicas(): Promise<TestDatabase & { second: Database }> {
  const t = await testDatabase();
  await migrateToLatest(t.database);
  const second = t.url ? await openDatabase({ url: t.url, dataDir: t.dataDir }) : t.database;
  return {
    ...t,
    second,
    async close() {
      if (second !== t.database) await second.close();
      await t.close();
    },
  };
}
