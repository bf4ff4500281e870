import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';
import type { Schema } from './schema.js';

/**
 * A transaction that writes: on SQLite it takes the write lock at BEGIN (IMMEDIATE), so a
 * transaction that reads first cannot fail later because another connection wrote in between
 * (a deferred transaction in WAL mode gets SQLITE_BUSY_SNAPSHOT then, which busy_timeout does
 * not retry); on PostgreSQL an ordinary transaction, whose rows are locked as they are written.
 */
export async function writeTransaction<T>(database: Database, work: (trx: Kysely<Schema>) => Promise<T>): Promise<T> {
  return database.db.connection().execute(async (conn) => {
    await sql.raw(database.dialect === 'sqlite' ? 'begin immediate' : 'begin').execute(conn);
    try {
      const result = await work(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => {});
      throw error;
    }
  });
}
