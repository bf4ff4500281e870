import type SqliteDatabase from 'better-sqlite3';
import type { Compilable } from 'kysely';

/**
 * A statement written once with kysely and run many times, prepared once, on SQLite.
 *
 * kysely compiles and better-sqlite3 prepares every query anew, which costs more than running
 * it when the query writes one small row (a multi-row statement is no cure on SQLite: its
 * VALUES list is compiled row by row, and its text changes with the number of rows). Here the
 * query is built by the same kysely code as for PostgreSQL, for a row of marker values; the
 * markers found in the compiled parameters say which field each parameter is; the statement is
 * prepared once per connection and key, then bound to each row's fields.
 */
export interface PreparedRow<Row> {
  /** runs the statement for a row and answers its first result row (RETURNING), if any */
  get(row: Row): unknown;
  /** runs the statement for a row */
  run(row: Row): void;
}

const cache = new WeakMap<SqliteDatabase.Database, Map<string, PreparedRow<never>>>();
const MARKER = '\u0000docgate-field:';

export function preparedRow<Row extends object>(
  native: SqliteDatabase.Database,
  key: string,
  fields: ReadonlyArray<keyof Row & string>,
  build: (row: Row) => Compilable,
): PreparedRow<Row> {
  let statements = cache.get(native);
  if (!statements) cache.set(native, (statements = new Map()));
  const known = statements.get(key) as PreparedRow<Row> | undefined;
  if (known) return known;

  const template = Object.fromEntries(fields.map((f) => [f, `${MARKER}${f}`])) as Row;
  const { sql, parameters } = build(template).compile();
  // Each parameter is a field of the row, or a constant of the query itself.
  const binders = parameters.map((p): ((row: Row) => unknown) => {
    if (typeof p === 'string' && p.startsWith(MARKER)) {
      const field = p.slice(MARKER.length) as keyof Row;
      return (row) => row[field];
    }
    return () => p;
  });
  const statement = native.prepare(sql);
  const bind = (row: Row) => binders.map((b) => b(row));
  const prepared: PreparedRow<Row> = {
    get: (row) => statement.get(bind(row)),
    run: (row) => void statement.run(bind(row)),
  };
  statements.set(key, prepared as PreparedRow<never>);
  return prepared;
}
