// Reading statistics at scale (issue #5): the statistics of one document with 1 000 000 segments
// (goal ≤ 100 ms) and the top documents over 10 000 000 segments (goal ≤ 500 ms), on SQLite and
// (with DATABASE_URL) PostgreSQL. Each query goes through the real route (fastify inject: routing,
// schema, the permission check, the audience of 50 000 members, serialisation; no socket), repeated
// RUNS times after one warm-up; median and p95.
//
// The data: 50 000 members (the demo company generator), 20 000 catalogued documents, 10 000 000
// segments over the last 365 days in Shanghai time. Every member's segments are generated in turn
// (seeded): every tenth goes to one document (1 000 000 segments for it), the others to the rest
// of the catalogue with a Zipf skew; active time r³ × 10 min (≈ 12 % under 1 s: not views).
// Ingest over HTTP would take minutes per million, so the rows are written in bulk: the
// segments as ingest stores them, and the rollups as ingest keeps them — computed while
// generating, by the definition the ingest's rollups are tested against (store/
// reading-events.test.ts: rollups = a recomputation from the segments). Before that, the same
// generator at a small scale is written both ways — through the ingest's own code
// (applySegmentReports, then a fold of the rollup journal) and in bulk — and the two databases
// are compared table by table.
// Env: SEGMENTS (default 10 000 000), RUNS (default 15).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { percentile, repoDir, report } from './lib/report.mjs';
import { zipf } from './lib/zipf.mjs';
import { postgresSchema } from './lib/postgres.mjs';

const server = (file) => path.join(repoDir, 'packages/server/dist', file);
const SEGMENTS = Number(process.env.SEGMENTS ?? 10_000_000);
const RUNS = Number(process.env.RUNS ?? 15);
const MEMBERS = 50_000;
const DOCUMENTS = 20_000;
const DAYS = 365;
const TENANT = 'acme';
const SITE = 'docs';
const DAY_MS = 86_400_000;
const SHANGHAI = 8 * 3_600_000;
const FOLDERS = ['handbook', 'engineering', 'product', 'design', 'sales', 'marketing', 'finance', 'hr', 'legal', 'security', 'operations', 'it', 'support', 'data', 'platform', 'mobile', 'web', 'api', 'infrastructure', 'qa'];

const { generateOrganisation, organisationCsv, random } = await import(server('demo/org.js'));
const { openDatabase, migrateToLatest, loadConfig, importMembersCsv, createServices, buildApp } = await import(server('index.js'));
const { upsertDocuments } = await import(server('store/catalog.js'));
const { applySegmentReports } = await import(server('store/reading-events.js'));
const { RollupFolder } = await import(server('reading/rollup-folder.js'));
const { writeTransaction } = await import(server('db/write-transaction.js'));
// the one kysely of the workspace (hoisted), which the server's modules import too
const { sql } = await import('kysely');

const docPath = (i) => `/${FOLDERS[i % FOLDERS.length]}/doc-${i}`;
const today = Math.floor((Date.now() + SHANGHAI) / DAY_MS); // Shanghai's day number
const isoDay = (day) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * Generates the segments member by member (in key order) and, alongside, every rollup row the
 * ingest would hold for them: views only (active ≥ 1 s), per document and for the whole site ('').
 */
