#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.js';
import { DatabaseUnavailableError, openDatabase } from './db/database.js';
import { MigrationError, migrateToLatest } from './db/migrate.js';
import { ApiError } from './errors.js';
import { packageVersion } from './lib/package-root.js';
import { syncConfiguration } from './store/tenants.js';

// Each command loads what it needs when it runs: `docgate --help` should not wait for fastify.

const USAGE = `docgate — permissions and reading statistics for internal documentation

Usage:
  docgate serve            [--config <file>]   run the token server
  docgate demo             [--port 8787] [--site-port 8788] [--wecom-port 8789] [--data-dir .docgate-demo] [--reset]
                                               the server on SQLite, a simulated WeCom with a demo company, the example site
                                               and the example site
  docgate migrate          [--config <file>]   bring the database schema up to date
  docgate sync             [--config <file>] [--tenant <id>]
                                               a full sync of the directory from WeCom, with progress
  docgate import-directory <file.csv> [--config <file>] [--tenant <id>] [--full] [--dry-run]
                                               import members (WeCom batch-import layout:
                                               姓名, 帐号, 手机, 邮箱, 部门, 职务); --full disables
                                               members missing from the file
  docgate help | --help    this text
  docgate --version

Configuration: --config, else $DOCGATE_CONFIG, else ./docgate.config.json (docs/configuration.md).
Environment: DATABASE_URL=postgres://… selects PostgreSQL (default: SQLite in the data directory).
`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(rest);
    case 'demo':
      return demo(rest);
    case 'migrate':
      return migrate(rest);
    case 'import-directory':
      return importDirectory(rest);
    case 'sync':
      return sync(rest);
    case '--version':
    case '-v':
      process.stdout.write(`${packageVersion()}\n`);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function parse<const O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O, positionals = 0) {
  try {
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    if (parsed.positionals.length > positionals) throw new UsageError(`unexpected argument "${parsed.positionals[positionals]}"`);
    return parsed;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message);
  }
}

const configOption = { config: { type: 'string', short: 'c' } } as const;

async function serve(args: string[]): Promise<number> {
  const { values } = parse(args, configOption);
  const config = loadConfig({ file: values.config });
  const { startServer } = await import('./server.js');
  const server = await startServer(config);
  server.app.log.info(
    { url: server.url, publicUrl: config.publicUrl, database: server.services.database.location, tenants: config.tenants.length, sites: config.sites.length },
    'docgate is ready',
  );
  await untilSignal(server.close.bind(server), (message) => server.app.log.info(message));
  return 0;
}

