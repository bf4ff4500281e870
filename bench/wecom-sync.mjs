// A full sync of 100 000 members and 10 000 departments from the WeCom simulator, at WeCom's
// default limits (issue #4: ≤ 120 s, and ≤ 300 MB peak for the server). Each row is a whole
// `docgate sync` process, start included, as an operator runs it; memory is that process's
// peak resident set (its own report at exit). The simulator runs in this process, started
// afresh (same seed, same organisation) for each run, so that each meets WeCom's limits as a
// daily sync does: with nothing spent in the current minute. The last run does not: it follows
// another sync at once, and shows the client waiting out WeCom's 45009.
// Baselines, same run: the same WeCom calls with the same concurrency by a bare script that
// only parses the answers (the floor of any sync), and `docgate migrate` (the process's floor).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchDir, repoDir, report, s } from './lib/report.mjs';
import { postgresSchema } from './lib/postgres.mjs';

const MEMBERS = Number(process.env.MEMBERS ?? 100_000);
const DEPARTMENTS = Number(process.env.DEPARTMENTS ?? 10_000);
const TAGS = Number(process.env.TAGS ?? 50);
const cli = path.join(repoDir, 'packages/server/dist/bin/docgate.js');
const { startWecomMock } = await import(path.join(repoDir, 'packages/wecom-mock/dist/index.js'));
const work = mkdtempSync(path.join(tmpdir(), 'docgate-bench-sync-'));
const maxrss = path.join(benchDir, 'lib/maxrss.mjs');

const generated = performance.now();
const organisation = { seed: 42, members: MEMBERS, departments: DEPARTMENTS, maxDepth: 10, tags: TAGS };
// Fixed secrets: every fresh simulator is the same corp.
const corp = { corpId: 'wwbench0corp', agentId: '1000002', secret: 'bench-app-secret', contactsSecret: 'bench-contacts-secret' };
const freshWecom = (port = 0) => startWecomMock({ organisation, port, ...corp });
let wecom = await freshWecom();
const setupMs = performance.now() - generated;
const org = wecom.organisation;
const port = Number(new URL(wecom.url).port);

/** Runs a node script as a child, with its peak memory reported at exit. */
const run = (script, args, env = {}) =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    execFile(
      process.execPath,
      [script, ...args],
      { env: { ...process.env, ...env, NODE_OPTIONS: `--import=${maxrss}` }, maxBuffer: 1 << 24 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${path.basename(script)} ${args.join(' ')}: ${error.message}\n${stderr}`));
        const kib = Number(/bench:maxrss-kib=(\d+)/.exec(stderr)?.[1]);
        resolve({ ms: performance.now() - started, mib: kib / 1024, stdout: stdout.trim() });
      },
    );
  });
const mib = (value) => `${value.toFixed(0)} MiB`;
const callsOf = (calls) => Object.values(calls).reduce((a, b) => a + b, 0);

async function measure(dialect, databaseUrl) {
  const config = path.join(work, `docgate-${dialect}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      dataDir: path.join(work, `data-${dialect}`),
      tenants: [{ id: 'acme', name: '兰亭科技', corpId: wecom.corp.corpId, agentId: wecom.corp.agentId, wecom: { apiBaseUrl: wecom.url } }],
      sites: [],
    }),
  );
  const env = { DATABASE_URL: databaseUrl ?? '', DOCGATE_WECOM_ACME_SECRET: wecom.corp.secret, DOCGATE_WECOM_ACME_CONTACTS_SECRET: wecom.corp.contactsSecret };
  const floor = await run(cli, ['migrate', '--config', config], env);
  const rows = [];
  const byEndpoint = {};
  for (const label of ['first sync into an empty directory', 'second sync, nothing changed', 'third sync right after the second (this minute of WeCom partly spent)']) {
    if (!label.startsWith('third')) {
      await wecom.close();
      wecom = await freshWecom(port);
    }
    wecom.resetCalls();
    const result = await run(cli, ['sync', '--config', config], env);
    const calls = wecom.calls();
    if (label.startsWith('first')) Object.assign(byEndpoint, calls);
    rows.push({ database: dialect, run: label, time: s(result.ms), 'peak memory': mib(result.mib), 'WeCom calls': callsOf(calls), result: result.stdout.replace(/^.* — /, '').replace(/\. WeCom calls:.*$/, '') });
  }
  rows.push({ database: dialect, run: 'baseline: docgate migrate (the process floor)', time: s(floor.ms), 'peak memory': mib(floor.mib), 'WeCom calls': 0, result: '' });
  return { rows, byEndpoint };
}


try {
  const sqlite = await measure('sqlite');
  await wecom.close();
  wecom = await freshWecom(port);
  const bare = await run(path.join(benchDir, 'lib/wecom-bare-read.mjs'), [wecom.url, wecom.corp.corpId, wecom.corp.contactsSecret]);
  const bareCalls = callsOf(wecom.calls());
  const rows = [
    ...sqlite.rows,
    { database: '—', run: 'baseline: the same WeCom calls, answers only parsed', time: s(bare.ms), 'peak memory': mib(bare.mib), 'WeCom calls': bareCalls, result: bare.stdout },
  ];
  const notes = [
    `Organisation: ${org.users.length} members (${org.users.reduce((n, u) => n + u.department.length, 0)} memberships), ${org.departments.length} departments (depth ≤ 10), ${org.tags.length} tags; the simulator generated and started in ${s(setupMs)}.`,
    `Simulator limits: WeCom's defaults (10 000 calls a minute per API, 20 000 per IP); docgate keeps to 90 % of them. Calls of the first sync by endpoint: ${Object.entries(sqlite.byEndpoint).map(([p, n]) => `${p} ${n}`).join(', ')}.`,
    'Goal: ≤ 120 s and ≤ 300 MB peak memory for the server.',
  ];
  if (process.env.DATABASE_URL?.startsWith('postgres')) {
    const schema = await postgresSchema(process.env.DATABASE_URL);
    try {
      rows.push(...(await measure('postgres', schema.url)).rows);
    } finally {
      await schema.drop();
    }
  } else {
    notes.push('PostgreSQL skipped: set DATABASE_URL=postgres://… to measure it.');
  }
  report('wecom-sync', `Full sync from the WeCom simulator: ${MEMBERS} members, ${DEPARTMENTS} departments`, rows, notes);
} finally {
  await wecom.close();
  rmSync(work, { recursive: true, force: true });
}
