/**
 * Splits rows for multi-row statements. SQLite allows 32 766 bound parameters per statement and
 * PostgreSQL 65 535; 500 rows of up to 12 columns stays well under both.
 */
export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
