// The permission engine against the performance bar of issue #3 (docs permission-model.md,
// "Performance bar"): with 50 000 users, 5 000 departments (depth ≤ 10), 20 000 documents and
// 100 000 grants — check p99 ≤ 1 ms in-process; batch check of 200 paths p99 ≤ 5 ms; list readable
// over 20 000 documents ≤ 50 ms; over HTTP, POST /v1/check throughput ≥ 50 % of a bare fastify
// hello-world route on the same machine. Baseline, measured in the same run: that hello-world
// route, in a child process started the same way as docgate's, loaded by the same autocannon
// settings, alternating hello → docgate rounds. Also reported (no goal): loading the model from
// SQLite (every change reloads it) and "who has access" (audience) on a few paths.
//
// The data is generated, deterministic (seeded) and written into a real SQLite database in a
// temporary directory through the server's own code (CSV import, upsertTag, upsertDocuments),
// grants through bulk inserts. Env: CHECKS, ROUNDS, DURATION (s), WARMUP (s), CONNECTIONS;
// PROFILE_SERVER=1 runs the docgate server child with --cpu-prof (profiles in the temp folder, kept).
import { fork, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ms, percentile, repoDir, report } from './lib/report.mjs';
import { zipf } from './lib/zipf.mjs';

const server = (file) => path.join(repoDir, 'packages/server/dist', file);
const TENANT = 'acme';
const SITE = 'docs';

