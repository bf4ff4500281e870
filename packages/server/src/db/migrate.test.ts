import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { execFile } from 'node:child_process';
import { migrateToLatest, pendingMigrations, type MigrationReport } from './migrate.js';
import { migrations } from './migrations/index.js';
import { testDatabase, type TestDatabase } from '../testing/db.js';

const ALL = Object.keys(migrations('sqlite'));

async function tables(t: TestDatabase): Promise<string[]> {
  const rows =
    t.database.dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(t.database.db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(
          t.database.db,
        );
  return rows.rows.map((r) => r.name).sort();
}

describe('migrations', () => {
  let t: TestDatabase;
  before(async () => {
    t = await testDatabase();
  });
  after(() => t.close());

  it('run on an empty database and create every table', async () => {
    assert.deepEqual(await pendingMigrations(t.database), ALL);
    const report = await migrateToLatest(t.database);
    assert.deepEqual(report.applied, ALL);
    assert.deepEqual(report.current, ALL);
    assert.deepEqual(await tables(t), [
      'audit_log',
      'auth_codes',
      'auth_states',
      'departments',
      'docgate_migration',
      'documents',
      'grants',
      'member_departments',
      'members',
      'permission_changes',
      'reading_doc_days',
      'reading_docs',
      'reading_reader_days',
      'reading_readers',
      'reading_rollup_journal',
      'reading_segments',
      'refresh_tokens',
      'restrictions',
      'signing_keys',
      'sites',
      'sync_jobs',
      'tag_departments',
      'tag_members',
      'tags',
      'tenants',
      'wecom_events',
    ]);
    assert.deepEqual(await pendingMigrations(t.database), []);
  });

  it('every table but the migration bookkeeping carries the tenant', async () => {
    for (const table of await tables(t)) {
      if (table.startsWith('docgate_migration')) continue;
      const columns =
        t.database.dialect === 'sqlite'
          ? (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(t.database.db)).rows
          : (
              await sql<{ name: string }>`select column_name as name from information_schema.columns
                where table_schema = current_schema() and table_name = ${table}`.execute(t.database.db)
            ).rows;
      const names = columns.map((c) => c.name);
      assert.ok(names.includes('tenant_id') || table === 'tenants', `${table} has no tenant_id (${names.join(', ')})`);
    }
  });

  it('are a no-op on an up-to-date database', async () => {
    const report = await migrateToLatest(t.database);
    assert.deepEqual(report.applied, []);
    assert.deepEqual(report.current, ALL);
  });
});

describe('migrations on an existing database', () => {
  let t: TestDatabase;
  before(async () => {
    t = await testDatabase();
  });
  after(() => t.close());

  it('bring a database from an older version to the latest and keep its data', async () => {
    const first = await migrateToLatest(t.database, '0002_directory');
    assert.deepEqual(first.current, ['0001_tenants_sites', '0002_directory']);
    const now = Date.now();
    const db = t.database.db;
    await db
      .insertInto('tenants')
      .values({ id: 'acme', name: 'Acme', corp_id: 'ww1', agent_id: null, time_zone: 'Asia/Shanghai', revision: 3, created_at: now, updated_at: now })
      .execute();
    await db
      .insertInto('members')
      .values({
        tenant_id: 'acme',
        userid: 'zhangwei',
        name: '张伟',
        position: '',
        mobile: null,
        email: null,
        main_department: null,
        status: 'active',
        source: 'csv',
        created_at: now,
        updated_at: now,
      })
      .execute();
    assert.deepEqual(await pendingMigrations(t.database), ALL.slice(2));

    const second = await migrateToLatest(t.database);
    assert.deepEqual(second.applied, ALL.slice(2));
    const member = await db.selectFrom('members').selectAll().executeTakeFirstOrThrow();
    assert.equal(member.name, '张伟');
    const tenant = await db.selectFrom('tenants').selectAll().executeTakeFirstOrThrow();
    assert.equal(tenant.revision, 3);
    assert.equal(typeof tenant.created_at, 'number', 'bigint columns read back as numbers on both databases');
  });

  it('two processes migrating at once both succeed and apply each migration once', async () => {
    const fresh = await testDatabase();
    const script = `
      const { openDatabase } = await import(${JSON.stringify(new URL('./database.js', import.meta.url).href)});
      const { migrateToLatest } = await import(${JSON.stringify(new URL('./migrate.js', import.meta.url).href)});
      const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: process.argv[1] });
      const report = await migrateToLatest(database);
      await database.close();
      process.stdout.write(JSON.stringify(report));`;
    const run = () =>
      new Promise<MigrationReport>((resolve, reject) => {
        const env = { ...process.env };
        if (fresh.url) env.DATABASE_URL = fresh.url;
        else delete env.DATABASE_URL;
        execFile(process.execPath, ['--input-type=module', '-e', script, fresh.dataDir], { env }, (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as MigrationReport),
        );
      });
    try {
      const [a, b] = await Promise.all([run(), run()]);
      assert.deepEqual([...a.applied, ...b.applied].sort(), ALL, 'each migration ran exactly once');
      assert.deepEqual(a.current, ALL);
      assert.deepEqual(b.current, ALL);
      assert.deepEqual(await pendingMigrations(fresh.database), []);
    } finally {
      await fresh.close();
    }
  });

  it('refuses a database migrated by a newer version', async () => {
    await t.database.db
      .insertInto('docgate_migration' as never)
      .values({ name: '9999_from_the_future', executed_at: Date.now() } as never)
      .execute();
    await assert.rejects(migrateToLatest(t.database), /newer docgate.*9999_from_the_future/);
  });
});
