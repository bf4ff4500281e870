import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';
import { migrations } from './migrations/index.js';

export const MIGRATION_TABLE = 'docgate_migration';

// Any constant works; it names our advisory lock among the locks other programs may take.
const PG_LOCK_KEY = 7_312_204_451;

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export interface MigrationReport {
  /** migrations applied by this call, in order */
  applied: string[];
  /** every migration now recorded in the database */
  current: string[];
}

/**
 * Brings the schema to the latest version (or up to `target`, inclusive).
 *
 * All pending migrations run in one transaction under a lock held across processes (SQLite's
 * write lock through BEGIN IMMEDIATE, a transaction-scoped advisory lock on PostgreSQL), so
 * replicas starting together apply each migration exactly once, and a failed migration leaves
 * the schema as it was: both databases have transactional DDL.
 * kysely's Migrator is not used because it takes no lock on SQLite and races on PostgreSQL
 * while creating its own bookkeeping tables.
 */
export async function migrateToLatest(database: Database, target?: string): Promise<MigrationReport> {
  const all = migrations(database.dialect);
  const names = Object.keys(all);
  if (target !== undefined && !names.includes(target)) throw new MigrationError(`no migration named ${target}`);
  const wanted = target === undefined ? names : names.slice(0, names.indexOf(target) + 1);

  return database.db.connection().execute(async (conn) => {
    if (database.dialect === 'sqlite') {
      await sql`begin immediate`.execute(conn);
    } else {
      await sql`begin`.execute(conn);
      await sql`select pg_advisory_xact_lock(${PG_LOCK_KEY})`.execute(conn);
    }
    let current = '(bookkeeping)';
    try {
      await conn.schema
        .createTable(MIGRATION_TABLE)
        .ifNotExists()
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('executed_at', 'bigint', (c) => c.notNull())
        .execute();
      const done = await appliedMigrations(conn);
      const unknown = done.filter((name) => !names.includes(name));
      if (unknown.length) {
        throw new Error(`the database was migrated by a newer docgate (it has ${unknown.join(', ')}); run that version or newer`);
      }
      const applied: string[] = [];
      for (const name of wanted) {
        if (done.includes(name)) continue;
        current = name;
        await all[name]!.up(conn);
        await conn.insertInto(MIGRATION_TABLE as never).values({ name, executed_at: Date.now() } as never).execute();
        applied.push(name);
      }
      await sql`commit`.execute(conn);
      return { applied, current: names.filter((n) => done.includes(n) || applied.includes(n)) };
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => {});
      const reason = error instanceof Error ? error.message : String(error);
      throw new MigrationError(current === '(bookkeeping)' ? reason : `migration ${current} failed: ${reason}`);
    }
  });
}

/** Names of migrations the database has not run yet (empty when up to date). */
export async function pendingMigrations(database: Database): Promise<string[]> {
  const done = (await migrationTableExists(database)) ? await appliedMigrations(database.db) : [];
  return Object.keys(migrations(database.dialect)).filter((name) => !done.includes(name));
}

/**
 * Is our bookkeeping table visible where queries look? On PostgreSQL the name is resolved
 * through the search path: another schema's docgate_migration (a second deployment sharing the
 * database) must not count.
 */
async function migrationTableExists(database: Database): Promise<boolean> {
  if (database.dialect === 'postgres') {
    const { rows } = await sql<{ found: boolean }>`select to_regclass(${MIGRATION_TABLE}) is not null as found`.execute(database.db);
    return rows[0]?.found === true;
  }
  const { rows } = await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = ${MIGRATION_TABLE}`.execute(
    database.db,
  );
  return Number(rows[0]?.n) > 0;
}

async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const rows = await db.selectFrom(MIGRATION_TABLE).select('name').orderBy('name').execute();
  return rows.map((r: { name: string }) => r.name);
}