async function generate({ userids, segments, documents, seed }, out) {
  const rnd = random(seed);
  // document 0 takes every tenth segment (below); the others are picked by rank, Zipf-skewed
  const zipfDoc = zipf(Array.from({ length: documents - 1 }, (_, r) => 1 + r), rnd);
  const weights = userids.map(() => 0.2 + rnd() * 1.6);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  // Days 1 … DAYS before today: dayIndex 0 is the oldest.
  const firstDay = today - DAYS;
  const docDays = { views: new Int32Array(documents * DAYS), readers: new Int32Array(documents * DAYS), active: new Float64Array(documents * DAYS) };
  const siteDays = { views: new Int32Array(DAYS), readers: new Int32Array(DAYS), active: new Float64Array(DAYS) };
  const docs = { views: new Int32Array(documents), readers: new Int32Array(documents), completed: new Int32Array(documents), active: new Float64Array(documents), lastAt: new Float64Array(documents) };
  const site = { views: 0, readers: 0, completed: 0, active: 0, lastAt: 0 };
  let made = 0;
  let cumulativeWeight = 0;
  let views = 0;
  let docZero = 0;
  const add = (map, key, s) => {
    let a = map.get(key);
    if (!a) map.set(key, (a = { views: 0, active: 0, completed: 0, maxDepth: 0, firstAt: Number.MAX_SAFE_INTEGER, lastAt: 0 }));
    a.views++;
    a.active += s.active;
    a.completed += s.completed;
    a.maxDepth = Math.max(a.maxDepth, s.depth);
    a.firstAt = Math.min(a.firstAt, s.startedAt);
    a.lastAt = Math.max(a.lastAt, s.updatedAt);
    return a;
  };
  const readerRow = (pathOf, userid, a, day) => ({
    tenant_id: TENANT, site_id: SITE, path: pathOf, userid, ...(day === undefined ? {} : { day }),
    views: a.views, active_ms: a.active, completed_views: a.completed, max_depth: a.maxDepth, first_at: a.firstAt, last_at: a.lastAt,
  });
  for (const [u, userid] of userids.entries()) {
    cumulativeWeight += weights[u];
    const count = Math.round((segments * cumulativeWeight) / weightSum) - made;
    made += count;
    const readers = new Map();
    const readerDays = new Map();
    const siteReader = new Map();
    const siteReaderDays = new Map();
    for (let k = 0; k < count; k++) {
      const doc = k % 10 === 0 ? 0 : zipfDoc();
      if (doc === 0) docZero++;
      const dayIndex = Math.floor(rnd() * DAYS);
      const day = firstDay + dayIndex;
      const startedAt = day * DAY_MS - SHANGHAI + Math.floor(rnd() * DAY_MS);
      const active = Math.floor(rnd() ** 3 * 600_000);
      const visible = active + Math.floor(rnd() * 60_000);
      const depth = Math.round(rnd() * 100) / 100;
      const completed = depth >= 0.9 && active >= 30_000 ? 1 : 0;
      const s = { active, depth, completed, startedAt, updatedAt: startedAt + visible };
      out.segment({
        tenant_id: TENANT, segment: `b${u.toString(36).padStart(4, '0')}${k.toString(36).padStart(5, '0')}`, site_id: SITE, path: docPath(doc), userid,
        seq: 1, started_at: startedAt, day, active_ms: active, visible_ms: visible, max_depth: depth, completed, created_at: s.updatedAt, updated_at: s.updatedAt,
      });
      if (active < 1000) continue;
      views++;
      add(readers, doc, s);
      add(readerDays, doc * DAYS + dayIndex, s);
      add(siteReader, 0, s);
      add(siteReaderDays, dayIndex, s);
      const cell = doc * DAYS + dayIndex;
      docDays.views[cell]++;
      docDays.active[cell] += active;
      siteDays.views[dayIndex]++;
      siteDays.active[dayIndex] += active;
      docs.views[doc]++;
      docs.active[doc] += active;
      docs.lastAt[doc] = Math.max(docs.lastAt[doc], s.updatedAt);
      site.views++;
      site.active += active;
      site.lastAt = Math.max(site.lastAt, s.updatedAt);
    }
    for (const [doc, a] of readers) {
      out.reader(readerRow(docPath(doc), userid, a));
      docs.readers[doc]++;
      if (a.completed > 0) docs.completed[doc]++;
    }
    for (const [cell, a] of readerDays) {
      const doc = Math.floor(cell / DAYS);
      out.readerDay(readerRow(docPath(doc), userid, a, firstDay + (cell % DAYS)));
      docDays.readers[cell]++;
    }
    for (const a of siteReader.values()) {
      out.reader(readerRow('', userid, a));
      site.readers++;
      if (a.completed > 0) site.completed++;
    }
    for (const [dayIndex, a] of siteReaderDays) {
      out.readerDay(readerRow('', userid, a, firstDay + dayIndex));
      siteDays.readers[dayIndex]++;
    }
    // PostgreSQL's writes are asynchronous: let them catch up so memory stays bounded.
    await out.afterMember?.();
  }
  for (let doc = 0; doc < documents; doc++) {
    for (let d = 0; d < DAYS; d++) {
      const cell = doc * DAYS + d;
      if (docDays.views[cell]) out.docDay({ tenant_id: TENANT, site_id: SITE, day: firstDay + d, path: docPath(doc), views: docDays.views[cell], readers: docDays.readers[cell], active_ms: docDays.active[cell] });
    }
    if (docs.views[doc]) out.doc({ tenant_id: TENANT, site_id: SITE, path: docPath(doc), views: docs.views[doc], readers: docs.readers[doc], completed_readers: docs.completed[doc], active_ms: docs.active[doc], last_at: docs.lastAt[doc] });
  }
  for (let d = 0; d < DAYS; d++) {
    if (siteDays.views[d]) out.docDay({ tenant_id: TENANT, site_id: SITE, day: firstDay + d, path: '', views: siteDays.views[d], readers: siteDays.readers[d], active_ms: siteDays.active[d] });
  }
  if (site.views) out.doc({ tenant_id: TENANT, site_id: SITE, path: '', views: site.views, readers: site.readers, completed_readers: site.completed, active_ms: site.active, last_at: site.lastAt });
  return { views, docZero };
}

