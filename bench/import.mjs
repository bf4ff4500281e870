// Importing a generated 50 000-member CSV (issue #2: ≤ 10 s on SQLite and on PostgreSQL).
// Each row is the whole `docgate import-directory` command, process start included, as a user
// runs it. Baseline, same run: the same members and memberships written with the bare driver
// (one prepared statement on SQLite, 500-row inserts on PostgreSQL) in one transaction.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { repoDir, report, s } from './lib/report.mjs';
import { postgresSchema } from './lib/postgres.mjs';

const MEMBERS = Number(process.env.MEMBERS ?? 50_000);
const DEPARTMENTS = Number(process.env.DEPARTMENTS ?? 5_000);
const require = createRequire(path.join(repoDir, 'packages/server/package.json'));
const cli = path.join(repoDir, 'packages/server/dist/bin/docgate.js');
const { generateOrganisation, organisationCsv } = await import(path.join(repoDir, 'packages/server/dist/demo/org.js'));
const { parseMemberCsv } = await import(path.join(repoDir, 'packages/server/dist/directory/member-csv.js'));
const work = mkdtempSync(path.join(tmpdir(), 'docgate-bench-import-'));

const org = generateOrganisation({ members: MEMBERS, departments: DEPARTMENTS, maxDepth: 10 });
const csv = organisationCsv(org);
const firstFile = path.join(work, 'members.csv');
writeFileSync(firstFile, csv);
// A second export a month later: 5 % changed position, 2 % gone, 2 % new.
const changed = structuredClone(org);
changed.members = changed.members
  .filter((_, i) => i % 50 !== 7)
  .map((m, i) => (i % 20 === 3 ? { ...m, position: `${m.position}（高级）` } : m));
for (let i = 0; i < MEMBERS / 50; i++) {
  changed.members.push({ ...org.members[i], userid: `newhire${i}`, name: `新同事${i}` });
}
const secondFile = path.join(work, 'members-later.csv');
writeFileSync(secondFile, organisationCsv(changed));

const run = (args, env) =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    execFile(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${args.join(' ')}: ${error.message}\n${stderr}`));
      else resolve({ ms: performance.now() - started, stdout: stdout.trim() });
    });
  });

async function measure(dialect, databaseUrl) {
  const dataDir = path.join(work, `data-${dialect}`);
  const config = path.join(work, `docgate-${dialect}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      dataDir,
      tenants: [{ id: 'acme', name: org.company, corpId: 'wwacme' }],
      sites: [],
    }),
  );
  const env = { DATABASE_URL: databaseUrl ?? '' };
  await run(['migrate', '--config', config], env);
  const first = await run(['import-directory', firstFile, '--config', config], env);
  const again = await run(['import-directory', firstFile, '--config', config], env);
  const later = await run(['import-directory', secondFile, '--config', config, '--full'], env);
  const counts = (out) => out.replace(/^.* — /, '');
  return [
    { database: dialect, run: 'first import into an empty directory', time: s(first.ms), result: counts(first.stdout) },
    { database: dialect, run: 're-import of the same file', time: s(again.ms), result: counts(again.stdout) },
    { database: dialect, run: 'full import a month later (5 % changed, 2 % gone, 2 % new)', time: s(later.ms), result: counts(later.stdout) },
  ];
}

/** The floor: the same rows through the bare driver, no parsing, no comparing. */
async function baseline(dialect, databaseUrl) {
  const rows = org.members.map((m) => [m.userid, m.name, m.position, m.mobile, m.email, m.departments[0]]);
  const memberships = org.members.flatMap((m) => m.departments.map((d, i) => [m.userid, d, i]));
  const started = performance.now();
  if (dialect === 'sqlite') {
    const Database = require('better-sqlite3');
    const db = new Database(path.join(work, 'baseline.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(`create table members (tenant_id text, userid text, name text, position text, mobile text, email text,
             main_department integer, primary key (tenant_id, userid));
             create table member_departments (tenant_id text, userid text, department_id integer, position_no integer,
             primary key (tenant_id, userid, department_id))`);
    const insert = db.prepare('insert into members values (?, ?, ?, ?, ?, ?, ?)');
    const link = db.prepare('insert into member_departments values (?, ?, ?, ?)');
    db.transaction(() => {
      for (const r of rows) insert.run('acme', ...r);
      for (const r of memberships) link.run('acme', ...r);
    })();
    db.close();
  } else {
    const pg = require('pg');
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query('begin');
    await client.query(`create table bench_members (tenant_id text, userid text, name text, position text, mobile text, email text,
                        main_department bigint, primary key (tenant_id, userid))`);
    await client.query(`create table bench_member_departments (tenant_id text, userid text, department_id bigint, position_no int,
                        primary key (tenant_id, userid, department_id))`);
    const insertMany = async (table, batch) => {
      const width = batch[0].length + 1;
      const values = batch.map((_, i) => `(${Array.from({ length: width }, (_, j) => `$${i * width + j + 1}`).join(',')})`).join(',');
      await client.query(`insert into ${table} values ${values}`, batch.flatMap((r) => ['acme', ...r]));
    };
    for (let i = 0; i < rows.length; i += 500) await insertMany('bench_members', rows.slice(i, i + 500));
    for (let i = 0; i < memberships.length; i += 500) await insertMany('bench_member_departments', memberships.slice(i, i + 500));
    await client.query('commit');
    await client.end();
  }
  return { database: dialect, run: 'baseline: bare driver inserts, same rows', time: s(performance.now() - started), result: `${rows.length} members, ${memberships.length} memberships` };
}


try {
  const parseStarted = performance.now();
  const parsed = parseMemberCsv(Buffer.from(csv));
  const parseMs = performance.now() - parseStarted;
  if (parsed.errors.length) throw new Error(`generated CSV has errors: ${JSON.stringify(parsed.errors.slice(0, 3))}`);

  const rows = [...(await measure('sqlite')), await baseline('sqlite')];
  const notes = [
    `File: ${MEMBERS} members in ${DEPARTMENTS} departments (depth ≤ 10), ${(Buffer.byteLength(csv) / 2 ** 20).toFixed(1)} MiB UTF-8; reading and checking it alone takes ${s(parseMs)}.`,
    'Goal: each import ≤ 10 s on SQLite and on PostgreSQL. Times include starting the docgate process.',
  ];
  if (process.env.DATABASE_URL?.startsWith('postgres')) {
    const schema = await postgresSchema(process.env.DATABASE_URL);
    try {
      rows.push(...(await measure('postgres', schema.url)), await baseline('postgres', schema.url));
    } finally {
      await schema.drop();
    }
  } else {
    notes.push('PostgreSQL skipped: set DATABASE_URL=postgres://… to measure it.');
  }
  report('import', `Directory import: ${MEMBERS} members from a CSV file`, rows, notes);
} finally {
  rmSync(work, { recursive: true, force: true });
}