async function demo(args: string[]): Promise<number> {
  const { values } = parse(args, {
    port: { type: 'string', default: '8787' },
    'site-port': { type: 'string', default: '8788' },
    'wecom-port': { type: 'string', default: '8789' },
    host: { type: 'string', default: '127.0.0.1' },
    'data-dir': { type: 'string', default: '.docgate-demo' },
    'site-dir': { type: 'string' },
    reset: { type: 'boolean', default: false },
  });
  const port = portNumber(values.port, '--port');
  const sitePort = portNumber(values['site-port'], '--site-port');
  const wecomPort = portNumber(values['wecom-port'], '--wecom-port');
  const dataDir = path.resolve(values['data-dir']);
  const { DEMO_ACCOUNTS, runDemo } = await import('./demo/demo.js');
  const running = await runDemo({ host: values.host, port, sitePort, wecomPort, dataDir, siteDir: values['site-dir'], reset: values.reset }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        throw new UsageError(`a port is already in use (${error.message.replace(/^.*EADDRINUSE: /, '')}); choose others with --port, --site-port and --wecom-port`);
      }
      throw error;
    },
  );
  const { server, siteUrl, wecom } = running;
  const serverUrl = server.url.replace('127.0.0.1', 'localhost');
  const wecomUrl = wecom.url.replace('127.0.0.1', 'localhost');
  // CJK characters take two columns in a terminal.
  const width = (s: string) => [...s].reduce((w, c) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/.test(c) ? 2 : 1), 0);
  const pad = (s: string, n: number) => s + ' '.repeat(Math.max(1, n - width(s)));
  const accounts = [
    ['admin', DEMO_ACCOUNTS.admin, 'tenant admin'],
    ...DEMO_ACCOUNTS.employees.map((e) => ['employee', e, e.departmentPath.join('/')] as const),
  ] as const;
  process.stdout.write(
    [
      '',
      'docgate demo is running',
      `  server  ${pad(serverUrl, 28)}${server.services.database.location}`,
      `  site    ${pad(siteUrl, 28)}the example handbook`,
      `  admin   ${pad(`${siteUrl}/admin/`, 28)}permissions, statistics and directory sync (sign in as ${DEMO_ACCOUNTS.admin.userid})`,
      `  wecom   ${pad(wecomUrl, 28)}the WeCom simulator (企业微信模拟器), ${wecom.organisation.users.length} members`,
      `  ready   ${serverUrl}/readyz`,
      '',
      'Demo accounts (listed first on the simulated WeCom sign-in page):',
      ...accounts.map(([role, a, note]) => `  ${pad(role, 10)}${pad(a.userid, 12)}${pad(a.name, 12)}${a.position} · ${note}`),
      '',
      'Try:',
      `  open ${siteUrl}/admin/ and click ${DEMO_ACCOUNTS.admin.userid} on the simulated QR page: sync the directory, grant a folder to a`,
      `    department with its sub-departments, see who has access, read a page's statistics and who has not read it, export them`,
      `  open ${siteUrl}/finance/budget-2027.html, choose 企业微信扫码登录 (Sign in with WeCom) and click`,
      `    ${DEMO_ACCOUNTS.employees[0].userid} on the simulated QR page (no access); then 切换账号 (Switch account) and ${DEMO_ACCOUNTS.employees[1].userid} (finance: allowed)`,
      `  inside WeCom the sign-in is silent: give the browser a WeCom user agent (one containing "wxwork/4.1")`,
      `  change the directory in the simulator and watch docgate follow through the change callback:`,
      `    curl -s -X POST ${wecomUrl}/__mock/users -H 'content-type: application/json' -d '{"userid":"newhire","name":"新同事","department":[1]}'`,
      `  dev login for scripts: curl -s ${serverUrl}/v1/auth/dev-login -H 'content-type: application/json' -d '{"userid":"${DEMO_ACCOUNTS.admin.userid}"}'`,
      '',
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  await untilSignal(running.close.bind(running), (message) => process.stdout.write(`${message}\n`));
  return 0;
}

async function migrate(args: string[]): Promise<number> {
  const { values } = parse(args, configOption);
  const config = loadConfig({ file: values.config });
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const report = await migrateToLatest(database);
    await syncConfiguration(database.db, config);
    process.stdout.write(
      report.applied.length
        ? `applied ${report.applied.length} migration(s) to ${database.location}:\n${report.applied.map((m) => `  ${m}\n`).join('')}`
        : `${database.location} is up to date (${report.current.length} migrations)\n`,
    );
  } finally {
    await database.close();
  }
  return 0;
}

