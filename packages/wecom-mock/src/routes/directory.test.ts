import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { startWecomMock, type WecomMock } from '../mock.js';
import { smallOrganisation } from '../testing/fixtures.js';
import { api, postJson, token, type Json } from '../testing/http.js';

const USER_FIELDS = [
  'userid', 'name', 'department', 'order', 'position', 'mobile', 'gender', 'email', 'biz_mail', 'is_leader_in_dept', 'direct_leader',
  'avatar', 'thumb_avatar', 'telephone', 'alias', 'address', 'open_userid', 'main_department', 'extattr', 'status', 'qr_code', 'external_position',
];
const RESTRICTED = ['mobile', 'email', 'avatar', 'thumb_avatar', 'gender', 'biz_mail', 'qr_code', 'address'];

describe('directory APIs', () => {
  let mock: WecomMock;
  let app: string;
  let contacts: string;
  before(async () => {
    mock = await startWecomMock({ organisation: smallOrganisation() });
    app = await token(mock);
    contacts = await token(mock, 'contacts');
  });
  after(() => mock.close());
  afterEach(() => {
    mock.setVisibleRange(null);
    mock.setFieldRestrictions(false);
  });
  const ids = (list: Json[]) => list.map((x) => x.id ?? x.userid);

  it('department/list answers the tree (or a subtree), parents first, higher order first', async () => {
    const all = await api(mock, app, '/cgi-bin/department/list');
    assert.equal(all.errcode, 0);
    assert.equal(all.errmsg, 'ok');
    assert.deepEqual(ids(all.department), [1, 4, 5, 2, 3]);
    assert.deepEqual(all.department[0], { id: 1, name: '兰亭科技', name_en: 'Lanting', department_leader: ['zhangsan'], parentid: 0, order: 100 });
    assert.deepEqual(ids((await api(mock, app, '/cgi-bin/department/list', { id: 2 })).department), [2, 3]);
    const simple = await api(mock, app, '/cgi-bin/department/simplelist', { id: 4 });
    assert.deepEqual(simple.department_id, [{ id: 4, parentid: 1, order: 95 }, { id: 5, parentid: 4, order: 70 }]);
    assert.equal((await api(mock, app, '/cgi-bin/department/list', { id: 99 })).errcode, 60003);
  });

  it('department/get answers one department; 60003 when unknown or missing', async () => {
    const answer = await api(mock, app, '/cgi-bin/department/get', { id: 3 });
    assert.deepEqual(answer.department, { id: 3, name: '前端组', name_en: 'Frontend', department_leader: [], parentid: 2, order: 80 });
    assert.equal((await api(mock, app, '/cgi-bin/department/get', { id: 42 })).errcode, 60003);
    const missing = await api(mock, app, '/cgi-bin/department/get');
    assert.equal(missing.errcode, 60003);
    assert.match(missing.errmsg, /^department not found, hint: /);
  });

  it('user/get answers the member at the top level; 60111 unknown, 41009 missing', async () => {
    const answer = await api(mock, app, '/cgi-bin/user/get', { userid: 'wangwu' });
    assert.deepEqual(Object.keys(answer), ['errcode', 'errmsg', ...USER_FIELDS]);
    assert.equal(answer.name, '王五');
    assert.deepEqual(answer.department, [3, 5]);
    assert.equal(answer.gender, '2');
    assert.equal(answer.status, 1);
    assert.deepEqual(answer.extattr, { attrs: [] });
    const unknown = await api(mock, app, '/cgi-bin/user/get', { userid: 'nobody' });
    assert.equal(unknown.errcode, 60111);
    assert.match(unknown.errmsg, /^userid not found, hint: .*e=60111$/);
    assert.equal((await api(mock, app, '/cgi-bin/user/get')).errcode, 41009);
  });

  it('user/simplelist and user/list answer the members placed directly in the department', async () => {
    const simple = await api(mock, app, '/cgi-bin/user/simplelist', { department_id: 3 });
    assert.deepEqual(simple.userlist, [
      { userid: 'wangwu', name: '王五', department: [3, 5], open_userid: 'wowangwu' },
      { userid: 'zhaoliu', name: '赵六', department: [3], open_userid: 'wozhaoliu' },
    ]);
    const full = await api(mock, app, '/cgi-bin/user/list', { department_id: 5 });
    assert.deepEqual(ids(full.userlist), ['wangwu', 'zhouba', 'wujiu'], 'disabled and departed members are listed with their status');
    assert.deepEqual(full.userlist.map((u: Json) => u.status), [1, 2, 5]);
    assert.deepEqual(Object.keys(full.userlist[0]), USER_FIELDS);
    const below = await api(mock, app, '/cgi-bin/user/simplelist', { department_id: 2, fetch_child: 1 });
    assert.deepEqual(ids(below.userlist), ['lisi', 'wangwu', 'zhaoliu']);
    assert.equal((await api(mock, app, '/cgi-bin/user/list', { department_id: 77 })).errcode, 60003);
  });

  it('tag/list and tag/get; 40068 for an unknown tag', async () => {
    assert.deepEqual((await api(mock, app, '/cgi-bin/tag/list')).taglist, [{ tagid: 1, tagname: '管理层' }, { tagid: 2, tagname: 'QA' }]);
    const tag = await api(mock, app, '/cgi-bin/tag/get', { tagid: 2 });
    assert.deepEqual(tag, { errcode: 0, errmsg: 'ok', tagname: 'QA', userlist: [{ userid: 'sunqi', name: '孙七' }], partylist: [3] });
    const unknown = await api(mock, app, '/cgi-bin/tag/get', { tagid: 9 });
    assert.equal(unknown.errcode, 40068);
    assert.match(unknown.errmsg, /^invalid tagid/);
    assert.equal((await api(mock, app, '/cgi-bin/tag/get')).errcode, 41017);
  });

  it('the visible range limits the app secret (60011) but not the contacts secret', async () => {
    mock.setVisibleRange({ departments: [2] });
    assert.deepEqual(ids((await api(mock, app, '/cgi-bin/department/list')).department), [2, 3]);
    assert.deepEqual(ids((await api(mock, contacts, '/cgi-bin/department/list')).department), [1, 4, 5, 2, 3]);
    assert.equal((await api(mock, app, '/cgi-bin/department/get', { id: 4 })).errcode, 60011);
    assert.equal((await api(mock, app, '/cgi-bin/department/list', { id: 1 })).errcode, 60011);
    assert.equal((await api(mock, app, '/cgi-bin/user/simplelist', { department_id: 4 })).errcode, 60011);
    const outside = await api(mock, app, '/cgi-bin/user/get', { userid: 'sunqi' });
    assert.equal(outside.errcode, 60011);
    assert.match(outside.errmsg, /^no privilege to access\/modify contact\/party\/agent/);
    assert.equal((await api(mock, app, '/cgi-bin/user/get', { userid: 'wangwu' })).errcode, 0, 'in a sub-department of a visible one');
    assert.equal((await api(mock, contacts, '/cgi-bin/user/get', { userid: 'sunqi' })).errcode, 0);
    const tag = await api(mock, app, '/cgi-bin/tag/get', { tagid: 1 });
    assert.deepEqual(tag.userlist, [{ userid: 'lisi', name: '李四' }], 'tag members outside the range are left out');

    mock.setVisibleRange({ users: ['emily.chen'], tags: [2] });
    assert.equal((await api(mock, app, '/cgi-bin/user/get', { userid: 'emily.chen' })).errcode, 0, 'listed user');
    assert.equal((await api(mock, app, '/cgi-bin/user/get', { userid: 'sunqi' })).errcode, 0, 'user of a listed tag');
    assert.equal((await api(mock, app, '/cgi-bin/user/get', { userid: 'zhaoliu' })).errcode, 0, 'in a department of a listed tag');
    assert.equal((await api(mock, app, '/cgi-bin/user/get', { userid: 'lisi' })).errcode, 60011);
    assert.deepEqual(ids((await api(mock, app, '/cgi-bin/department/list')).department), [3]);
  });

  it('field restrictions leave out mobile, email, avatar … for the app secret only', async () => {
    mock.setFieldRestrictions(true);
    const restricted = await api(mock, app, '/cgi-bin/user/get', { userid: 'lisi' });
    assert.equal(restricted.name, '李四');
    for (const field of RESTRICTED) assert.equal(field in restricted, false, `${field} is left out`);
    assert.deepEqual(Object.keys(restricted), ['errcode', 'errmsg', ...USER_FIELDS.filter((f) => !RESTRICTED.includes(f))]);
    const list = await api(mock, app, '/cgi-bin/user/list', { department_id: 2 });
    assert.equal(list.userlist[0].name, '李四');
    assert.equal('mobile' in list.userlist[0], false);
    assert.equal((await api(mock, contacts, '/cgi-bin/user/get', { userid: 'lisi' })).mobile, '13800000002');
    mock.setFieldRestrictions(false);
    assert.equal((await api(mock, app, '/cgi-bin/user/get', { userid: 'lisi' })).mobile, '13800000002');
  });
});

