import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';
import type { Schema } from './schema.js';

/**
 * A transaction that writes: on SQLite it takes the write lock at BEGIN (IMMEDIATE), so a
 * transaction that reads first cannot fail later because another connection wrote in between
 * (a deferred transaction in WAL mode gets SQLITE_BUSY_SNAPSHOT then, which busy_timeout does
 * not retry); on PostgreSQL an ordinary transaction, whose rows are locked as they are written.
 */
export async function writeTransaction<T>(database: Database, work: (trx: Kysely<Schema>) => Promise<T>, options: WriteOptions = {}): Promise<T> {
  const relaxed = options.syncCommit === false && database.dialect === 'sqlite';
  return database.db.connection().execute(async (conn) => {
    if (relaxed) await sql`pragma synchronous = normal`.execute(conn);
    try {
      await sql.raw(database.dialect === 'sqlite' ? 'begin immediate' : 'begin').execute(conn);
      try {
        const result = await work(conn);
        await sql`commit`.execute(conn);
        return result;
      } catch (error) {
        await sql`rollback`.execute(conn).catch(() => {});
        throw error;
      }
    } finally {
      if (relaxed) await sql`pragma synchronous = full`.execute(conn);
    }
  });
}

export interface WriteOptions {
  /**
   * SQLite: false commits without waiting for the disk (synchronous = NORMAL for this
   * transaction only). A power cut may then lose this transaction, and any after it that did
   * not sync either, never part of one: the next synced commit syncs it too, and the WAL keeps
   * transactions whole and in order. Only for a transaction whose loss is harmless, such as a
   * fold of the rollup journal (lost, its journal rows are back and are folded again).
   */
  syncCommit?: boolean;
}
