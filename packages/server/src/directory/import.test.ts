import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { ApiError } from '../errors.js';
import { loadDirectorySnapshot, listDepartments, upsertTag } from '../store/directory.js';
import { getRevision, syncConfiguration } from '../store/tenants.js';
import { migrateToLatest } from '../db/migrate.js';
import { loadConfig } from '../config.js';
import { testDatabase, type TestDatabase } from '../testing/db.js';
import { testConfigValue, TENANT } from '../testing/harness.js';
import { importMembersCsv, type ImportOptions } from './import.js';

const HEADER = '姓名,帐号,手机,邮箱,部门,职务';
const csv = (...rows: string[]) => Buffer.from([HEADER, ...rows].join('\r\n'));
const options = (patch: Partial<ImportOptions> = {}): ImportOptions => ({
  tenantId: TENANT,
  companyName: 'Acme 科技',
  mode: 'merge',
  dryRun: false,
  actor: 'tester',
  ...patch,
});

describe('importMembersCsv', () => {
  let t: TestDatabase;
  before(async () => {
    t = await testDatabase();
    await migrateToLatest(t.database);
    const value = testConfigValue();
    (value.tenants as unknown[]).push({ id: 'globex', name: 'Globex', corpId: 'wwglobex' });
    await syncConfiguration(t.database.db, loadConfig({ value, env: {} }));
  });
  after(() => t.close());
  beforeEach(async () => {
    const db = t.database.db;
    for (const table of ['members', 'member_departments', 'departments', 'tags', 'tag_members', 'tag_departments', 'audit_log'] as const) {
      await db.deleteFrom(table).execute();
    }
  });

  const snapshot = () => loadDirectorySnapshot(t.database.db, TENANT);
  const tree = async () => {
    const departments = await listDepartments(t.database.db, TENANT);
    const byId = new Map(departments.map((d) => [d.id, d]));
    const pathOf = (id: number): string => {
      const d = byId.get(id)!;
      return d.parentId === null ? d.name : `${pathOf(d.parentId)}/${d.name}`;
    };
    return departments.map((d) => pathOf(d.id)).sort();
  };

  it('creates departments from their paths under one root named after the company', async () => {
    const result = await importMembersCsv(
      t.database,
      csv('张伟,zhangwei,13800000001,zw@acme.test,研发中心/前端组,前端工程师', '李娜,lina,,,研发中心/后端组;Acme 科技/销售部,后端工程师'),
      options(),
    );
    assert.deepEqual(
      { added: result.added, updated: result.updated, departmentsAdded: result.departmentsAdded, rows: result.rows },
      { added: 2, updated: 0, departmentsAdded: 5, rows: 2 },
    );
    assert.deepEqual(await tree(), [
      'Acme 科技',
      'Acme 科技/研发中心',
      'Acme 科技/研发中心/前端组',
      'Acme 科技/研发中心/后端组',
      'Acme 科技/销售部',
    ]);
    const lina = (await snapshot()).members.get('lina')!;
    const departments = await listDepartments(t.database.db, TENANT);
    const name = (id: number) => departments.find((d) => d.id === id)!.name;
    assert.deepEqual(lina.departments.map(name), ['后端组', '销售部']);
    assert.equal(name(lina.mainDepartment!), '后端组');
    assert.equal(lina.status, 'active');
    assert.equal(lina.mobile, null);
  });

  it('writes nothing at all when one row is bad, and lists the bad lines', async () => {
    await importMembersCsv(t.database, csv('张伟,zhangwei,,,研发中心,工程师'), options());
    const before = await snapshot();
    const revision = await getRevision(t.database.db, TENANT);
    await assert.rejects(
      importMembersCsv(t.database, csv('张伟,zhangwei,,,研发中心,架构师', '新人,newbie,,,新部门,', '坏人,bad guy,,,研发中心,'), options({ mode: 'full' })),
      (error: unknown) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.code, 'invalid_csv');
        assert.equal(error.statusCode, 400);
        assert.match(error.message, /nothing was imported/);
        const details = error.details as { errors: Array<{ line: number; code: string }>; errorCount: number };
        assert.deepEqual(details.errors.map((e) => [e.line, e.code]), [[4, 'invalid_account']]);
        assert.equal(details.errorCount, 1);
        return true;
      },
    );
    assert.deepEqual(await snapshot(), before);
    assert.equal(await getRevision(t.database.db, TENANT), revision);
    const audit = await t.database.db.selectFrom('audit_log').select('action').execute();
    assert.equal(audit.length, 1);
  });

  it('re-importing updates changed members, leaves others alone and keeps department ids', async () => {
    await importMembersCsv(t.database, csv('张伟,zhangwei,,,研发中心/前端组,前端工程师', '李娜,lina,,,研发中心/后端组,后端工程师'), options());
    const first = await snapshot();
    const result = await importMembersCsv(
      t.database,
      csv('张伟,zhangwei,,,研发中心/前端组,前端组长', '李娜,lina,,,研发中心/后端组,后端工程师', '王芳,wangfang,,,研发中心/前端组,实习生'),
      options(),
    );
    assert.deepEqual(
      [result.added, result.updated, result.unchanged, result.disabled, result.departmentsAdded],
      [1, 1, 1, 0, 0],
    );
    const second = await snapshot();
    assert.equal(second.members.get('zhangwei')!.position, '前端组长');
    assert.deepEqual(second.members.get('zhangwei')!.departments, first.members.get('zhangwei')!.departments);
    assert.deepEqual(second.departments, first.departments);
  });

  it('a full import disables members missing from the file, never deletes them, and reactivates them later', async () => {
    await importMembersCsv(t.database, csv('张伟,zhangwei,,,研发中心,工程师', '李娜,lina,,,研发中心,工程师', '王芳,wangfang,,,销售部,销售'), options());
    const merge = await importMembersCsv(t.database, csv('张伟,zhangwei,,,研发中心,工程师'), options());
    assert.equal(merge.disabled, 0, 'a merge import never disables');
    const full = await importMembersCsv(t.database, csv('张伟,zhangwei,,,研发中心,工程师'), options({ mode: 'full' }));
    assert.deepEqual([full.unchanged, full.disabled], [1, 2]);
    let members = (await snapshot()).members;
    assert.equal(members.size, 3, 'nobody is deleted');
    assert.equal(members.get('lina')!.status, 'disabled');
    assert.equal(members.get('wangfang')!.status, 'disabled');
    assert.equal(members.get('wangfang')!.name, '王芳', 'statistics keep their names');

    const again = await importMembersCsv(t.database, csv('张伟,zhangwei,,,研发中心,工程师', '李娜,lina,,,研发中心,工程师'), options({ mode: 'full' }));
    assert.deepEqual([again.updated, again.unchanged, again.disabled], [1, 1, 0]);
    members = (await snapshot()).members;
    assert.equal(members.get('lina')!.status, 'active');
    assert.equal(members.get('wangfang')!.status, 'disabled');
  });

  it('a full import removes departments nobody and no tag needs any more, keeping the others', async () => {
    await importMembersCsv(t.database, csv('张伟,zhangwei,,,研发中心/前端组,工程师', '李娜,lina,,,市场部/品牌组,市场', '王芳,wangfang,,,法务部,法务'), options());
    const departments = await listDepartments(t.database.db, TENANT);
    const legal = departments.find((d) => d.name === '法务部')!.id;
    await t.database.db.transaction().execute((trx) =>
      upsertTag(trx, TENANT, { id: 7, name: 'Legal', userids: [], departmentIds: [legal] }),
    );
    // 李娜 moves to 销售部: 市场部/品牌组 is empty now. 王芳 is missing: disabled, but still in 法务部.
    const result = await importMembersCsv(t.database, csv('张伟,zhangwei,,,研发中心/前端组,工程师', '李娜,lina,,,销售部,销售'), options({ mode: 'full' }));
    assert.deepEqual([result.departmentsAdded, result.departmentsRemoved, result.disabled], [1, 2, 1]);
    assert.deepEqual(await tree(), ['Acme 科技', 'Acme 科技/法务部', 'Acme 科技/研发中心', 'Acme 科技/研发中心/前端组', 'Acme 科技/销售部']);
  });

  it('a dry run counts what an import would do and writes nothing', async () => {
    await importMembersCsv(t.database, csv('张伟,zhangwei,,,研发中心,工程师'), options());
    const before = await snapshot();
    const revision = await getRevision(t.database.db, TENANT);
    const result = await importMembersCsv(t.database, csv('李娜,lina,,,销售部,销售'), options({ mode: 'full', dryRun: true }));
    assert.deepEqual([result.dryRun, result.added, result.disabled, result.departmentsAdded, result.departmentsRemoved], [true, 1, 1, 1, 0]);
    assert.deepEqual(await snapshot(), before);
    assert.equal(await getRevision(t.database.db, TENANT), revision);
  });

  it('bumps the tenant revision and writes an audit entry in the same transaction', async () => {
    const revision = await getRevision(t.database.db, TENANT);
    await importMembersCsv(t.database, csv('张伟,zhangwei,,,研发中心,工程师'), options({ actor: 'admin1' }));
    assert.equal(await getRevision(t.database.db, TENANT), revision + 1);
    const entries = await t.database.db.selectFrom('audit_log').selectAll().execute();
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.actor, 'admin1');
    assert.equal(entries[0]!.action, 'directory.import');
    assert.equal(entries[0]!.tenant_id, TENANT);
    assert.deepEqual(JSON.parse(entries[0]!.after!), {
      mode: 'merge',
      encoding: 'utf-8',
      rows: 1,
      added: 1,
      updated: 0,
      unchanged: 0,
      disabled: 0,
      departmentsAdded: 2,
      departmentsRemoved: 0,
    });
  });

  it('imports the GBK fixture', async () => {
    const bytes = readFileSync(new URL('../../src/directory/fixtures/members-gbk.csv', import.meta.url));
    const result = await importMembersCsv(t.database, bytes, options());
    assert.equal(result.encoding, 'gbk');
    assert.equal(result.added, 3);
    assert.equal((await snapshot()).members.get('wangfang')!.position, '招聘专员, HRBP');
  });

  it('keeps tenants apart: same userids, separate directories, a full import touches only its tenant', async () => {
    await importMembersCsv(t.database, csv('张伟,zhangwei,,,研发中心,工程师', '李娜,lina,,,销售部,销售'), options());
    await importMembersCsv(t.database, csv('Zhang Wei,zhangwei,,,Engineering,Engineer'), options({ tenantId: 'globex', companyName: 'Globex', mode: 'full' }));
    const acme = await snapshot();
    const globex = await loadDirectorySnapshot(t.database.db, 'globex');
    assert.equal(acme.members.get('zhangwei')!.name, '张伟');
    assert.equal(acme.members.get('lina')!.status, 'active');
    assert.equal(globex.members.get('zhangwei')!.name, 'Zhang Wei');
    assert.equal(globex.members.size, 1);
    assert.deepEqual(globex.departments.map((d) => d.name).sort(), ['Engineering', 'Globex']);
  });

  it('rolls back everything when the database fails in the middle of writing', async () => {
    await importMembersCsv(t.database, csv('张伟,zhangwei,,,研发中心,工程师'), options());
    const before = await snapshot();
    const revision = await getRevision(t.database.db, TENANT);
    // A trigger makes the last write of the import fail, after members and departments were written.
    const db = t.database.db;
    if (t.database.dialect === 'sqlite') {
      await sql`create trigger boom before insert on member_departments when new.userid = 'boom'
                begin select raise(abort, 'boom'); end`.execute(db);
    } else {
      await sql`create function boom() returns trigger language plpgsql as $$
                begin if new.userid = 'boom' then raise exception 'boom'; end if; return new; end $$`.execute(db);
      await sql`create trigger boom before insert on member_departments for each row execute function boom()`.execute(db);
    }
    try {
      await assert.rejects(
        importMembersCsv(t.database, csv('张伟,zhangwei,,,研发中心/新组,组长', '新人,newbie,,,新部门,', '炸弹,boom,,,新部门,'), options({ mode: 'full' })),
        /boom/,
      );
    } finally {
      await sql`drop trigger boom ${sql.raw(t.database.dialect === 'postgres' ? 'on member_departments' : '')}`.execute(db);
      if (t.database.dialect === 'postgres') await sql`drop function boom()`.execute(db);
    }
    assert.deepEqual(await snapshot(), before);
    assert.equal(await getRevision(t.database.db, TENANT), revision);
    assert.equal((await db.selectFrom('audit_log').select('id').execute()).length, 1);
  });
});
