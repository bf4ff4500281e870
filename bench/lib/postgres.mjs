// A PostgreSQL schema of its own for one benchmark run: created empty, dropped at the end, so
// runs never see each other's tables (DATABASE_URL names the database; the schema is added to
// the URL as the connection's search_path).
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoDir } from './report.mjs';

const pg = createRequire(path.join(repoDir, 'packages/server/package.json'))('pg');

async function query(connectionString, sql) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates a fresh schema in the database at `base`: its `url`, and `drop()`. */
export async function postgresSchema(base) {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  await query(base, `create schema ${schema}`);
  return {
    url: `${base}${base.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    drop: () => query(base, `drop schema ${schema} cascade`),
  };
}