async function importDirectory(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      ...configOption,
      tenant: { type: 'string', short: 't' },
      full: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
    },
    1,
  );
  const file = positionals[0];
  if (!file) throw new UsageError('name the CSV file to import');
  const config = loadConfig({ file: values.config });
  const tenant = pickTenant(config, values.tenant);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database);
    await syncConfiguration(database.db, config);
    const started = Date.now();
    const { importMembersCsv } = await import('./directory/import.js');
    const result = await importMembersCsv(database, bytes, {
      tenantId: tenant.id,
      companyName: tenant.name,
      mode: values.full ? 'full' : 'merge',
      dryRun: values['dry-run'],
      actor: 'system:cli',
      onPhase: (phase, detail) => process.stderr.write(`${phase}${detail ? `: ${detail}` : ''}…\n`),
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `${result.dryRun ? 'dry run, nothing written: ' : ''}${result.rows} rows (${result.encoding}) into ${tenant.id} in ${seconds}s — ` +
        `added ${result.added}, updated ${result.updated}, unchanged ${result.unchanged}, disabled ${result.disabled}, ` +
        `departments added ${result.departmentsAdded}, removed ${result.departmentsRemoved}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'invalid_csv') {
      const details = error.details as { errors: Array<{ line: number; column?: string; message: string }>; errorCount: number };
      process.stderr.write(`${file}: ${error.message}\n`);
      for (const e of details.errors) process.stderr.write(`  line ${e.line}${e.column ? ` (${e.column})` : ''}: ${e.message}\n`);
      if (details.errorCount > details.errors.length) {
        process.stderr.write(`  … and ${details.errorCount - details.errors.length} more\n`);
      }
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

async function sync(args: string[]): Promise<number> {
  const { values } = parse(args, { ...configOption, tenant: { type: 'string', short: 't' } });
  const config = loadConfig({ file: values.config });
  const tenant = pickTenant(config, values.tenant);
  const { createServices } = await import('./server.js');
  const services = await createServices(config);
  try {
    let last = '';
    const job = await services.sync.run({ tenantId: tenant.id, trigger: 'cli', requestedBy: 'system:cli' }, (progress) => {
      const line = progress.state === 'running' || progress.state === undefined ? `${progress.phase} ${progress.done}/${progress.total}` : progress.state;
      if (line !== last) process.stderr.write(`${line}\n`);
      last = line;
    });
    const calls = Object.entries(job.calls ?? {}).map(([path, n]) => `${path.replace('/cgi-bin/', '')} ${n}`).join(', ');
    const seconds = (((job.finishedAt ?? Date.now()) - job.startedAt) / 1000).toFixed(1);
    if (job.state !== 'done') {
      process.stderr.write(`sync of ${tenant.id} failed after ${seconds}s: ${job.error}\nnothing was changed. WeCom calls: ${calls}\n`);
      return 1;
    }
    process.stdout.write(`synced ${tenant.id} from WeCom in ${seconds}s — added ${job.added}, updated ${job.updated}, left ${job.removed}. WeCom calls: ${calls}\n`);
    return 0;
  } finally {
    await services.database.close();
  }
}

function pickTenant(config: Config, id: string | undefined) {
  if (id) {
    const tenant = config.tenants.find((t) => t.id === id);
    if (!tenant) throw new UsageError(`no tenant "${id}" in the configuration (${config.tenants.map((t) => t.id).join(', ')})`);
    return tenant;
  }
  if (config.tenants.length > 1) {
    throw new UsageError(`the configuration has several tenants; choose one with --tenant (${config.tenants.map((t) => t.id).join(', ')})`);
  }
  return config.tenants[0]!;
}

function portNumber(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${flag} must be a port number, not "${value}"`);
  return n;
}

/**
 * Waits for SIGINT or SIGTERM, then shuts down gracefully: stop accepting, finish requests in
 * flight, close the database. A second signal, or 10 seconds, forces the exit.
 */
function untilSignal(close: () => Promise<void>, say: (message: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        say(`${signal} again: exiting now`);
        process.exit(1);
      }
      stopping = true;
      say(`${signal}: shutting down`);
      setTimeout(() => {
        say('shutdown took longer than 10 s: exiting');
        process.exit(1);
      }, 10_000).unref();
      close().then(resolve, reject);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`docgate: ${error.message}\nRun "docgate help" for usage.\n`);
      process.exit(2);
    }
    if (error instanceof ConfigError || error instanceof DatabaseUnavailableError || error instanceof MigrationError || error instanceof ApiError) {
      process.stderr.write(`docgate: ${error.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`docgate: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