describe('user/list_id', () => {
  let mock: WecomMock;
  before(async () => {
    mock = await startWecomMock({ organisation: { seed: 11, members: 40, departments: 8, multiDepartment: 0.3 } });
  });
  after(() => mock.close());
  const listId = (accessToken: string, body: unknown) => postJson(`${mock.url}/cgi-bin/user/list_id?access_token=${accessToken}`, body);

  it('pages through every (userid, department) pair exactly once', async () => {
    const contacts = await token(mock, 'contacts');
    const expected = mock.organisation.users.flatMap((u) => u.department.map((d) => `${u.userid}@${d}`));
    assert.ok(expected.length > mock.organisation.users.length, 'some members are in two departments');
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listId(contacts, cursor === undefined ? { limit: 3 } : { cursor, limit: 3 });
      assert.equal(page.errcode, 0);
      assert.ok(page.dept_user.length <= 3);
      for (const row of page.dept_user) {
        assert.deepEqual(Object.keys(row), ['userid', 'department']);
        seen.push(`${row.userid}@${row.department}`);
      }
      cursor = page.next_cursor;
      pages++;
    } while (cursor !== '');
    assert.equal(pages, Math.ceil(expected.length / 3));
    assert.deepEqual(seen, expected);
    const all = await listId(contacts, {});
    assert.equal(all.dept_user.length, expected.length, 'the default limit (1000) takes everything here');
    assert.equal(all.next_cursor, '');
  });

  it('keeps its place when members change between pages', async () => {
    const contacts = await token(mock, 'contacts');
    const first = await listId(contacts, { limit: 2 });
    await mock.deleteUser(first.dept_user[0].userid);
    await mock.createUser({ userid: 'newcomer', name: '新人', department: [1] });
    const rest: string[] = [];
    for (let cursor = first.next_cursor; cursor !== ''; ) {
      const page = await listId(contacts, { cursor, limit: 5 });
      rest.push(...page.dept_user.map((r: Json) => r.userid as string));
      cursor = page.next_cursor;
    }
    assert.equal(rest.includes(first.dept_user[0].userid), false);
    assert.equal(rest.at(-1), 'newcomer');
  });

  it('is refused to the app secret (48002) and checks its input (40058, 47001)', async () => {
    const contacts = await token(mock, 'contacts');
    const forbidden = await listId(await token(mock), { limit: 10 });
    assert.equal(forbidden.errcode, 48002);
    assert.match(forbidden.errmsg, /^api forbidden, hint: /);
    assert.deepEqual(forbidden.dept_user, []);
    assert.equal((await listId(contacts, { limit: 0 })).errcode, 40058);
    assert.equal((await listId(contacts, { limit: 10_001 })).errcode, 40058);
    assert.equal((await listId(contacts, { cursor: 'garbage!' })).errcode, 40058);
    assert.equal((await listId(contacts, '{not json')).errcode, 47001);
    const plain = await postJson(`${mock.url}/cgi-bin/user/list_id?access_token=${contacts}`, '{"limit":1}', { 'content-type': 'text/plain' });
    assert.equal(plain.dept_user.length, 1, 'the body is JSON whatever the content type');
  });
});