async function main() {
  const CHECKS = Number(process.env.CHECKS ?? 20_000);
  const ROUNDS = Number(process.env.ROUNDS ?? 3);
  const DURATION = Number(process.env.DURATION ?? 10);
  const WARMUP = Number(process.env.WARMUP ?? 2);
  const CONNECTIONS = Number(process.env.CONNECTIONS ?? 10);
  const MEMBERS = 50_000;
  const DEPARTMENTS = 5_000;
  const DOCUMENTS = 20_000;
  const GRANTS = 100_000;
  const RESTRICTED = 200;
  const TAGS = 20;

  const started = performance.now();
  const loadAtStart = os.loadavg()[0];
  const { generateOrganisation, organisationCsv, random } = await import(server('demo/org.js'));
  const { openDatabase, migrateToLatest, loadConfig, importMembersCsv } = await import(server('index.js'));
  const { syncConfiguration, bumpRevision } = await import(server('store/tenants.js'));
  const { upsertTag } = await import(server('store/directory.js'));
  const { upsertDocuments, listDocuments } = await import(server('store/catalog.js'));
  const { loadTenantData } = await import(server('permissions/load.js'));
  const { TenantModel } = await import(server('permissions/model.js'));
  const { evaluate, evaluateMany, readable, audience, contactsFor } = await import(server('permissions/engine.js'));
  const { normalizePath } = await import(path.join(repoDir, 'packages/protocol/dist/index.js'));
  const autocannon = createRequire(path.join(repoDir, 'package.json'))('autocannon');

  const rnd = random(32_026); // fixed seed: the same data every run
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const between = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const shuffled = (list) => {
    const out = [...list];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  const sample = (list, n) => shuffled(list).slice(0, n);
  const time = (fn) => {
    const t0 = performance.now();
    fn();
    return performance.now() - t0;
  };
  const timeAsync = async (fn) => {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };
  /** µs below a millisecond, so fast operations do not all read "0 ms" */
  const dur = (v) => (v < 1 ? `${(v * 1000).toFixed(0)} µs` : v < 100 ? `${v.toFixed(2)} ms` : ms(v));
  const thousands = (n) => Math.round(n).toLocaleString('en-US').replace(/,/g, ' ');

  const work = mkdtempSync(path.join(os.tmpdir(), 'docgate-bench-permissions-'));
  const children = [];
  try {
    // ------------------------------------------------------------------ the directory
    const org = generateOrganisation({ members: MEMBERS, departments: DEPARTMENTS, maxDepth: 10 });
    const [tenantAdmin, siteAdmin] = [org.members[0].userid, org.members[1].userid];
    const configFile = path.join(work, 'docgate.config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        server: { host: '127.0.0.1', port: 0 },
        dataDir: path.join(work, 'data'),
        log: { level: 'warn' },
        auth: { devLogin: true, rateLimitPerMinute: 1_000_000_000 },
        tenants: [{ id: TENANT, name: org.company, corpId: 'wwacme', admins: [tenantAdmin] }],
        sites: [{ id: SITE, tenant: TENANT, name: 'Docs', origins: ['https://docs.acme.test'], defaultPolicy: 'company', admins: [siteAdmin] }],
      }),
    );
    const config = loadConfig({ file: configFile, env: {} });
    const database = await openDatabase({ dataDir: config.dataDir });
    const db = database.db;
    await migrateToLatest(database);
    await syncConfiguration(db, config); // also writes the default `everyone` read on `/`
    const prep = {};
    prep.import = await timeAsync(() =>
      importMembersCsv(database, Buffer.from(organisationCsv(org)), {
        tenantId: TENANT,
        companyName: org.company,
        mode: 'merge',
        dryRun: false,
        actor: 'system:bench',
      }),
    );
    // The ids the import gave the departments, and their depths.
    const directory = await loadTenantData(db, config, TENANT);
    const parentOf = new Map(directory.departments.map((d) => [d.id, d.parentId]));
    const depthOf = (id) => {
      let depth = 0;
      for (let d = id; d != null; d = parentOf.get(d)) depth++;
      return depth;
    };
    const departmentIds = directory.departments.filter((d) => d.parentId !== null).map((d) => d.id);
    const upperDepartments = departmentIds.filter((id) => depthOf(id) <= 3); // 研发中心, 前端组, …
    const maxDepth = Math.max(...directory.departments.map((d) => depthOf(d.id)));
    const everyone = directory.members.map((m) => m.userid);
    // 2 % have left the company (their grants stay, as in life).
    const leavers = new Set(sample(everyone.slice(2), Math.round(MEMBERS * 0.02)));
    const tags = Array.from({ length: TAGS }, (_, i) => ({
      id: i + 1,
      name: TAG_NAMES[i % TAG_NAMES.length],
      userids: sample(everyone, between(200, 600)),
      departmentIds: sample(i % 4 === 0 ? upperDepartments : departmentIds, between(0, 4)),
    }));
    await db.transaction().execute(async (trx) => {
      await bumpRevision(trx, TENANT);
      for (const t of tags) await upsertTag(trx, TENANT, t);
      for (let i = 0, list = [...leavers]; i < list.length; i += 500) {
        await trx.updateTable('members').set({ status: 'left' }).where('tenant_id', '=', TENANT).where('userid', 'in', list.slice(i, i + 500)).execute();
      }
    });
    const active = everyone.filter((u) => !leavers.has(u) && u !== tenantAdmin && u !== siteAdmin);

    // ------------------------------------------------------------------ the catalogue
    // ~40 top folders, nested 1–4 levels; documents spread unevenly (a few big folders).
    const folders = [];
    const grow = (folder, depth) => {
      folders.push(folder);
      if (depth >= 4) return;
      const n = depth === 1 ? between(3, 9) : depth === 2 ? between(1, 5) : between(0, 4);
      for (const name of sample(SUBFOLDERS, n)) grow(`${folder}${name}/`, depth + 1);
    };
    for (const top of TOP_FOLDERS) grow(`/${top}/`, 1);
    const docs = new Map(); // path → title
    for (const f of folders) if (rnd() < 0.4) docs.set(f, `${titleOf(f)} 首页`); // index pages
    const nextFolder = zipf(shuffled(folders), rnd, 0.8);
    while (docs.size < DOCUMENTS) {
      const folder = nextFolder();
      let slug = `${pick(DOC_WORDS_A)}-${pick(DOC_WORDS_B)}`;
      if (docs.has(folder + slug)) slug += `-${between(2, 99)}`;
      if (docs.has(folder + slug)) continue;
      docs.set(folder + slug, rnd() < 0.2 ? null : titleOf(slug));
    }
    const paths = [...docs.keys()];
    for (const p of paths) {
      const n = normalizePath(p);
      if (!n.ok || n.path !== p) throw new Error(`generated path ${p} is not normalized`);
    }
    prep.catalogue = await timeAsync(() =>
      db.transaction().execute((trx) => upsertDocuments(trx, TENANT, SITE, paths.map((p) => ({ path: p, title: docs.get(p) })), 'sitemap')),
    );

    // ------------------------------------------------------------------ grants
    const now = Date.now();
    const day = 86_400_000;
    const idChars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const grants = new Map(); // `${path}\n${subject}` → row (one grant per path and subject)
    const addGrant = (p, subject, level = rnd() < 0.12 ? 'manage' : 'read') => {
      const key = `${p}\n${subject}`;
      if (grants.has(key)) return;
      const x = rnd();
      grants.set(key, {
        id: `g_${Array.from({ length: 12 }, () => pick(idChars)).join('')}`,
        tenant_id: TENANT,
        site_id: SITE,
        path: p,
        subject,
        level,
        // ~5 % expire in the future, ~1 % have expired
        expires_at: x < 0.05 ? now + between(3_600_000, 90 * day) : x < 0.06 ? now - between(day, 90 * day) : null,
        created_by: pick(powerUsers),
        created_at: now - between(0, 730 * day),
      });
    };
    const powerUsers = sample(active, 200);
    const nextPowerUser = zipf(powerUsers, rnd, 1);
    const userSubject = () => `user:${rnd() < 0.25 ? nextPowerUser() : pick(everyone)}`;
    const subject = () => {
      const x = rnd();
      if (x < 0.55) return userSubject();
      if (x < 0.67) return `dept:${pick(departmentIds)}`;
      if (x < 0.85) return `dept:${rnd() < 0.15 ? pick(upperDepartments) : pick(departmentIds)}/*`;
      return `tag:${between(1, TAGS)}`;
    };
    // Restricted folders, each with its own few grants (a manager, a team, some people).
    // Two whole top folders (say /legal/), the rest team folders at the bottom of the tree.
    const restricted = [
      ...sample(folders.filter((f) => f.split('/').length === 3), 2),
      ...sample(folders.filter((f) => f.split('/').length === 6), RESTRICTED - 2),
    ];
    for (const f of restricted) {
      addGrant(f, `user:${pick(powerUsers)}`, 'manage');
      addGrant(f, rnd() < 0.5 ? `dept:${pick(departmentIds)}/*` : `tag:${between(1, TAGS)}`, 'read');
      for (let i = between(0, 6); i > 0; i--) addGrant(f, userSubject(), 'read');
    }
    for (let i = 0; i < 30; i++) addGrant(i < 3 ? pick(restricted) : pick(folders), 'everyone', 'read');
    const grantFolder = zipf(shuffled(folders), rnd, 1); // a few folders get thousands of grants
    while (grants.size < GRANTS - 1) addGrant(rnd() < 0.65 ? grantFolder() : pick(paths), subject());
    const grantRows = [...grants.values()];
    prep.grants = await timeAsync(() =>
      db.transaction().execute(async (trx) => {
        await bumpRevision(trx, TENANT);
        for (let i = 0; i < grantRows.length; i += 500) await trx.insertInto('grants').values(grantRows.slice(i, i + 500)).execute();
        const at = Date.now();
        for (let i = 0; i < restricted.length; i += 500) {
          await trx
            .insertInto('restrictions')
            .values(restricted.slice(i, i + 500).map((p) => ({ tenant_id: TENANT, site_id: SITE, path: p, created_by: tenantAdmin, created_at: at })))
            .execute();
        }
      }),
    );
    const counts = async (table) => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const stored = {
      members: await counts('members'),
      departments: await counts('departments'),
      documents: await counts('documents'),
      grants: await counts('grants'),
      restrictions: await counts('restrictions'),
    };
    const byPathCount = new Map();
    for (const g of grantRows) byPathCount.set(g.path, (byPathCount.get(g.path) ?? 0) + 1);
    const grantsPerPath = [...byPathCount.values()];
    const perUser = new Map();
    for (const g of grantRows) if (g.subject.startsWith('user:')) perUser.set(g.subject, (perUser.get(g.subject) ?? 0) + 1);
    const biggestFolder = [...byPathCount].filter(([p]) => p.endsWith('/')).sort((a, b) => b[1] - a[1])[0];
    const kinds = { user: 0, dept: 0, 'dept/*': 0, tag: 0, everyone: 0 };
    for (const g of grantRows) kinds[g.subject === 'everyone' ? 'everyone' : g.subject.endsWith('/*') ? 'dept/*' : g.subject.split(':')[0]]++;

    // ------------------------------------------------------------------ 1. loading the model
    const loads = [];
    let model;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const data = await loadTenantData(db, config, TENANT);
      const t1 = performance.now();
      model = new TenantModel(data);
      loads.push({ read: t1 - t0, build: performance.now() - t1, total: performance.now() - t0 });
    }
    const catalogue = await listDocuments(db, SITE); // as the server has it: path order
    const rows = [];
    const row = (measurement, values, goal = '—', limit = undefined, unit = dur) => {
      const p99 = percentile(values, 99);
      rows.push({
        measurement,
        n: values.length,
        median: unit(percentile(values, 50)),
        p99: unit(p99),
        max: unit(Math.max(...values)),
        goal,
        verdict: limit === undefined ? 'informative' : p99 <= limit ? 'met' : 'NOT met',
      });
    };
    row('model load from SQLite: loadTenantData + new TenantModel', loads.map((l) => l.total), '—', undefined, ms);
    row('  of which loadTenantData (SQL + mapping)', loads.map((l) => l.read), '—', undefined, ms);
    row('  of which new TenantModel (indexes)', loads.map((l) => l.build), '—', undefined, ms);

    // A grant change reaching a process whose model is cached: the revision moved by one, and
    // the change is read from the journal and applied in place instead of reloading the model.
    {
      const { PermissionCache } = await import(server('permissions/service.js'));
      const { recordPermissionChange } = await import(server('store/permission-changes.js'));
      const { insertGrant, deleteGrant, newGrantId } = await import(server('store/grants.js'));
      const cache = new PermissionCache(database, config, { revalidateMs: 0 });
      const cached = await cache.model(TENANT);
      const applies = [];
      for (let i = 0; i < 20; i++) {
        const grant = { id: newGrantId(), siteId: SITE, path: pick(paths), subject: `user:${pick(active)}`, level: 'read', expiresAt: null, createdBy: 'bench', createdAt: Date.now() };
        await db.transaction().execute(async (trx) => {
          const revision = await bumpRevision(trx, TENANT);
          await insertGrant(trx, TENANT, grant);
          await recordPermissionChange(trx, TENANT, revision, { kind: 'grant.put', grant });
        });
        const t0 = performance.now();
        const after = await cache.model(TENANT);
        applies.push(performance.now() - t0);
        if (after !== cached || !after.sites.get(SITE).grantsById.has(grant.id)) throw new Error('the change was not applied in place');
        await db.transaction().execute(async (trx) => {
          const revision = await bumpRevision(trx, TENANT);
          await deleteGrant(trx, TENANT, grant.id);
          await recordPermissionChange(trx, TENANT, revision, { kind: 'grant.delete', siteId: SITE, id: grant.id });
        });
        await cache.model(TENANT);
      }
      row('a grant change reaching a cached model (journal read + apply in place)', applies, '—', undefined, ms);
    }

    // ------------------------------------------------------------------ 2. check
    const checkUsers = sample(active, 5_000);
    const pairs = Array.from({ length: CHECKS }, () => [pick(checkUsers), pick(paths)]);
    const cold = [];
    const firstPass = [];
    const warm = [];
    const seen = new Set();
    let allowed = 0;
    for (const [u, p] of pairs) {
      const t0 = performance.now();
      const d = evaluate(model, SITE, u, p, Date.now());
      const dt = performance.now() - t0;
      if (d.level !== 'none') allowed++;
      firstPass.push(dt);
      if (!seen.has(u)) {
        seen.add(u);
        cold.push(dt);
      }
    }
    for (const [u, p] of pairs) {
      const t0 = performance.now();
      evaluate(model, SITE, u, p, Date.now());
      warm.push(performance.now() - t0);
    }
    row('check, cold (first check of each user)', cold, 'p99 ≤ 1 ms', 1);
    row(`check, first pass (${thousands(CHECKS)} pairs, cold and warm mixed)`, firstPass, 'p99 ≤ 1 ms', 1);
    row('check, warm (same pairs again)', warm, 'p99 ≤ 1 ms', 1);

    // ------------------------------------------------------------------ 3. batch of 200 paths
    const batchUsers = sample(active.filter((u) => !seen.has(u)), 1_000);
    const batches = batchUsers.map((u) => [u, Array.from({ length: 200 }, () => pick(paths))]);
    const batchCold = batches.map(([u, ps]) => time(() => evaluateMany(model, SITE, u, ps, Date.now())));
    const batchWarm = batches.map(([u, ps]) => time(() => evaluateMany(model, SITE, u, ps, Date.now())));
    row('batch of 200 paths, cold user', batchCold, 'p99 ≤ 5 ms', 5);
    row('batch of 200 paths, warm user', batchWarm, 'p99 ≤ 5 ms', 5);

    // ------------------------------------------------------------------ 4. list readable
    const batchSet = new Set(batchUsers);
    const listUsers = sample(active.filter((u) => !seen.has(u) && !batchSet.has(u)), 200);
    const readableCounts = [];
    const listCold = listUsers.map((u) => time(() => readableCounts.push(readable(model, SITE, u, catalogue, Date.now()).length)));
    const listWarm = listUsers.map((u) => time(() => readable(model, SITE, u, catalogue, Date.now())));
    row(`list readable over ${thousands(catalogue.length)} documents, cold user`, listCold, '≤ 50 ms (p99)', 50);
    row(`list readable over ${thousands(catalogue.length)} documents, warm user`, listWarm, '≤ 50 ms (p99)', 50);

    // ------------------------------------------------------------------ 5. audience (who has access)
    const bigRestricted = [...restricted].sort((a, b) => (byPathCount.get(b) ?? 0) - (byPathCount.get(a) ?? 0))[0];
    const docInBiggest = paths.find((p) => p.startsWith(biggestFolder[0]) && p !== biggestFolder[0]) ?? biggestFolder[0];
    const audiencePaths = [
      ['/', '/'],
      [`biggest folder (${thousands(biggestFolder[1])} grants on it)`, biggestFolder[0]],
      ['a document in it', docInBiggest],
      ['busiest restricted folder', bigRestricted],
      ['a top folder', pick(TOP_FOLDERS.map((t) => `/${t}/`))],
    ];
    const audienceSizes = [];
    for (const [label, p] of audiencePaths) {
      // audience() caches per path until `now` moves outside [builtAt, validUntil): a clock one
      // millisecond earlier each run forces a real computation every time.
      const t = Date.now();
      const runs = [];
      let size = 0;
      for (let i = 0; i < 5; i++) runs.push(time(() => (size = audience(model, SITE, p, t - i).length)));
      audienceSizes.push(`${p}: ${thousands(size)} members`);
      row(`audience: ${label}, uncached`, runs);
    }
    // What a denied HTTP check adds: contactsFor(), the nearest managers of the path.
    const underRestriction = paths.filter((p) => restricted.some((r) => p.startsWith(r)));
    const deniedPaths = sample(underRestriction, 200);
    const contactRuns = deniedPaths.map((p) => time(() => contactsFor(model, SITE, p, Date.now())));
    row('contacts for a denied check, paths in restricted folders', contactRuns);

    // ------------------------------------------------------------------ 6. HTTP
    // The same (user, path) requests as the server will see them, to know how many are denials.
    const httpUsers = sample(active.filter((u) => !seen.has(u)), 50);
    const clientPlans = Array.from({ length: CONNECTIONS }, () => Array.from({ length: 1_000 }, () => [pick(httpUsers), pick(paths)]));
    const t = Date.now();
    const httpDenied = clientPlans.flat().filter(([u, p]) => evaluate(model, SITE, u, p, t).level === 'none').length / (CONNECTIONS * 1_000);
    // Diagnostic: the same users on paths they may read only (no contacts to compute).
    const allowedPlans = clientPlans.map((plan) =>
      plan.map(([u]) => {
        for (;;) {
          const p = pick(paths);
          if (evaluate(model, SITE, u, p, t).level !== 'none') return [u, p];
        }
      }),
    );
    const summary = {
      allowedShare: allowed / CHECKS,
      readableMedian: percentile(readableCounts, 50),
      subjectsMedian: percentile(checkUsers.slice(0, 500).map((u) => model.subjectsOf(u).size), 50),
    };
    model = undefined; // the HTTP phase runs the load generator in this process: leave it a small heap
    await database.close();
    if (global.gc) global.gc();

    const start = (kind) =>
      new Promise((resolve, reject) => {
        const execArgv = kind === 'docgate' && process.env.PROFILE_SERVER ? ['--cpu-prof', '--cpu-prof-interval', '200', '--cpu-prof-dir', path.join(work, 'profiles')] : [];
        const child = fork(fileURLToPath(import.meta.url), ['--serve', kind, configFile], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        children.push(child);
        child.once('message', (m) => resolve({ child, url: m.url }));
        child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
      });
    const hello = await start('hello');
    const docgate = await start('docgate');
    const post = async (url, body, token) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
      return response.json();
    };
    const tokens = new Map();
    for (const u of httpUsers) tokens.set(u, (await post(`${docgate.url}/v1/auth/dev-login`, { userid: u })).access_token);
    // The answers over HTTP are the engine's (one, as a smoke test).
    const sanity = await post(`${docgate.url}/v1/check`, { site: SITE, path: clientPlans[0][0][1] }, tokens.get(clientPlans[0][0][0]));
    if (typeof sanity.allowed !== 'boolean') throw new Error(`unexpected answer ${JSON.stringify(sanity)}`);

    const headers = (u) => ({ authorization: `Bearer ${tokens.get(u)}`, 'content-type': 'application/json' });
    const checks = (plan) => plan.map(([u, p]) => ({ method: 'POST', path: '/v1/check', headers: headers(u), body: JSON.stringify({ site: SITE, path: p }) }));
    const plans = {
      // the same headers (ignored) so both cost the load generator about the same
      hello: clientPlans.map((plan) => plan.map(([u]) => ({ method: 'GET', path: '/', headers: headers(u) }))),
      docgate: clientPlans.map(checks),
      allowedOnly: allowedPlans.map(checks),
    };
    // wrk (C, Debian's package) when installed: a JavaScript load generator on the same two cores
    // takes CPU from the server and measures itself as much as the server. autocannon otherwise.
    const wrk = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
    const generator = wrk.error ? 'autocannon' : 'wrk';
    const loadWithAutocannon = async (kind, target, seconds) => {
      let next = 0;
      const result = await autocannon({
        url: target.url,
        connections: CONNECTIONS,
        duration: seconds,
        // each connection its own sequence of 1 000 requests (random users and paths), pre-built
        setupClient: (client) => client.setRequests(plans[kind][next++ % CONNECTIONS]),
      });
      if (result.errors || result.non2xx || result.timeouts) {
        throw new Error(`${kind}: ${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts`);
      }
      return { rps: result.requests.total / result.duration, p99: result.latency.p99, total: result.requests.total };
    };
    const loadWithWrk = async (kind, target, seconds) => {
      // The same pre-built requests, formatted once by wrk's Lua at start, sent round-robin.
      const script = path.join(work, `${kind}.lua`);
      const quote = (text) => `[==[${text}]==]`;
      const list = plans[kind].flat().map((r) => {
        const headerLines = Object.entries(r.headers ?? {}).map(([k, v]) => `[ ${quote(k)} ]=${quote(v)}`).join(',');
        return `{${quote(r.method)},${quote(r.path)},{${headerLines}},${r.body ? quote(r.body) : 'nil'}}`;
      });
      writeFileSync(
        script,
        `local list = {${list.join(',\n')}}
local prepared = {}
local i = 0
init = function() for k, r in ipairs(list) do prepared[k] = wrk.format(r[1], r[2], r[3], r[4]) end end
request = function() i = i % #prepared + 1; return prepared[i] end
`,
      );
      const run = spawnSync('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', '-s', script, target.url], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`wrk failed: ${run.stderr}`);
      const out = run.stdout;
      const bad = /Non-2xx or 3xx responses: (\d+)/.exec(out);
      if (bad) throw new Error(`${kind}: ${bad[1]} non-2xx answers\n${out}`);
      const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(out);
      const toMs = p99 ? Number(p99[1]) * { us: 0.001, ms: 1, s: 1000 }[p99[2]] : 0;
      return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]), p99: Math.round(toMs * 10) / 10, total: Number(/(\d+) requests in/.exec(out)[1]) };
    };
    const generate = generator === 'wrk' ? loadWithWrk : loadWithAutocannon;
    // The server's CPU time per request (Linux: /proc/<pid>/stat, user + system): far steadier than
    // throughput on a shared machine, where other work takes turns on the same cores.
    const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
    const cpuMs = (pid) => {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks;
      } catch {
        return null;
      }
    };
    const load = async (kind, target, seconds) => {
      const before = cpuMs(target.child.pid);
      const result = await generate(kind, target, seconds);
      const after = cpuMs(target.child.pid);
      return { ...result, cpuUs: before === null || !result.total ? null : ((after - before) * 1000) / result.total };
    };
    const loadBeforeHttp = os.loadavg()[0];
    const results = { hello: [], docgate: [], allowedOnly: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of ['hello', 'docgate', 'allowedOnly']) {
        const target = kind === 'hello' ? hello : docgate;
        await load(kind, target, WARMUP);
        results[kind].push(await load(kind, target, DURATION));
      }
    }
    const rps = (kind) => percentile(results[kind].map((r) => r.rps), 50);
    const httpRow = (measurement, kind) =>
      rows.push({
        measurement,
        n: `${ROUNDS} × ${DURATION} s`,
        median: `${thousands(rps(kind))} req/s`,
        p99: `${percentile(results[kind].map((r) => r.p99), 50) || '< 1'} ms latency`,
        max: `${thousands(Math.max(...results[kind].map((r) => r.rps)))} req/s`,
        goal: '—',
        verdict: 'baseline',
      });
    httpRow('HTTP: hello-world GET / (fastify, baseline)', 'hello');
    httpRow('HTTP: POST /v1/check (50 users, random catalogue paths)', 'docgate');
    rows.at(-1).verdict = 'see below';
    httpRow('HTTP: POST /v1/check, allowed paths only (diagnostic)', 'allowedOnly');
    rows.at(-1).verdict = 'informative';
    const ratio = rps('docgate') / rps('hello');
    const allowedRatio = rps('allowedOnly') / rps('hello');
    const ratios = results.docgate.map((r, i) => r.rps / results.hello[i].rps);
    rows.push({
      measurement: 'HTTP: check throughput / hello-world throughput',
      n: `${ROUNDS} rounds`,
      median: `${(ratio * 100).toFixed(0)} %`,
      p99: '—',
      max: `${(Math.max(...ratios) * 100).toFixed(0)} % (best round)`,
      goal: '≥ 50 %',
      verdict: ratio >= 0.5 ? 'met' : 'NOT met',
    });
    const cpu = (kind) => percentile(results[kind].map((r) => r.cpuUs ?? Number.NaN), 50);
    if (!Number.isNaN(cpu('hello'))) {
      for (const [measurement, kind] of [
        ['HTTP: server CPU per request, hello-world', 'hello'],
        ['HTTP: server CPU per request, POST /v1/check', 'docgate'],
        ['HTTP: server CPU per request, check on allowed paths', 'allowedOnly'],
      ]) {
        rows.push({ measurement, n: `${ROUNDS} rounds`, median: `${cpu(kind).toFixed(1)} µs`, p99: '—', max: `${Math.max(...results[kind].map((r) => r.cpuUs)).toFixed(1)} µs`, goal: '—', verdict: 'informative' });
      }
      rows.push({
        measurement: 'HTTP: the same ratio from CPU per request (hello ÷ check)',
        n: `${ROUNDS} rounds`,
        median: `${((cpu('hello') / cpu('docgate')) * 100).toFixed(0)} %`,
        p99: '—',
        max: '—',
        goal: '≥ 50 %',
        verdict: cpu('hello') / cpu('docgate') >= 0.5 ? 'met' : 'NOT met',
      });
    }
    for (const c of children) c.send('stop');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r)))));
    children.length = 0;

    const sorted = [...grantsPerPath].sort((a, b) => b - a);
    const userCounts = [...perUser.values()].sort((a, b) => b - a);
    report('permissions', 'Permission engine: 50 000 members, 20 000 documents, 100 000 grants (SQLite, one site)', rows, [
      `Data (seeded, stored in SQLite through the server's own code): ${thousands(stored.members)} members (${thousands(leavers.size)} have left), ` +
        `${thousands(stored.departments)} departments (depth ≤ ${maxDepth}), ${TAGS} tags (200–600 members and 0–4 departments each), ` +
        `${thousands(stored.documents)} documents in ${thousands(folders.length)} folders under ${TOP_FOLDERS.length} top folders (depth ≤ 4, ~40 % with an index page), ` +
        `${thousands(stored.grants)} grants, ${stored.restrictions} restricted folders (${((underRestriction.length / paths.length) * 100).toFixed(1)} % of the documents are under one).`,
      `Grants: ${thousands(kinds.user)} user:, ${thousands(kinds.dept)} dept:, ${thousands(kinds['dept/*'])} dept:…/*, ${thousands(kinds.tag)} tag:, ` +
        `${kinds.everyone + 1} everyone (the default read on / included); ~12 % manage, ~5 % expiring later, ~1 % expired. ` +
        `Grants per path: max ${thousands(sorted[0])}, 10th ${thousands(sorted[9])}, median ${percentile(grantsPerPath, 50)} over ${thousands(grantsPerPath.length)} paths. ` +
        `Grants per user (user: subjects): max ${thousands(userCounts[0])}, 10th ${thousands(userCounts[9])}, median ${percentile(userCounts, 50)}.`,
      `Set-up (not measured against a goal): CSV import ${ms(prep.import)}, catalogue ${ms(prep.catalogue)}, grants ${ms(prep.grants)}; whole run ${ms(performance.now() - started)}.`,
      `In-process: ${thousands(CHECKS)} checks over ${thousands(checkUsers.length)} random active users (${(summary.allowedShare * 100).toFixed(1)} % allowed; median subject set ${summary.subjectsMedian}); ` +
        `1 000 batches over other users; readable over the catalogue as listDocuments returns it, for 200 more users (median ${thousands(summary.readableMedian)} documents readable). ` +
        `"Cold" = the user's subject set and grants are not cached in the model yet (the first request of that user after a reload). Times include GC pauses.`,
      `Model load: no goal in the bar. Grant and restriction changes no longer cause one (they are journalled and applied in place: the row above); a directory import or a ` +
        `configuration change still does, median ${ms(percentile(loads.map((l) => l.total), 50))} here, and with better-sqlite3 it blocks the server's event loop meanwhile.`,
      `Audience sizes: ${audienceSizes.join('; ')}.`,
      `HTTP: servers in two child processes forked from this script (same Node flags), load from ${generator === 'wrk' ? 'wrk (C, one thread)' : 'autocannon in the parent (install wrk for a lighter load generator)'}; ${CONNECTIONS} connections, ` +
        `${ROUNDS} rounds of hello → docgate, each ${WARMUP} s warm-up then ${DURATION} s measured; medians. docgate logs at "warn" (the default "info" logs every request). ` +
        `Check requests: 50 users' dev-login tokens (each verified once, then cached until it expires), 10 000 pre-built random (user, path) pairs; ` +
        `${(httpDenied * 100).toFixed(1)} % are denials, which also name up to three contacts. Per-round ratios: ${ratios.map((r) => `${(r * 100).toFixed(0)} %`).join(', ')}. ` +
        `Diagnostic, the same users on paths they may read (no denial): ${(allowedRatio * 100).toFixed(0)} % of hello-world.`,
      `Machine caveat: ${os.cpus().length} shared cores; the load generator competes with the server for them, and other work runs on this machine ` +
        `(1-minute load average ${loadAtStart.toFixed(2)} at the start, ${loadBeforeHttp.toFixed(2)} before the HTTP rounds). Absolute numbers are noisy; the ratio is what the goal uses.`,
    ]);
  } finally {
    for (const c of children) c.kill();
    if (!process.env.PROFILE_SERVER) rmSync(work, { recursive: true, force: true });
    else process.stdout.write(`profiles kept in ${path.join(work, 'profiles')}\n`);
  }
}

