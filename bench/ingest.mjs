// Reading events ingest over real HTTP (issue #5: ≥ 20 000 events/s on SQLite). docgate runs as
// a child process (`startServer`, as `docgate serve` does) listening on 127.0.0.1; this script is
// the client: CONNECTIONS concurrent keep-alive loops, each posting bodies as the SDK builds
// them (text/plain, the token in the body, sentAt, as many events as fit in 16 KiB and 200),
// half new segments and half updates of segments sent before (a higher seq, more time).
// Baseline, measured in the same run with the same client and the same bodies: a bare fastify
// with the same body limit and text/plain JSON parser, whose POST /v1/events parses the body
// and answers 202 without doing anything. Alternating rounds: baseline → docgate.
// docgate answers once the segments and the rollup journal are committed; the rollups follow in
// the background (reading/rollup-folder.ts). So that a rate is one the folds keep up with, the
// notes say how many journal rows were still waiting at the end of each round and how long the
// fold of what was left took (what a statistics request then waits for).
// Only SQLite unless DATABASE_URL=postgres://… is set (then PostgreSQL too).
// Env: DURATION (s per round, default 5), WARMUP (s, default 1), ROUNDS (default 2),
// CONNECTIONS (default 8), MEMBERS (default 2 000), DOCUMENTS (default 2 000);
// PROFILE_SERVER=<dir> writes a CPU profile of the docgate child there.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile, repoDir, report } from './lib/report.mjs';
import { zipf } from './lib/zipf.mjs';
import { postgresSchema } from './lib/postgres.mjs';

const server = (file) => path.join(repoDir, 'packages/server/dist', file);
const DURATION = Number(process.env.DURATION ?? 5);
const WARMUP = Number(process.env.WARMUP ?? 1);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 8);
const MEMBERS = Number(process.env.MEMBERS ?? 2_000);
const DOCUMENTS = Number(process.env.DOCUMENTS ?? 2_000);
const GOAL = 20_000;
const BODY_LIMIT = 16 * 1024;
const MAX_EVENTS = 200;