const COLUMNS = {
  reading_segments: [['tenant_id', 'text'], ['segment', 'text'], ['site_id', 'text'], ['path', 'text'], ['userid', 'text'], ['seq', 'int8'], ['started_at', 'int8'], ['day', 'int4'], ['active_ms', 'int8'], ['visible_ms', 'int8'], ['max_depth', 'float8'], ['completed', 'int4'], ['created_at', 'int8'], ['updated_at', 'int8']],
  reading_readers: [['tenant_id', 'text'], ['site_id', 'text'], ['path', 'text'], ['userid', 'text'], ['views', 'int8'], ['active_ms', 'int8'], ['completed_views', 'int8'], ['max_depth', 'float8'], ['first_at', 'int8'], ['last_at', 'int8']],
  reading_reader_days: [['tenant_id', 'text'], ['site_id', 'text'], ['path', 'text'], ['userid', 'text'], ['day', 'int4'], ['views', 'int8'], ['active_ms', 'int8'], ['completed_views', 'int8'], ['max_depth', 'float8'], ['first_at', 'int8'], ['last_at', 'int8']],
  reading_doc_days: [['tenant_id', 'text'], ['site_id', 'text'], ['day', 'int4'], ['path', 'text'], ['views', 'int8'], ['readers', 'int8'], ['active_ms', 'int8']],
  reading_docs: [['tenant_id', 'text'], ['site_id', 'text'], ['path', 'text'], ['views', 'int8'], ['readers', 'int8'], ['completed_readers', 'int8'], ['active_ms', 'int8'], ['last_at', 'int8']],
};

const KEYS = {
  reading_segments: ['tenant_id', 'userid', 'segment'],
  reading_readers: ['site_id', 'path', 'userid'],
  reading_reader_days: ['site_id', 'path', 'day', 'userid'],
  reading_doc_days: ['site_id', 'day', 'path'],
  reading_docs: ['site_id', 'path'],
};

/**
 * Buffered bulk writes: prepared statements in large transactions (SQLite), unnest() of arrays
 * (PostgreSQL). Segments come in key order (member by member) and go straight in; the rollups,
 * keyed by document first, go to a keyless staging table and are copied over in key order at
 * the end (one sort by the database instead of rewriting the table's pages chunk after chunk).
 */