function titleOf(slug) {
  const words = slug.replace(/\/$/, '').split(/[/-]/).filter(Boolean);
  const w = words.at(-1) ?? '';
  return `${w.charAt(0).toUpperCase()}${w.slice(1)} ${words.slice(-2, -1).join(' ')}`.trim();
}

const TOP_FOLDERS = [
  'handbook', 'engineering', 'product', 'design', 'sales', 'marketing', 'finance', 'hr', 'legal', 'security',
  'operations', 'it', 'support', 'customer-success', 'data', 'platform', 'mobile', 'web', 'api', 'infrastructure',
  'qa', 'research', 'strategy', 'partners', 'training', 'onboarding', 'compliance', 'procurement', 'facilities',
  'internal-tools', 'release-notes', 'architecture', 'incidents', 'runbooks', 'policies', 'projects', 'okr',
  'meetings', 'templates', 'archive',
];
const SUBFOLDERS = [
  'guides', 'reference', 'how-to', 'faq', 'policies', 'processes', 'templates', '2023', '2024', '2025', 'q1', 'q2',
  'q3', 'q4', 'team', 'projects', 'specs', 'design-docs', 'meeting-notes', 'postmortems', 'onboarding', 'tools',
  'checklists', 'reports', 'contracts', 'east-china', 'south-china', 'international', 'frontend', 'backend', 'ios',
  'android', 'billing', 'payments', 'search', 'auth', 'storage', 'analytics', 'reporting', 'hiring', 'benefits',
  'travel', 'expenses', 'budget', 'vendors', 'audits', 'roadmap', 'research', 'experiments', 'launches',
];
const DOC_WORDS_A = [
  'getting-started', 'how-to', 'overview', 'intro', 'setup', 'deploy', 'migrate', 'configure', 'troubleshoot',
  'review', 'plan', 'weekly', 'monthly', 'annual', 'quarterly', 'draft', 'final', 'internal', 'public', 'new',
  'legacy', 'team', 'regional', 'vendor', 'security',
];
const DOC_WORDS_B = [
  'guide', 'checklist', 'policy', 'process', 'faq', 'notes', 'report', 'spec', 'design', 'runbook', 'template',
  'summary', 'proposal', 'roadmap', 'budget', 'contract', 'handbook', 'standards', 'glossary', 'api', 'retro',
  'timeline', 'metrics', 'onboarding', 'playbook',
];
const TAG_NAMES = [
  '项目经理', '技术委员会', 'On-call', '新员工', '安全小组', 'Mentors', '架构评审', 'Release managers', '数据合规',
  '招聘面试官', '预算负责人', 'Design review', '应急响应', 'OKR owners', '内审', 'Beta testers', '客服升级',
  '知识库编辑', '海外项目', '管理层',
];

// ---------------------------------------------------------------------------------------------
// Child processes: one per HTTP server, started the same way (fork of this file, same flags).
// ---------------------------------------------------------------------------------------------
if (process.argv[2] === '--serve') {
  const kind = process.argv[3];
  let url;
  let close;
  if (kind === 'hello') {
    const { default: Fastify } = await import(path.join(repoDir, 'node_modules/fastify/fastify.js'));
    const app = Fastify();
    app.get('/', async () => ({ hello: 'world' }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${app.server.address().port}`;
    close = () => app.close();
  } else {
    const { loadConfig, startServer } = await import(server('index.js'));
    const running = await startServer(loadConfig({ file: process.argv[4], env: {} }));
    url = running.url;
    close = () => running.close();
  }
  process.send({ url });
  process.on('message', async (message) => {
    if (message === 'stop') {
      await close();
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(0));
} else {
  await main();
}