async function main() {
  const { generateOrganisation, organisationCsv, random } = await import(server('demo/org.js'));
  const rnd = random(5_052_026);
  const org = generateOrganisation({ members: MEMBERS, departments: Math.max(10, MEMBERS / 20), maxDepth: 6 });
  const words = ['guide', 'faq', 'policy', 'setup', 'review', 'notes', 'runbook', 'spec', 'plan', 'report'];
  const folders = ['handbook', 'engineering', 'finance', 'sales', 'hr', 'product', 'it', 'legal'];
  const docs = Array.from({ length: DOCUMENTS }, (_, i) => ({
    path: `/${folders[i % folders.length]}/${words[i % words.length]}-${i}`,
    title: `${['报销', '入职', '安全', '发布', '周报'][i % 5]}指南 ${i}`,
  }));
  // A few documents get most of the reading (Zipf, s = 1).
  const popularDoc = zipf(docs, rnd);

  const work = mkdtempSync(path.join(os.tmpdir(), 'docgate-bench-ingest-'));
  const children = [];
  const rows = [];
  const notes = [];
  try {
    const databases = [['sqlite', undefined]];
    if (process.env.DATABASE_URL?.startsWith('postgres')) databases.push(['postgres', process.env.DATABASE_URL]);
    else notes.push('PostgreSQL skipped: set DATABASE_URL=postgres://… to measure it.');

    for (const [dialect, base] of databases) {
      const schema = dialect === 'postgres' ? await postgresSchema(base) : undefined;
      try {
        const dataDir = path.join(work, `data-${dialect}`);
        const configFile = path.join(work, `docgate-${dialect}.json`);
        const env = { DATABASE_URL: schema?.url ?? '' };
        writeFileSync(
          configFile,
          JSON.stringify({
            server: { host: '127.0.0.1', port: 0 },
            dataDir,
            log: { level: 'warn' },
            auth: { devLogin: true },
            tenants: [{ id: 'acme', name: org.company, corpId: 'wwacme', admins: [org.members[0].userid] }],
            sites: [{ id: 'docs', tenant: 'acme', name: 'Docs', origins: ['https://docs.acme.test'] }],
          }),
        );
        // The directory and the catalogue (steady state: documents known, with these titles).
        const prepare = fork(fileURLToPath(import.meta.url), ['--prepare', configFile], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        prepare.send({ csv: organisationCsv(org), docs });
        await new Promise((resolve, reject) => prepare.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`prepare exited ${code}`)))));

        const start = (kind) =>
          new Promise((resolve, reject) => {
            const execArgv = kind === 'docgate' && process.env.PROFILE_SERVER ? ['--cpu-prof', '--cpu-prof-dir', process.env.PROFILE_SERVER] : [];
            const child = fork(fileURLToPath(import.meta.url), ['--serve', kind, configFile], { execArgv, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
            children.push(child);
            child.once('message', (m) => resolve({ child, url: m.url }));
            child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
          });
        const hello = await start('hello');
        const docgate = await start('docgate');
        const users = org.members.slice(0, 200).map((m) => m.userid);
        const tokens = new Map();
        for (const userid of users) {
          const response = await fetch(`${docgate.url}/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userid }) });
          if (!response.ok) throw new Error(`dev-login ${userid}: ${response.status} ${await response.text()}`);
          tokens.set(userid, (await response.json()).access_token);
        }

        // The stream of bodies: each from one reader, half new segments, half updates of theirs.
        const open = new Map(users.map((u) => [u, []]));
        let bodiesMade = 0;
        let eventsPerBody = [];
        const nextBody = () => {
          const userid = users[bodiesMade++ % users.length];
          const mine = open.get(userid);
          const now = Date.now();
          const head = `${JSON.stringify({ site: 'docs', sentAt: now, token: tokens.get(userid) }).slice(0, -1)},"events":[`;
          const parts = [];
          let size = Buffer.byteLength(head) + 2;
          for (let i = 0; parts.length < MAX_EVENTS; i++) {
            let event;
            if (i % 2 === 1 && mine.length) {
              const s = mine[Math.floor(rnd() * mine.length)];
              s.seq++;
              s.activeMs += 15_000;
              s.visibleMs += 15_000;
              s.maxDepth = Math.min(1, s.maxDepth + 0.1);
              event = { ...s };
            } else {
              const doc = popularDoc();
              const s = { segment: randomBytes(16).toString('base64url'), seq: 1, path: doc.path, title: doc.title, startedAt: now - 20_000, activeMs: 5_000 + Math.floor(rnd() * 10_000), visibleMs: 19_000, maxDepth: Math.round(rnd() * 100) / 100, completed: false };
              s.visibleMs = Math.max(s.visibleMs, s.activeMs);
              mine.push(s);
              if (mine.length > 400) mine.shift();
              event = { ...s };
            }
            const part = JSON.stringify(event);
            if (size + Buffer.byteLength(part) + 1 >= BODY_LIMIT) break;
            parts.push(part);
            size += Buffer.byteLength(part) + 1;
          }
          eventsPerBody.push(parts.length);
          return { body: `${head}${parts.join()}]}`, events: parts.length };
        };

        const load = async (target, seconds) => {
          const until = performance.now() + seconds * 1000;
          const latencies = [];
          let events = 0;
          let accepted = 0;
          let requests = 0;
          const started = performance.now();
          await Promise.all(
            Array.from({ length: CONNECTIONS }, async () => {
              while (performance.now() < until) {
                const { body, events: n } = nextBody();
                const sent = performance.now();
                const response = await fetch(`${target.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
                const answer = await response.json();
                if (response.status !== 202) throw new Error(`${response.status} ${JSON.stringify(answer)}`);
                latencies.push(performance.now() - sent);
                events += n;
                accepted += answer.accepted;
                requests++;
              }
            }),
          );
          const elapsed = (performance.now() - started) / 1000;
          return { eventsPerSecond: events / elapsed, requestsPerSecond: requests / elapsed, accepted, events, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
        };
        const cpuMs = (pid) => {
          try {
            const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
            return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
          } catch {
            return null;
          }
        };
        const ask = (message) =>
          new Promise((resolve) => {
            docgate.child.once('message', resolve);
            docgate.child.send(message);
          });
        const results = { hello: [], docgate: [] };
        const backlog = [];
        for (let round = 0; round < ROUNDS; round++) {
          for (const [kind, target] of [['hello', hello], ['docgate', docgate]]) {
            await load(target, WARMUP);
            const before = cpuMs(target.child.pid);
            const result = await load(target, DURATION);
            const after = cpuMs(target.child.pid);
            result.cpuUsPerEvent = before === null ? null : ((after - before) * 1000) / result.events;
            results[kind].push(result);
            // The rollups trail the ingest by the journal: how far, once the round's load stops.
            if (kind === 'docgate') backlog.push((await ask('stats')).journal);
          }
        }
        const { foldMs } = await ask('fold');
        const stats = await ask('stats');
        for (const c of children) c.send('stop');
        await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r)))));
        children.length = 0;

        const median = (kind, key) => percentile(results[kind].map((r) => r[key]), 50);
        const row = (run, kind, goal, verdict) => ({
          database: dialect,
          run,
          'events/s': thousands(median(kind, 'eventsPerSecond')),
          'requests/s': thousands(median(kind, 'requestsPerSecond')),
          'latency p50': `${median(kind, 'p50').toFixed(1)} ms`,
          'latency p99': `${median(kind, 'p99').toFixed(1)} ms`,
          'server CPU/event': results[kind][0].cpuUsPerEvent === null ? '—' : `${median(kind, 'cpuUsPerEvent').toFixed(1)} µs`,
          goal,
          verdict,
        });
        rows.push(row('baseline: bare fastify POST, same bodies, answers without writing', 'hello', '—', 'baseline'));
        const rate = median('docgate', 'eventsPerSecond');
        rows.push(row('docgate POST /v1/events (written, committed, then 202)', 'docgate', dialect === 'sqlite' ? `≥ ${thousands(GOAL)} events/s` : '—', dialect === 'sqlite' ? (rate >= GOAL ? 'met' : 'NOT met') : 'informative'));
        const accepted = results.docgate.reduce((n, r) => n + r.accepted, 0);
        const sent = results.docgate.reduce((n, r) => n + r.events, 0);
        notes.push(
          `${dialect}: ${percentile(eventsPerBody, 50)} events per request (median; 16 KiB hold ${Math.min(...eventsPerBody)}–${Math.max(...eventsPerBody)} of these events, each with a 22-character segment id, its path and title), ` +
            `${CONNECTIONS} connections; per round ${thousands(sent / ROUNDS)} events sent, ${((accepted / sent) * 100).toFixed(1)} % accepted in the measured rounds (the rest are updates that lost the race to their own segment's newer report, or arrived first and made the segment). ` +
            `docgate wrote them in ${thousands(stats.batches)} transactions, ${(stats.items / stats.batches).toFixed(1)} requests per transaction on average (warm-ups included). ` +
            `Ratio to the baseline: ${((rate / median('hello', 'eventsPerSecond')) * 100).toFixed(0)} %. Rounds (docgate): ${results.docgate.map((r) => thousands(r.eventsPerSecond)).join(', ')} events/s. ` +
            `Rollup journal rows not yet folded at the end of each round: ${backlog.map(thousands).join(', ')} (${thousands(stats.folded.rows)} folded in ${thousands(stats.folded.folds)} fold transactions in all); folding what was left after the last round, as a statistics request does first, took ${foldMs.toFixed(0)} ms.`,
        );
      } finally {
        for (const c of children) c.kill();
        children.length = 0;
        await schema?.drop();
      }
    }
    notes.push(
      `Machine: ${os.cpus().length} shared cores; client (Node.js fetch, in this process) and server share them; 1-minute load average ${os.loadavg()[0].toFixed(2)} at the end. ` +
        `Each row: ${ROUNDS} rounds of ${WARMUP} s warm-up then ${DURATION} s measured; medians. The directory has ${MEMBERS} members (200 of them send), the site ${DOCUMENTS} catalogued documents read with a Zipf skew.`,
    );
    report('ingest', `Reading events ingest over HTTP (${DURATION} s rounds, ${CONNECTIONS} connections)`, rows, notes);
  } finally {
    for (const c of children) c.kill();
    rmSync(work, { recursive: true, force: true });
  }
}

