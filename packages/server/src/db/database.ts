import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, sql, type Driver } from 'kysely';
import { startBackgroundCheckpoints } from './checkpoints.js';
import type { Schema } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<Schema>;
  dialect: DialectName;
  /** where the data lives, for logs: the SQLite file or the PostgreSQL URL without its password */
  location: string;
  /**
   * SQLite only: the connection under kysely, for hot paths that run one prepared statement
   * many times (db/prepared.ts). Use it only inside a callback that holds kysely's connection
   * (a transaction), so nothing else runs on it meanwhile.
   */
  sqlite?: SqliteDatabase.Database;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** `postgres://…` selects PostgreSQL; anything else (or nothing) the embedded SQLite file */
  url?: string | undefined;
  /** directory of the SQLite file `docgate.sqlite` */
  dataDir: string;
  /** SQLite: checkpoint the WAL from a worker thread (the server; db/checkpoints.ts) */
  backgroundCheckpoints?: boolean;
}

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const url = options.url?.trim();
  if (url && /^postgres(ql)?:\/\//i.test(url)) return openPostgres(url);
  if (url) {
    throw new DatabaseUnavailableError(
      `DATABASE_URL must start with postgres:// (leave it unset for the embedded SQLite database); got "${redactUrl(url)}"`,
    );
  }
  return openSqlite(options.dataDir, options.backgroundCheckpoints ?? false);
}

// Each driver is loaded only when used: a SQLite deployment never pays for pg, and the other
// way round (start-up time is a goal, docs/perf.md).
async function openSqlite(dataDir: string, backgroundCheckpoints: boolean): Promise<Database> {
  const { default: SqliteDatabase } = await import('better-sqlite3');
  mkdirSync(dataDir, { recursive: true });
  const file = path.resolve(dataDir, 'docgate.sqlite');
  let native: SqliteDatabase.Database;
  try {
    native = new SqliteDatabase(file);
  } catch (error) {
    throw new DatabaseUnavailableError(`cannot open the SQLite database ${file}: ${(error as Error).message}`);
  }
  // WAL lets readers run while one writer commits; FULL makes each commit durable before we
  // answer (an accepted event must survive a power cut, not only a crash of the process).
  native.pragma('journal_mode = WAL');
  native.pragma('synchronous = FULL');
  // A second process (the CLI importing while the server runs) waits for the write lock
  // instead of failing at once.
  native.pragma('busy_timeout = 5000');
  // 64 MiB of pages (the default is 2 MiB): the reading rollups are written at random places,
  // and a page read again from the operating system costs more than the write it serves.
  native.pragma('cache_size = -65536');
  const stopCheckpoints = backgroundCheckpoints ? startBackgroundCheckpoints(native, file) : undefined;
  const db = new Kysely<Schema>({ dialect: new ImmediateSqliteDialect({ database: native }) });
  return {
    db,
    dialect: 'sqlite',
    location: file,
    sqlite: native,
    async close() {
      await stopCheckpoints?.();
      await db.destroy();
    },
  };
}

/**
 * kysely's transactions, on SQLite, take the write lock at BEGIN (IMMEDIATE), as
 * db/write-transaction.ts does. Another connection writes the same file: the reading writer
 * thread (reading/writer-thread.ts), the CLI, a second server starting. A deferred transaction
 * that read before it wrote would then fail at its first write with SQLITE_BUSY whenever the
 * other had written in between (busy_timeout does not retry that); one that takes the lock first
 * waits for it instead. Every kysely transaction here writes.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}

// PostgreSQL's bigint (int8, oid 20) arrives as a string by default; every bigint we store
// (epoch milliseconds, counts, revisions) fits in a double, so read them as numbers.
// numeric (oid 1700) comes back from sum()/avg().
const INT8_OID = 20;
const NUMERIC_OID = 1700;
async function openPostgres(url: string): Promise<Database> {
  const { default: pg } = await import('pg');
  const pgTypes = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: pgTypes as pg.CustomTypesConfig,
    connectionTimeoutMillis: 5000,
  });
  // An idle client can fail when the server restarts; without a listener that would crash the
  // process. The pool drops the client and the next query connects again.
  pool.on('error', () => {});
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => {});
    throw new DatabaseUnavailableError(`cannot connect to PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`);
  }
  return {
    db,
    dialect: 'postgres',
    location: redactUrl(url),
    close: () => db.destroy(),
  };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** Is the database answering? Used by /readyz. */
export async function ping(database: Database): Promise<boolean> {
  try {
    await sql`select 1`.execute(database.db);
    return true;
  } catch {
    return false;
  }
}
