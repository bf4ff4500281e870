import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { DepartmentsResponse, ErrorBody, ImportErrorDetails, ImportResult, TagsResponse, UsersResponse } from '@docgate/protocol';
import { upsertTag } from '../store/directory.js';
import { bumpRevision } from '../store/tenants.js';
import { ADMIN, harness, TENANT, type Harness } from '../testing/harness.js';

const DIRECTORY = [
  '姓名,帐号,手机,邮箱,部门,职务',
  '管理员,admin1,,,行政部,IT 管理员',
  '张伟,zhangwei,,,研发中心/前端组,前端工程师',
  '张伟,zhangwei2,,,研发中心/后端组,后端工程师',
  '李娜,lina,,,研发中心/后端组;研发中心/测试组,后端工程师',
  'Emily Chen,emily.chen,,,销售部,Account Executive',
  'Zhang Min,min.zhang,,,研发中心,架构师',
  '王_芳%,wangfang,,,销售部,销售',
].join('\n');

describe('directory routes', () => {
  let h: Harness;
  let admin: string;
  const get = (url: string, token = admin) => h.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  const users = async (query: string) => {
    const response = await get(`/v1/directory/users?${query}`);
    assert.equal(response.statusCode, 200, response.body);
    return response.json<UsersResponse>();
  };
  const ids = async (query: string) => (await users(query)).users.map((u) => u.id);

  before(async () => {
    h = await harness();
    await h.importCsv(DIRECTORY);
    admin = (await h.signIn(ADMIN)).access_token;
  });
  after(() => h.close());

  it('needs a token, and an admin', async () => {
    const none = await h.app.inject({ method: 'GET', url: '/v1/directory/departments' });
    assert.equal(none.statusCode, 401);
    assert.equal(none.json<ErrorBody>().error.code, 'token_missing');
    const garbage = await get('/v1/directory/departments', 'garbage');
    assert.equal(garbage.json<ErrorBody>().error.code, 'token_invalid');
    const employee = (await h.signIn('zhangwei')).access_token;
    for (const url of ['/v1/directory/departments', '/v1/directory/users', '/v1/directory/tags']) {
      const response = await get(url, employee);
      assert.equal(response.statusCode, 403, url);
      assert.equal(response.json<ErrorBody>().error.code, 'admin_required');
    }
  });

  it('an admin who was disabled is refused even with a valid token', async () => {
    // as an import or a sync would: change the status and bump the revision
    const setStatus = (status: 'active' | 'disabled') =>
      h.db.database.db.transaction().execute(async (trx) => {
        await bumpRevision(trx, TENANT);
        await trx.updateTable('members').set({ status }).where('userid', '=', ADMIN).execute();
      }).then(() => h.services.permissions.changed(TENANT));
    await setStatus('disabled');
    try {
      const response = await get('/v1/directory/departments');
      assert.equal(response.statusCode, 403);
      assert.equal(response.json<ErrorBody>().error.code, 'user_inactive');
    } finally {
      await setStatus('active');
    }
  });

  it('refuses an anonymous upload before reading its body', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: '/v1/directory/import',
      headers: { 'content-type': 'text/csv' },
      payload: 'x'.repeat(60 * 1024 * 1024),
    });
    assert.equal(response.statusCode, 401, 'not 413: the body was never read');
  });

  it('lists the department tree with parents, order and active member counts', async () => {
    await h.db.database.db.updateTable('members').set({ status: 'left' }).where('userid', '=', 'zhangwei2').execute();
    try {
      const { departments } = (await get('/v1/directory/departments')).json<DepartmentsResponse>();
      const byName = new Map(departments.map((d) => [d.name, d]));
      const root = byName.get('Acme 科技')!;
      assert.equal(root.parentId, null);
      assert.equal(departments[0], root, 'the root comes first on both databases');
      assert.equal(byName.get('研发中心')!.parentId, root.id);
      assert.equal(byName.get('前端组')!.parentId, byName.get('研发中心')!.id);
      assert.deepEqual(
        ['行政部', '前端组', '后端组', '测试组', '销售部', '研发中心', 'Acme 科技'].map((n) => byName.get(n)!.memberCount),
        [1, 1, 1, 1, 2, 1, 0],
        'members who left are not counted; only direct members count',
      );
      assert.ok(departments.every((d) => d.nameEn === null && Number.isInteger(d.order)));
    } finally {
      await h.db.database.db.updateTable('members').set({ status: 'active' }).where('userid', '=', 'zhangwei2').execute();
    }
  });

  it('pages through every member exactly once, in userid order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: UsersResponse = await users(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.ok(page.users.length <= 2);
      seen.push(...page.users.map((u) => u.id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor);
    assert.deepEqual(seen, ['admin1', 'emily.chen', 'lina', 'min.zhang', 'wangfang', 'zhangwei', 'zhangwei2']);
    assert.equal(pages, 4);
    const last = await users('limit=7');
    assert.equal(last.next_cursor, null, 'no cursor when nothing follows');
  });

  it('describes each member with departments, position and status', async () => {
    const { users: [lina] } = await users('q=lina');
    assert.deepEqual(lina, {
      id: 'lina',
      name: '李娜',
      departments: [lina!.departments[0]!, lina!.departments[1]!],
      mainDepartment: lina!.departments[0]!.id,
      position: '后端工程师',
      status: 'active',
    });
    assert.deepEqual(lina!.departments.map((d) => d.name), ['后端组', '测试组']);
  });

  it('searches names and userids, case-insensitively, with LIKE wildcards taken literally', async () => {
    assert.deepEqual(await ids('q=张伟'), ['zhangwei', 'zhangwei2']);
    assert.deepEqual(await ids('q=ZHANG'), ['min.zhang', 'zhangwei', 'zhangwei2']);
    assert.deepEqual(await ids('q=emily'), ['emily.chen']);
    assert.deepEqual(await ids(`q=${encodeURIComponent('%')}`), ['wangfang']);
    assert.deepEqual(await ids(`q=${encodeURIComponent('_')}`), ['wangfang']);
    assert.deepEqual(await ids('q=nobody'), []);
  });

  it('filters by department, directly or with sub-departments, and by status', async () => {
    const { departments } = (await get('/v1/directory/departments')).json<DepartmentsResponse>();
    const rd = departments.find((d) => d.name === '研发中心')!.id;
    assert.deepEqual(await ids(`dept=${rd}`), ['min.zhang']);
    assert.deepEqual(await ids(`dept=${rd}&recursive=true`), ['lina', 'min.zhang', 'zhangwei', 'zhangwei2']);
    assert.deepEqual(await ids(`dept=${rd}&recursive=true&q=zhang`), ['min.zhang', 'zhangwei', 'zhangwei2']);
    const missing = await get('/v1/directory/users?dept=99999');
    assert.equal(missing.statusCode, 404);

    await h.db.database.db.updateTable('members').set({ status: 'disabled' }).where('userid', '=', 'lina').execute();
    try {
      assert.ok(!(await ids('limit=200')).includes('lina'), 'active members only by default');
      assert.deepEqual(await ids('status=disabled'), ['lina']);
      assert.ok((await ids('status=all&limit=200')).includes('lina'));
    } finally {
      await h.db.database.db.updateTable('members').set({ status: 'active' }).where('userid', '=', 'lina').execute();
    }
  });

  it('refuses a forged cursor and out-of-range limits with 400', async () => {
    for (const query of ['cursor=bm9wZQ', 'cursor=!!!', 'limit=0', 'limit=1000', 'status=gone', 'dept=abc']) {
      const response = await get(`/v1/directory/users?${query}`);
      assert.equal(response.statusCode, 400, query);
      assert.equal(response.json<ErrorBody>().error.code, 'invalid_request', query);
    }
  });

  it('lists tags with members counted directly and through departments and their sub-departments', async () => {
    const { departments } = (await get('/v1/directory/departments')).json<DepartmentsResponse>();
    const rd = departments.find((d) => d.name === '研发中心')!.id;
    const sales = departments.find((d) => d.name === '销售部')!.id;
    await h.db.database.db.transaction().execute(async (trx) => {
      await upsertTag(trx, TENANT, { id: 1, name: '研发 R&D', userids: [], departmentIds: [rd] });
      await upsertTag(trx, TENANT, { id: 2, name: 'Mixed', userids: ['admin1', 'emily.chen'], departmentIds: [sales] });
      await upsertTag(trx, TENANT, { id: 3, name: 'Empty', userids: [], departmentIds: [] });
    });
    const { tags } = (await get('/v1/directory/tags')).json<TagsResponse>();
    assert.deepEqual(tags, [
      { id: 1, name: '研发 R&D', memberCount: 4 }, // lina is in two R&D groups and counts once
      { id: 2, name: 'Mixed', memberCount: 3 },
      { id: 3, name: 'Empty', memberCount: 0 },
    ]);
  });
});