function thousands(n) {
  return Math.round(n).toLocaleString('en-US').replace(/,/g, ' ');
}


// ---------------------------------------------------------------------------------------------
// Child processes: the preparation, and one per HTTP server (fork of this file, same flags).
// ---------------------------------------------------------------------------------------------
if (process.argv[2] === '--prepare') {
  const { loadConfig, openDatabase, migrateToLatest, importMembersCsv } = await import(server('index.js'));
  const { syncConfiguration } = await import(server('store/tenants.js'));
  const { upsertDocuments } = await import(server('store/catalog.js'));
  const config = loadConfig({ file: process.argv[3], env: process.env });
  const { csv, docs } = await new Promise((resolve) => process.once('message', resolve));
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(database);
  await syncConfiguration(database.db, config);
  await importMembersCsv(database, Buffer.from(csv), { tenantId: 'acme', companyName: config.tenants[0].name, mode: 'merge', dryRun: false, actor: 'system:bench' });
  await database.db.transaction().execute((trx) => upsertDocuments(trx, 'acme', 'docs', docs, 'list'));
  await database.close();
  process.exit(0);
} else if (process.argv[2] === '--serve') {
  const kind = process.argv[3];
  let url;
  let close;
  let stats = async () => null;
  let fold = async () => null;
  if (kind === 'hello') {
    const { default: Fastify } = await import(path.join(repoDir, 'node_modules/fastify/fastify.js'));
    const app = Fastify({ bodyLimit: BODY_LIMIT });
    app.removeContentTypeParser('text/plain');
    app.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit: BODY_LIMIT }, app.getDefaultJsonParser('error', 'error'));
    app.post('/v1/events', async (request, reply) => reply.status(202).send({ accepted: request.body.events.length, ignored: 0 }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${app.server.address().port}`;
    close = () => app.close();
  } else {
    const { loadConfig, startServer } = await import(server('index.js'));
    const running = await startServer(loadConfig({ file: process.argv[4], env: process.env }));
    url = running.url;
    close = () => running.close();
    const { reading, database } = running.services;
    const waiting = async () => Number((await database.db.selectFrom('reading_rollup_journal').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst()).n);
    stats = async () => ({ ...reading.stats, folded: reading.foldStats, journal: await waiting() });
    fold = async () => {
      const started = performance.now();
      await reading.fold();
      return { foldMs: performance.now() - started };
    };
  }
  process.send({ url });
  process.on('message', async (message) => {
    if (message === 'stats') process.send(await stats());
    if (message === 'fold') process.send(await fold());
    if (message === 'stop') {
      await close();
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(0));
} else {
  await main();
}
