// Server start to /readyz OK on an existing SQLite database (issue #2: ≤ 1 s).
// Baseline, measured in the same run: a hello-world fastify process started the same way.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ms, percentile, repoDir, report } from './lib/report.mjs';

const RUNS = Number(process.env.RUNS ?? 15);
const cli = path.join(repoDir, 'packages/server/dist/bin/docgate.js');
const work = mkdtempSync(path.join(tmpdir(), 'docgate-bench-startup-'));

async function waitUntilOk(url, child, timeoutMs = 20_000) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`${url} not OK within ${timeoutMs} ms`);
}

async function timeStart(args, url, env = {}) {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: 'ignore' });
  try {
    await waitUntilOk(url, child);
    return performance.now() - started;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('close', r));
  }
}

try {
  const port = 18787;
  const dataDir = path.join(work, 'data');
  const config = path.join(work, 'docgate.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      server: { host: '127.0.0.1', port },
      dataDir,
      log: { level: 'warn' },
      tenants: [{ id: 'acme', name: '兰亭科技', corpId: 'wwacme', admins: ['admin'] }],
      sites: [{ id: 'docs', tenant: 'acme', name: 'Docs', origins: ['https://docs.acme.test'] }],
    }),
  );
  // An existing database with a realistic directory: 50 000 members.
  const { generateOrganisation, organisationCsv } = await import(path.join(repoDir, 'packages/server/dist/demo/org.js'));
  const csv = path.join(work, 'members.csv');
  writeFileSync(csv, organisationCsv(generateOrganisation({ members: 50_000, departments: 5_000, maxDepth: 10 })));
  const env = { DATABASE_URL: '' };
  await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'import-directory', csv, '--config', config], { env: { ...process.env, ...env }, stdio: 'ignore' });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`import failed: ${code}`))));
  });

  const hello = path.join(work, 'hello.mjs');
  writeFileSync(
    hello,
    `import Fastify from ${JSON.stringify(path.join(repoDir, 'node_modules/fastify/fastify.js'))};
     const app = Fastify();
     app.get('/', async () => ({ hello: 'world' }));
     await app.listen({ host: '127.0.0.1', port: ${port + 1} });`,
  );

  const docgate = [];
  const baseline = [];
  await timeStart([cli, 'serve', '--config', config], `http://127.0.0.1:${port}/readyz`, env); // warm the file cache
  for (let i = 0; i < RUNS; i++) {
    baseline.push(await timeStart([hello], `http://127.0.0.1:${port + 1}/`));
    docgate.push(await timeStart([cli, 'serve', '--config', config], `http://127.0.0.1:${port}/readyz`, env));
  }
  const row = (what, values) => ({
    process: what,
    runs: values.length,
    median: ms(percentile(values, 50)),
    p90: ms(percentile(values, 90)),
    max: ms(Math.max(...values)),
  });
  report('startup', 'Start to first OK answer (spawn → HTTP 200), existing SQLite database with 50 000 members', [
    row('hello-world fastify (baseline)', baseline),
    row('docgate serve → /readyz', docgate),
  ], [`Goal: docgate serve → /readyz ≤ 1 s. Median overhead over the baseline: ${ms(percentile(docgate, 50) - percentile(baseline, 50))}.`]);
} finally {
  rmSync(work, { recursive: true, force: true });
}