async function bulkWriter(database) {
  const native = database.sqlite;
  const target = (t) => (t === 'reading_segments' ? t : `bench_stage_${t}`);
  for (const t of Object.keys(COLUMNS)) {
    if (t === 'reading_segments') continue;
    if (native) native.exec(`create table ${target(t)} as select * from ${t} where 0`);
    else await sql`create unlogged table ${sql.table(target(t))} (like ${sql.table(t)})`.execute(database.db);
  }
  const buffers = Object.fromEntries(Object.keys(COLUMNS).map((t) => [t, []]));
  const counts = Object.fromEntries(Object.keys(COLUMNS).map((t) => [t, 0]));
  const pending = [];
  const statements = native
    ? Object.fromEntries(Object.entries(COLUMNS).map(([t, cols]) => [t, native.prepare(`insert into ${target(t)} (${cols.map((c) => c[0]).join(', ')}) values (${cols.map(() => '?').join(', ')})`)]))
    : undefined;
  let chain = Promise.resolve();
  const flush = (table) => {
    const rows = buffers[table];
    buffers[table] = [];
    if (!rows.length) return;
    const cols = COLUMNS[table];
    if (native) {
      native.transaction(() => {
        for (const row of rows) statements[table].run(cols.map(([c]) => row[c]));
      })();
      return;
    }
    const arrays = cols.map(([c]) => rows.map((r) => r[c]));
    chain = chain.then(() =>
      sql`insert into ${sql.table(target(table))} (${sql.join(cols.map(([c]) => sql.ref(c)))}) select * from unnest(${sql.join(arrays.map((a, i) => sql`${a}::${sql.raw(cols[i][1])}[]`))})`.execute(database.db),
    );
    pending.push(chain);
  };
  const add = (table) => (row) => {
    buffers[table].push(row);
    counts[table]++;
    if (buffers[table].length >= (native ? 100_000 : 20_000)) flush(table);
  };
  return {
    sink: {
      segment: add('reading_segments'),
      reader: add('reading_readers'),
      readerDay: add('reading_reader_days'),
      docDay: add('reading_doc_days'),
      doc: add('reading_docs'),
      afterMember: () => undefined,
    },
    counts,
    /** PostgreSQL: waits while more than a few inserts are queued, so memory stays bounded */
    async afterMember() {
      if (!native && pending.length > 4) {
        await chain;
        pending.length = 0;
      }
    },
    async finish() {
      for (const t of Object.keys(COLUMNS)) flush(t);
      await chain;
      for (const [t, key] of Object.entries(KEYS)) {
        if (t === 'reading_segments') continue;
        const cols = COLUMNS[t].map(([c]) => c).join(', ');
        const copy = `insert into ${t} (${cols}) select ${cols} from ${target(t)} order by ${key.join(', ')}`;
        if (native) native.exec(`${copy}; drop table ${target(t)}`);
        else {
          await sql.raw(copy).execute(database.db);
          await sql`drop table ${sql.table(target(t))}`.execute(database.db);
        }
      }
    },
  };
}

async function freshDatabase(dialect, base, work, name) {
  if (dialect === 'sqlite') {
    const dataDir = path.join(work, name);
    return { database: await openDatabase({ dataDir }), drop: async () => {} };
  }
  const schema = await postgresSchema(base);
  const database = await openDatabase({ url: schema.url, dataDir: path.join(work, name) });
  return { database, url: schema.url, drop: schema.drop };
}

/** The same small data set through the ingest's code and in bulk: the tables must be equal. */
async function equivalence(dialect, base, work) {
  const userids = Array.from({ length: 300 }, (_, i) => `u${String(i).padStart(4, '0')}`).sort();
  const spec = { userids, segments: 30_000, documents: 200, seed: 7 };
  const viaIngest = await freshDatabase(dialect, base, work, `${dialect}-eq-ingest`);
  const viaBulk = await freshDatabase(dialect, base, work, `${dialect}-eq-bulk`);
  try {
    for (const d of [viaIngest, viaBulk]) await migrateToLatest(d.database);
    const reports = [];
    await generate(spec, {
      segment: (s) =>
        reports.push({ tenantId: s.tenant_id, siteId: s.site_id, userid: s.userid, path: s.path, segment: s.segment, seq: 1, startedAt: s.started_at, day: s.day, activeMs: s.active_ms, visibleMs: s.visible_ms, maxDepth: s.max_depth, completed: s.completed === 1 }),
      reader() {},
      readerDay() {},
      docDay() {},
      doc() {},
    });
    for (let i = 0; i < reports.length; i += 500) {
      const batch = reports.slice(i, i + 500);
      await writeTransaction(viaIngest.database, (trx) => applySegmentReports(trx, viaIngest.database, batch, Date.now()));
    }
    // The ingest leaves the rollups to the journal's folds (reading/rollup-folder.ts).
    await new RollupFolder(viaIngest.database).fold();
    const bulk = await bulkWriter(viaBulk.database);
    await generate(spec, { ...bulk.sink, afterMember: () => bulk.afterMember() });
    await bulk.finish();
    // Times of the last report differ by design (ingest: when it arrived; bulk: when it would have).
    const skip = new Set(['last_at', 'created_at', 'updated_at']);
    const dump = async (database, table) =>
      (await database.db.selectFrom(table).selectAll().execute())
        .map((r) => JSON.stringify(Object.entries(r).filter(([k]) => !skip.has(k)).map(([k, v]) => [k, typeof v === 'number' ? Number(v) : v])))
        .sort();
    const differences = [];
    for (const table of Object.keys(COLUMNS)) {
      const [a, b] = [await dump(viaIngest.database, table), await dump(viaBulk.database, table)];
      if (a.length !== b.length || a.some((row, i) => row !== b[i])) differences.push(`${table}: ${a.length} rows through ingest, ${b.length} in bulk`);
    }
    if (differences.length) throw new Error(`the bulk data differs from what ingest writes:\n${differences.join('\n')}`);
    return `${spec.segments} segments (300 members, 200 documents) written through applySegmentReports and in bulk gave equal tables (times of the last report aside)`;
  } finally {
    for (const d of [viaIngest, viaBulk]) {
      await d.database.close();
      await d.drop();
    }
  }
}