describe('a 100 000-member directory', () => {
  let mock: WecomMock;
  before(async () => {
    mock = await startWecomMock({ organisation: { seed: 3, members: 100_000, departments: 10_000 } });
  });
  after(() => mock.close());

  it('answers list_id and user/list at a cost proportional to the answer', async () => {
    const contacts = await token(mock, 'contacts');
    const started = performance.now();
    let rows = 0;
    let cursor = '';
    do {
      const page = await postJson(`${mock.url}/cgi-bin/user/list_id?access_token=${contacts}`, { cursor, limit: 10_000 });
      rows += page.dept_user.length;
      cursor = page.next_cursor;
    } while (cursor !== '');
    assert.equal(rows, mock.organisation.users.reduce((n, u) => n + u.department.length, 0));
    const departments = mock.organisation.departments.slice(0, 500);
    let members = 0;
    await Promise.all(
      [0, 1, 2, 3, 4].map(async (lane) => {
        for (let i = lane; i < departments.length; i += 5) {
          const answer = await api(mock, contacts, '/cgi-bin/user/list', { department_id: departments[i]!.id });
          assert.equal(answer.errcode, 0);
          members += answer.userlist.length;
        }
      }),
    );
    const ms = performance.now() - started;
    assert.ok(members > 0);
    assert.ok(ms < 5000, `list_id over 100 000 members and 500 user/list calls took ${Math.round(ms)} ms`);
  });
});