describe('POST /v1/directory/import', () => {
  let h: Harness;
  let admin: string;
  const upload = (body: Buffer | string, query = '', contentType = 'text/csv', token = admin) =>
    h.app.inject({
      method: 'POST',
      url: `/v1/directory/import${query}`,
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      payload: body,
    });

  before(async () => {
    h = await harness({ server: { host: '127.0.0.1', port: 0, publicUrl: 'http://docgate.test', importLimitBytes: 4096 } });
    admin = (await h.signIn(ADMIN)).access_token;
  });
  after(() => h.close());

  it('imports a GBK file sent as the browser labels it, and reports what it did', async () => {
    const gbk = readFileSync(new URL('../../src/directory/fixtures/members-gbk.csv', import.meta.url));
    const response = await upload(gbk, '', 'application/vnd.ms-excel');
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json<ImportResult>(), {
      mode: 'merge',
      dryRun: false,
      encoding: 'gbk',
      rows: 3,
      added: 3,
      updated: 0,
      unchanged: 0,
      disabled: 0,
      departmentsAdded: 7, // the root, and 兰亭科技 is a department here: the company is "Acme 科技"
      departmentsRemoved: 0,
      errors: [],
    });
    const audit = await h.db.database.db.selectFrom('audit_log').select(['actor', 'action']).where('action', '=', 'directory.import').execute();
    assert.deepEqual(audit, [{ actor: ADMIN, action: 'directory.import' }]);
  });

  it('answers 400 invalid_csv listing each bad line, and writes nothing', async () => {
    const before = await h.db.database.db.selectFrom('members').selectAll().orderBy('userid').execute();
    const response = await upload('姓名,帐号,部门\n张三,zhangsan,研发\n李四,li si,研发\n,wangwu,研发\n', '?mode=full');
    assert.equal(response.statusCode, 400);
    const { error } = response.json<ErrorBody>();
    assert.equal(error.code, 'invalid_csv');
    assert.match(error.message, /2 problems.*line 3.*nothing was imported/);
    const details = error.details as ImportErrorDetails;
    assert.equal(details.errorCount, 2);
    assert.deepEqual(details.errors.map((e) => [e.line, e.code, e.column]), [
      [3, 'invalid_account', '帐号'],
      [4, 'missing_name', '姓名'],
    ]);
    assert.deepEqual(await h.db.database.db.selectFrom('members').selectAll().orderBy('userid').execute(), before);
  });

  it('supports a dry run and a full import through the query', async () => {
    const dry = await upload('姓名,帐号,部门\n张伟,zhangwei,研发中心/前端组\n', '?mode=full&dryRun=true');
    assert.equal(dry.statusCode, 200);
    assert.deepEqual(
      (({ dryRun, mode, added, disabled }) => ({ dryRun, mode, added, disabled }))(dry.json<ImportResult>()),
      { dryRun: true, mode: 'full', added: 0, disabled: 2 },
    );
    const members = await h.db.database.db.selectFrom('members').select('status').execute();
    assert.ok(members.every((m) => m.status === 'active'));
  });

  it('refuses other content types (415), a body over the limit (413) and a bad mode (400)', async () => {
    const json = await upload(JSON.stringify({ a: 1 }), '', 'application/json');
    assert.equal(json.statusCode, 415);
    assert.equal(json.json<ErrorBody>().error.code, 'unsupported_media_type');
    const xml = await upload('<a/>', '', 'application/xml');
    assert.equal(xml.statusCode, 415);
    const big = await upload(`姓名,帐号,部门\n${'张伟,zhangwei,研发\n'.repeat(400)}`);
    assert.equal(big.statusCode, 413);
    assert.equal(big.json<ErrorBody>().error.code, 'payload_too_large');
    const mode = await upload('姓名,帐号,部门\n', '?mode=everything');
    assert.equal(mode.statusCode, 400);
  });

  it('is for admins only', async () => {
    await upload('姓名,帐号,部门\n雇员,employee,研发\n');
    const employee = (await h.signIn('employee')).access_token;
    const response = await upload('姓名,帐号,部门\n黑客,hacker,研发\n', '', 'text/csv', employee);
    assert.equal(response.statusCode, 403);
  });
});