async function measure(dialect, base, work, org, rows, notes) {
  notes.push(`${dialect}: ${await equivalence(dialect, base, work)}.`);
  const { database, url, drop } = await freshDatabase(dialect, base, work, `${dialect}-data`);
  try {
    const admin = org.members[0].userid;
    const config = loadConfig({
      value: {
        server: { host: '127.0.0.1', port: 0 },
        dataDir: path.join(work, `${dialect}-data`),
        log: { level: 'silent' },
        auth: { devLogin: true },
        tenants: [{ id: TENANT, name: org.company, corpId: 'wwacme', admins: [admin] }],
        sites: [{ id: SITE, tenant: TENANT, name: 'Docs', origins: ['https://docs.acme.test'] }],
      },
      env: url ? { DATABASE_URL: url } : {},
    });
    const services = await createServices(config, database);
    const started = performance.now();
    await importMembersCsv(database, Buffer.from(organisationCsv(org)), { tenantId: TENANT, companyName: org.company, mode: 'merge', dryRun: false, actor: 'system:bench' });
    await database.db.transaction().execute((trx) =>
      upsertDocuments(trx, TENANT, SITE, Array.from({ length: DOCUMENTS }, (_, i) => ({ path: docPath(i), title: `文档 ${i}` })), 'list'),
    );
    const userids = org.members.map((m) => m.userid).sort();
    const bulk = await bulkWriter(database);
    let written = 0;
    const sink = {
      ...bulk.sink,
      segment(row) {
        bulk.sink.segment(row);
        written++;
      },
      afterMember: () => bulk.afterMember(),
    };
    // Loading is set-up, not measured: SQLite need not sync each of its transactions meanwhile.
    database.sqlite?.pragma('synchronous = OFF');
    let nextReport = SEGMENTS / 10;
    const progress = { ...sink, segment(row) {
      sink.segment(row);
      if (written >= nextReport) {
        process.stderr.write(`${dialect}: ${Math.round((written / SEGMENTS) * 100)} % written\n`);
        nextReport += SEGMENTS / 10;
      }
    } };
    const generated = await generate({ userids, segments: SEGMENTS, documents: DOCUMENTS, seed: 2026 }, progress);
    await bulk.finish();
    database.sqlite?.pragma('synchronous = FULL');
    const loadMs = performance.now() - started;
    const analyzeStarted = performance.now();
    await sql`analyze`.execute(database.db);
    const analyzeMs = performance.now() - analyzeStarted;
    notes.push(
      `${dialect}: ${written.toLocaleString('en-US')} segments (${generated.views.toLocaleString('en-US')} views), ${generated.docZero.toLocaleString('en-US')} of them on ${docPath(0)}; ` +
        `rows: ${Object.entries(bulk.counts).map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`).join(', ')}. Written in ${(loadMs / 1000).toFixed(0)} s (directory and catalogue included), then ANALYZE (${(analyzeMs / 1000).toFixed(1)} s; PostgreSQL's autovacuum does it by itself after such a load, SQLite's planner needs no statistics for these queries).`,
    );

    const app = await buildApp(services, { logger: false });
    // Every statistics request first folds the rollup journal (empty here: the rollups were
    // written in bulk). On SQLite that runs on the writer thread, which `docgate serve` starts
    // with the server: started here too, so that no query's first call pays for it.
    await services.reading.fold();
    const token = (await app.inject({ method: 'POST', url: '/v1/auth/dev-login', payload: { userid: admin } })).json().access_token;
    const doc = docPath(0);
    const range = (days) => ({ from: isoDay(today - days), to: isoDay(today - 1) });
    const q = (route, query) => `/v1/sites/${SITE}/stats/${route}?${new URLSearchParams(query)}`;
    const queries = [
      ['doc: stats/doc, all time', q('doc', { path: doc }), 100],
      ['doc: stats/doc, last 30 days', q('doc', { path: doc, ...range(30) }), 100],
      ['doc: stats/doc, last 180 days', q('doc', { path: doc, ...range(180) }), 100],
      ['doc: readers, 50 by active time, all time', q('doc/readers', { path: doc, sort: 'activeMs', limit: 50 }), null],
      ['doc: readers, 50 by active time, last 30 days', q('doc/readers', { path: doc, sort: 'activeMs', limit: 50, ...range(30) }), null],
      ['doc: unread, first 50, all time', q('doc/unread', { path: doc, limit: 50 }), null],
      ['doc: series by day, last 30 days', q('series', { path: doc, ...range(30) }), null],
      ['doc: series by week, 12 weeks', q('series', { path: doc, interval: 'week', to: isoDay(today - 1) }), null],
      ['doc: departments, all time', q('departments', { path: doc }), null],
      ['top 20 by views, all time', q('top', { by: 'views' }), 500],
      ['top 20 by readers, all time', q('top', { by: 'readers' }), 500],
      ['top 20 by views, last 30 days', q('top', { by: 'views', ...range(30) }), 500],
      ['top 20 by readers, last 30 days', q('top', { by: 'readers', ...range(30) }), 500],
      ['top 20 by views, last 180 days', q('top', { by: 'views', ...range(180) }), 500],
      ['top 20 by readers, last 180 days', q('top', { by: 'readers', ...range(180) }), 500],
      ['site: series by day, last 30 days', q('series', range(30)), null],
    ];
    for (const [label, target, goal] of queries) {
      const run = async () => {
        const t = performance.now();
        const response = await app.inject({ method: 'GET', url: target, headers: { authorization: `Bearer ${token}` } });
        const ms = performance.now() - t;
        if (response.statusCode !== 200) throw new Error(`${target}: ${response.statusCode} ${response.body}`);
        return { ms, body: response.json() };
      };
      const first = await run();
      const times = [];
      for (let i = 0; i < RUNS; i++) times.push((await run()).ms);
      const median = percentile(times, 50);
      const p95 = percentile(times, 95);
      const b = first.body;
      const answer = b.views !== undefined ? `${b.views} views, ${b.readers} readers, unread ${b.unread}` : b.docs ? `first: ${b.docs[0]?.path} ${b.docs[0]?.views} views ${b.docs[0]?.readers} readers` : b.readers ? `total ${b.total}` : b.users ? `total ${b.total}` : b.points ? `${b.points.length} points` : b.departments ? `${b.departments.length} departments` : '';
      rows.push({
        database: dialect,
        query: label,
        first: `${first.ms.toFixed(1)} ms`,
        median: `${median.toFixed(1)} ms`,
        p95: `${p95.toFixed(1)} ms`,
        goal: goal ? `≤ ${goal} ms` : '—',
        verdict: goal ? (p95 <= goal ? 'met' : median <= goal ? 'median met, p95 not' : 'NOT met') : 'informative',
        answer,
      });
    }
    await app.close();
    await services.reading.close();
  } finally {
    await database.close();
    await drop();
  }
}

const work = mkdtempSync(path.join(os.tmpdir(), 'docgate-bench-stats-'));
try {
  const org = generateOrganisation({ members: MEMBERS, departments: 5_000, maxDepth: 10 });
  const rows = [];
  const notes = [];
  await measure('sqlite', undefined, work, org, rows, notes);
  if (process.env.DATABASE_URL?.startsWith('postgres')) await measure('postgres', process.env.DATABASE_URL, work, org, rows, notes);
  else notes.push('PostgreSQL skipped: set DATABASE_URL=postgres://… to measure it.');
  notes.push(
    `Each query: one first call (cold caches: the audience of 50 000 members is computed once per permission model), then ${RUNS} runs; median and p95 of those. ` +
      `Through app.inject (no socket). Ranges end yesterday (the data stops there); "last 30 days" holds about ${Math.round((30 / DAYS) * 100)} % of the segments. ` +
      `Machine: ${os.cpus().length} shared cores, 1-minute load average ${os.loadavg()[0].toFixed(2)} at the end.`,
  );
  report('stats', `Reading statistics: ${SEGMENTS.toLocaleString('en-US')} segments, ${MEMBERS.toLocaleString('en-US')} members, ${DOCUMENTS.toLocaleString('en-US')} documents`, rows, notes);
} finally {
  rmSync(work, { recursive: true, force: true });
}
