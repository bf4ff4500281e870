import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  AccessResponse,
  AuditResponse,
  BatchCheckResponse,
  CatalogResponse,
  CheckResponse,
  DepartmentsResponse,
  ErrorBody,
  ExplainResponse,
  Grant,
  GrantsResponse,
  ReadableResponse,
} from '@docgate/protocol';
import { bumpRevision } from '../store/tenants.js';
import { ADMIN, harness, SITE, TENANT, type Harness } from '../testing/harness.js';

const DIRECTORY = [
  '姓名,帐号,部门,职务',
  '管理员,admin1,行政部,IT',
  '站点管理员,siteadmin,行政部,Docs owner',
  '张伟,zhangwei,研发中心/前端组,前端工程师',
  '李娜,lina,研发中心/后端组,后端工程师',
  '陈静,chenjing,财务部,会计',
  '王财,wangcai,财务部/预算组,预算专员',
  'Emily Chen,emily.chen,销售部,AE',
].join('\n');

describe('permissions over HTTP', () => {
  let h: Harness;
  const tokens = new Map<string, string>();
  const dept = new Map<string, number>();
  const as = async (userid: string) => {
    if (!tokens.has(userid)) tokens.set(userid, (await h.signIn(userid)).access_token);
    return { authorization: `Bearer ${tokens.get(userid)}` };
  };
  const call = async (userid: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    h.app.inject({ method, url, headers: await as(userid), ...(payload ? { payload } : {}) });
  const check = async (userid: string, path: string, site = SITE) => (await call(userid, 'POST', '/v1/check', { site, path })).json<CheckResponse>();
  const grant = async (userid: string, body: object) => call(userid, 'POST', `/v1/sites/${SITE}/grants`, body);
  const restrict = async (userid: string, path: string, restricted = true) => call(userid, 'PUT', `/v1/sites/${SITE}/restrictions`, { path, restricted });
  const code = (body: string) => JSON.parse(body).error.code as string;

  before(async () => {
    h = await harness({
      sites: [
        { id: SITE, tenant: TENANT, name: 'Docs', origins: ['https://docs.acme.test'], admins: ['siteadmin'] },
        { id: 'vault', tenant: TENANT, name: 'Vault', origins: ['https://vault.acme.test'], defaultPolicy: 'private' },
      ],
    });
    await h.importCsv(DIRECTORY);
    const { departments } = (await call(ADMIN, 'GET', '/v1/directory/departments')).json<DepartmentsResponse>();
    for (const d of departments) dept.set(d.name, d.id);
  });
  after(() => h.close());

  describe('check', () => {
    it('a "company" site lets every active member read; a "private" one nobody but admins', async () => {
      assert.deepEqual(await check('zhangwei', '/handbook/expenses.html'), { path: '/handbook/expenses.html', allowed: true, level: 'read' });
      const vault = await check('zhangwei', '/secrets/plan', 'vault');
      assert.equal(vault.allowed, false);
      assert.equal(vault.level, 'none');
      assert.deepEqual(vault.contacts, [{ id: ADMIN, name: '管理员' }], 'whom to ask: the admins, as nobody manages it');
      assert.equal((await check(ADMIN, '/secrets/plan', 'vault')).level, 'manage');
      assert.equal((await check('siteadmin', '/anything')).level, 'manage');
      assert.equal((await check('siteadmin', '/anything', 'vault')).level, 'none', 'a site admin of docs is nobody on vault');
    });

    it('normalizes the path it answers for, and refuses a bad one with 400 invalid_path', async () => {
      assert.equal((await check('zhangwei', 'https://docs.acme.test/handbook//index.html?x=1#top')).path, '/handbook/');
      const bad = await call('zhangwei', 'POST', '/v1/check', { site: SITE, path: '/a/../etc/passwd' });
      assert.equal(bad.statusCode, 400);
      assert.equal(code(bad.body), 'invalid_path');
    });

    it('an unknown site, or a site of another tenant, is 404 unknown_site', async () => {
      const response = await call('zhangwei', 'POST', '/v1/check', { site: 'nope', path: '/' });
      assert.equal(response.statusCode, 404);
      assert.equal(code(response.body), 'unknown_site');
    });

    it('needs a token; a user id in the body is never read', async () => {
      assert.equal((await h.app.inject({ method: 'POST', url: '/v1/check', payload: { site: SITE, path: '/' } })).statusCode, 401);
      const response = await call('zhangwei', 'POST', '/v1/check', { site: SITE, path: '/x', user: ADMIN, userid: ADMIN });
      assert.equal(response.json<CheckResponse>().level, 'read');
    });

    it('a member who leaves loses access at the next check, whatever token they hold', async () => {
      const setStatus = async (status: 'active' | 'left') => {
        await h.db.database.db.transaction().execute(async (trx) => {
          await bumpRevision(trx, TENANT);
          await trx.updateTable('members').set({ status }).where('userid', '=', 'emily.chen').execute();
        });
        h.services.permissions.changed(TENANT);
      };
      assert.equal((await check('emily.chen', '/handbook/')).allowed, true);
      await setStatus('left');
      try {
        assert.equal((await check('emily.chen', '/handbook/')).allowed, false);
      } finally {
        await setStatus('active');
      }
    });

    it('catalogues a document on its first allowed view, with its title, and never on a refused one', async () => {
      await check('zhangwei', '/handbook/first-view.html');
      await call('zhangwei', 'POST', '/v1/check', { site: SITE, path: '/handbook/titled.html', title: ' 报销 FAQ ' });
      await call('zhangwei', 'POST', '/v1/check', { site: 'vault', path: '/never.html', title: 'x' });
      const docs = await h.db.database.db.selectFrom('documents').select(['site_id', 'path', 'title', 'source']).orderBy('path').execute();
      assert.deepEqual(
        docs.filter((d) => d.path.includes('first-view') || d.path.includes('titled') || d.path.includes('never')),
        [
          { site_id: SITE, path: '/handbook/first-view.html', title: null, source: 'view' },
          { site_id: SITE, path: '/handbook/titled.html', title: '报销 FAQ', source: 'view' },
        ],
      );
    });
  });

  describe('batch check', () => {
    it('answers every path in input order, flags bad ones, and caps the batch at 500', async () => {
      await restrict(ADMIN, '/finance/');
      try {
        const response = await call('zhangwei', 'POST', '/v1/check/batch', { site: SITE, paths: ['/finance/a', '/handbook/b', '/x/../y', '/finance/'] });
        assert.deepEqual(response.json<BatchCheckResponse>().results, [
          { path: '/finance/a', allowed: false, level: 'none' },
          { path: '/handbook/b', allowed: true, level: 'read' },
          { path: '/x/../y', allowed: false, level: 'none', error: 'invalid_path' },
          { path: '/finance/', allowed: false, level: 'none' },
        ]);
        const tooMany = await call('zhangwei', 'POST', '/v1/check/batch', { site: SITE, paths: Array.from({ length: 501 }, (_, i) => `/p${i}`) });
        assert.equal(tooMany.statusCode, 400);
      } finally {
        await restrict(ADMIN, '/finance/', false);
      }
    });
  });

  describe('grants, restrictions and who may manage them', () => {
    it('a reader can neither see nor change grants, audiences or explanations', async () => {
      for (const [method, url, body] of [
        ['GET', `/v1/sites/${SITE}/grants?path=/handbook/`],
        ['POST', `/v1/sites/${SITE}/grants`, { path: '/handbook/', subject: 'user:zhangwei', level: 'manage' }],
        ['GET', `/v1/sites/${SITE}/access?path=/handbook/`],
        ['GET', `/v1/sites/${SITE}/explain?path=/handbook/&user=lina`],
        ['PUT', `/v1/sites/${SITE}/restrictions`, { path: '/handbook/', restricted: true }],
      ] as const) {
        const response = await call('zhangwei', method, url, body);
        assert.equal(response.statusCode, 403, `${method} ${url}`);
        assert.equal(code(response.body), 'manage_required', `${method} ${url}`);
      }
    });

    it('restricting a folder cuts what comes from above; a department grant with sub-departments opens it again', async () => {
      assert.equal((await restrict(ADMIN, '/finance/')).json().restricted, true);
      try {
        assert.equal((await check('chenjing', '/finance/budget-2027.html')).allowed, false);
        const created = await grant(ADMIN, { path: '/finance/', subject: `dept:${dept.get('财务部')}/*`, level: 'read' });
        assert.equal(created.statusCode, 201);
        const g = created.json<Grant>();
        assert.deepEqual({ subject: g.subject, subjectName: g.subjectName, level: g.level, expired: g.expired, createdBy: g.createdBy }, {
          subject: `dept:${dept.get('财务部')}/*`,
          subjectName: '财务部',
          level: 'read',
          expired: false,
          createdBy: ADMIN,
        });
        assert.equal((await check('chenjing', '/finance/budget-2027.html')).level, 'read');
        assert.equal((await check('wangcai', '/finance/budget-2027.html')).level, 'read', 'sub-department 预算组 included');
        assert.equal((await check('zhangwei', '/finance/budget-2027.html')).level, 'none');
        assert.equal((await check('siteadmin', '/finance/budget-2027.html')).level, 'manage', 'site admins are never cut off');

        const listed = (await call(ADMIN, 'GET', `/v1/sites/${SITE}/grants?path=/finance/budget-2027.html`)).json<GrantsResponse>();
        assert.equal(listed.restricted, false);
        assert.equal(listed.cutAt, '/finance/');
        assert.deepEqual(listed.direct, []);
        assert.deepEqual(listed.inherited.map((i) => [i.subject, i.from]), [[`dept:${dept.get('财务部')}/*`, '/finance/']], 'the default grant on / is cut off');
        const folder = (await call(ADMIN, 'GET', `/v1/sites/${SITE}/grants?path=/finance/`)).json<GrantsResponse>();
        assert.equal(folder.restricted, true);
        assert.deepEqual(folder.direct.map((d) => d.id), [g.id]);

        assert.equal((await call(ADMIN, 'DELETE', `/v1/sites/${SITE}/grants/${g.id}`)).statusCode, 204);
        assert.equal((await check('chenjing', '/finance/budget-2027.html')).allowed, false);
        assert.equal((await call(ADMIN, 'DELETE', `/v1/sites/${SITE}/grants/${g.id}`)).statusCode, 404);
      } finally {
        await restrict(ADMIN, '/finance/', false);
      }
    });

    it('manage on a folder lets its holder grant at or below it, never above', async () => {
      const folderManager = await grant(ADMIN, { path: '/engineering/', subject: 'user:lina', level: 'manage' });
      assert.equal(folderManager.statusCode, 201);
      const below = await grant('lina', { path: '/engineering/oncall/', subject: 'user:zhangwei', level: 'manage' });
      assert.equal(below.statusCode, 201, below.body);
      const same = await grant('lina', { path: '/engineering/', subject: 'tag:1', level: 'read' });
      assert.equal(code(same.body), 'invalid_subject', 'tag 1 does not exist');
      const above = await grant('lina', { path: '/', subject: 'user:zhangwei', level: 'read' });
      assert.equal(above.statusCode, 403);
      const sideways = await grant('lina', { path: '/finance/', subject: 'user:lina', level: 'read' });
      assert.equal(sideways.statusCode, 403);
      assert.equal((await call('lina', 'GET', `/v1/sites/${SITE}/grants?path=/engineering/oncall/`)).statusCode, 200);
      assert.equal((await call('lina', 'GET', `/v1/directory/departments`)).statusCode, 200, 'a folder manager may pick from the directory');
      assert.equal((await call('zhangwei', 'GET', `/v1/directory/users`)).statusCode, 200);
      assert.equal((await call('emily.chen', 'GET', `/v1/directory/users`)).statusCode, 403);
      await call(ADMIN, 'DELETE', `/v1/sites/${SITE}/grants/${below.json<Grant>().id}`);
      await call(ADMIN, 'DELETE', `/v1/sites/${SITE}/grants/${folderManager.json<Grant>().id}`);
    });

    it('granting the same subject on the same path again changes the grant (200) instead of duplicating it', async () => {
      const first = await grant(ADMIN, { path: '/hr/', subject: 'user:emily.chen', level: 'read' });
      assert.equal(first.statusCode, 201);
      const again = await grant(ADMIN, { path: '/hr/', subject: 'user:emily.chen', level: 'manage' });
      assert.equal(again.statusCode, 200);
      assert.equal(again.json<Grant>().id, first.json<Grant>().id);
      assert.equal(again.json<Grant>().level, 'manage');
      const audit = await h.db.database.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('target', '=', '/hr/').orderBy('id').execute();
      assert.deepEqual(audit.map((a) => a.action), ['grant.create', 'grant.update']);
      assert.equal(JSON.parse(audit[1]!.before!).level, 'read');
      assert.equal(JSON.parse(audit[1]!.after!).level, 'manage');
      await call(ADMIN, 'DELETE', `/v1/sites/${SITE}/grants/${first.json<Grant>().id}`);
    });

    it('refuses bad subjects, expiries in the past and unknown levels with 400', async () => {
      for (const [body, expected] of [
        [{ path: '/a', subject: 'group:7', level: 'read' }, 'invalid_request'],
        [{ path: '/a', subject: 'user:ghost', level: 'read' }, 'invalid_subject'],
        [{ path: '/a', subject: 'dept:99999/*', level: 'read' }, 'invalid_subject'],
        [{ path: '/a', subject: 'everyone', level: 'owner' }, 'invalid_request'],
        [{ path: '/a', subject: 'everyone', level: 'read', expiresAt: '2001-01-01T00:00:00Z' }, 'invalid_request'],
        [{ path: '/a', subject: 'everyone', level: 'read', expiresAt: 'next tuesday' }, 'invalid_request'],
        [{ path: '/a/../b', subject: 'everyone', level: 'read' }, 'invalid_path'],
      ] as const) {
        const response = await grant(ADMIN, body);
        assert.equal(response.statusCode, 400, JSON.stringify(body));
        assert.equal(code(response.body), expected, JSON.stringify(body));
      }
    });

    it('an expiring grant counts until its time and not after', async () => {
      await restrict(ADMIN, '/board/');
      try {
        const expiresAt = new Date(Date.now() + 1500).toISOString();
        const created = await grant(ADMIN, { path: '/board/minutes', subject: 'user:zhangwei', level: 'read', expiresAt });
        assert.equal(created.json<Grant>().expiresAt, expiresAt);
        assert.equal((await check('zhangwei', '/board/minutes')).allowed, true);
        await new Promise((r) => setTimeout(r, 1600));
        assert.equal((await check('zhangwei', '/board/minutes')).allowed, false);
        const listed = (await call(ADMIN, 'GET', `/v1/sites/${SITE}/grants?path=/board/minutes`)).json<GrantsResponse>();
        assert.equal(listed.direct[0]!.expired, true, 'kept, marked expired, so it can be removed');
        await call(ADMIN, 'DELETE', `/v1/sites/${SITE}/grants/${created.json<Grant>().id}`);
      } finally {
        await restrict(ADMIN, '/board/', false);
      }
    });

    it('restrictions apply to folders below the root, and never lock their author out', async () => {
      assert.equal(code((await restrict(ADMIN, '/handbook/x.html')).body), 'invalid_path');
      assert.equal(code((await restrict(ADMIN, '/')).body), 'invalid_path');
      const manager = (await grant(ADMIN, { path: '/', subject: 'user:lina', level: 'manage' })).json<Grant>();
      try {
        const locked = await restrict('lina', '/projects/');
        assert.equal(locked.statusCode, 409);
        assert.equal(code(locked.body), 'would_lock_out');
        const own = (await grant('lina', { path: '/projects/', subject: 'user:lina', level: 'manage' })).json<Grant>();
        assert.equal((await restrict('lina', '/projects/')).statusCode, 200);
        assert.equal((await restrict('lina', '/projects/')).statusCode, 200, 'setting it twice is fine');
        const actions = await h.db.database.db.selectFrom('audit_log').select('action').where('target', '=', '/projects/').where('action', 'like', 'restriction.%').execute();
        assert.equal(actions.length, 1, 'only a real change is audited');
        await restrict('lina', '/projects/', false);
        await call(ADMIN, 'DELETE', `/v1/sites/${SITE}/grants/${own.id}`);
      } finally {
        await call(ADMIN, 'DELETE', `/v1/sites/${SITE}/grants/${manager.id}`);
      }
    });
  });

  describe('who has access, and why', () => {
    it('expands grants to members with counts, levels and where each comes from, searchable and paginated', async () => {
      await restrict(ADMIN, '/finance/');
      const finance = (await grant(ADMIN, { path: '/finance/', subject: `dept:${dept.get('财务部')}`, level: 'read' })).json<Grant>();
      const emily = (await grant(ADMIN, { path: '/finance/reports/q3', subject: 'user:emily.chen', level: 'manage' })).json<Grant>();
      try {
        const url = `/v1/sites/${SITE}/access?path=/finance/reports/q3`;
        const all = (await call(ADMIN, 'GET', url)).json<AccessResponse>();
        assert.equal(all.total, 4);
        assert.deepEqual(all.counts, { read: 1, manage: 3 });
        assert.deepEqual(
          all.users.map((u) => [u.id, u.level, u.via.kind === 'grant' ? u.via.subject : u.via.scope]),
          [
            ['admin1', 'manage', 'tenant'],
            ['chenjing', 'read', `dept:${dept.get('财务部')}`],
            ['emily.chen', 'manage', 'user:emily.chen'],
            ['siteadmin', 'manage', 'site'],
          ],
          'dept:财务部 without /* leaves out 王财 of 预算组',
        );
        assert.deepEqual(all.users[1]!.departments, [{ id: dept.get('财务部')!, name: '财务部' }]);

        const searched = (await call(ADMIN, 'GET', `${url}&q=CHEN`)).json<AccessResponse>();
        assert.deepEqual([searched.total, searched.matched, searched.users.map((u) => u.id)], [4, 2, ['chenjing', 'emily.chen']]);
        const byName = (await call(ADMIN, 'GET', `${url}&q=${encodeURIComponent('陈')}`)).json<AccessResponse>();
        assert.deepEqual(byName.users.map((u) => u.id), ['chenjing']);

        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: AccessResponse = (await call(ADMIN, 'GET', `${url}&limit=3${cursor ? `&cursor=${cursor}` : ''}`)).json<AccessResponse>();
          seen.push(...page.users.map((u) => u.id));
          cursor = page.next_cursor;
        } while (cursor);
        assert.deepEqual(seen, all.users.map((u) => u.id));
      } finally {
        await call(ADMIN, 'DELETE', `/v1/sites/${SITE}/grants/${finance.id}`);
        await call(ADMIN, 'DELETE', `/v1/sites/${SITE}/grants/${emily.id}`);
        await restrict(ADMIN, '/finance/', false);
      }
    });

    it('explains each kind of decision in words, with the deciding grant', async () => {
      const explain = async (user: string, path: string) =>
        (await call(ADMIN, 'GET', `/v1/sites/${SITE}/explain?path=${encodeURIComponent(path)}&user=${user}`)).json<ExplainResponse>();
      const read = await explain('zhangwei', '/handbook/x');
      assert.equal(read.code, 'grant');
      assert.equal(read.decidedBy?.subject, 'everyone');
      assert.match(read.reason, /张伟 \(zhangwei\) may read through the grant to everyone in the company on \//);
      assert.match((await explain(ADMIN, '/x')).reason, /an admin of the company/);
      assert.match((await explain('ghost', '/x')).reason, /ghost is not in the directory/);
      await restrict(ADMIN, '/finance/');
      try {
        const cut = await explain('zhangwei', '/finance/budget');
        assert.deepEqual([cut.code, cut.level, cut.cutAt], ['restricted', 'none', '/finance/']);
        assert.match(cut.reason, /\/finance\/ is restricted.*Without the restriction, the grant to everyone in the company on \/ would let them read/);
      } finally {
        await restrict(ADMIN, '/finance/', false);
      }
      const vault = (await call(ADMIN, 'GET', `/v1/sites/vault/explain?path=/x&user=zhangwei`)).json<ExplainResponse>();
      assert.equal(vault.code, 'no_grant');
    });
  });

  describe('list readable and the catalogue', () => {
    it('imports a sitemap, lists exactly what each reader may open, completely, page by page', async () => {
      const urls = ['/', '/handbook/', '/handbook/expenses.html', '/finance/budget-2027.html', '/finance/', '/hr/salary-bands.html'];
      const sitemap = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.map((u) => `  <url><loc>https://docs.acme.test${u}</loc></url>`).join('\n')}
  <url><loc><![CDATA[https://docs.acme.test/handbook/a&b.html]]></loc></url>
  <url><loc>https://docs.acme.test/handbook/c&amp;d.html</loc></url>
  <url><loc>https://docs.acme.test/bad/%E6%89</loc></url>
</urlset>`;
      const imported = await h.app.inject({
        method: 'POST',
        url: `/v1/sites/${SITE}/catalog`,
        headers: { ...(await as(ADMIN)), 'content-type': 'application/xml' },
        payload: sitemap,
      });
      assert.equal(imported.statusCode, 200, imported.body);
      const counts = imported.json<CatalogResponse>();
      assert.equal(counts.ignored.length, 1);
      assert.match(counts.ignored[0]!.reason, /percent-encoding/);
      const list = await call(ADMIN, 'POST', `/v1/sites/${SITE}/catalog`, { docs: [{ path: '/handbook/expenses.html', title: '差旅与报销制度' }] });
      assert.deepEqual(list.json<CatalogResponse>(), { added: 0, updated: 1, unchanged: 0, ignored: [] });

      await restrict(ADMIN, '/finance/');
      await restrict(ADMIN, '/hr/');
      const hr = (await grant(ADMIN, { path: '/hr/salary-bands.html', subject: 'user:zhangwei', level: 'read' })).json<Grant>();
      try {
        const readable = async (user: string, query = '') => {
          const paths: string[] = [];
          let cursor: string | null = null;
          do {
            const page: ReadableResponse = (
              await call(user, 'GET', `/v1/sites/${SITE}/readable?limit=2${query}${cursor ? `&cursor=${cursor}` : ''}`)
            ).json<ReadableResponse>();
            paths.push(...page.docs.map((d) => d.path));
            cursor = page.next_cursor;
          } while (cursor);
          return paths;
        };
        const zhangwei = await readable('zhangwei');
        assert.ok(zhangwei.includes('/handbook/a&b.html') && zhangwei.includes('/handbook/c&d.html'));
        assert.ok(zhangwei.includes('/hr/salary-bands.html'), 'a document grant under a restricted folder counts');
        assert.ok(!zhangwei.some((p) => p.startsWith('/finance/')));
        assert.deepEqual(await readable('zhangwei', '&prefix=/handbook/'), zhangwei.filter((p) => p.startsWith('/handbook/')));
        const admin = await readable(ADMIN);
        assert.deepEqual(admin, [...admin].sort(), 'in path order');
        assert.ok(admin.includes('/finance/budget-2027.html') && admin.includes('/finance/'));
        const first = (await call('zhangwei', 'GET', `/v1/sites/${SITE}/readable`)).json<ReadableResponse>();
        assert.equal(first.docs.find((d) => d.path === '/handbook/expenses.html')?.title, '差旅与报销制度');
      } finally {
        await call(ADMIN, 'DELETE', `/v1/sites/${SITE}/grants/${hr.id}`);
        await restrict(ADMIN, '/finance/', false);
        await restrict(ADMIN, '/hr/', false);
      }
    });

    it('documents catalogued by first views appear at once, in path order, with their latest titles', async () => {
      const readable = async () => (await call('zhangwei', 'GET', `/v1/sites/${SITE}/readable?prefix=/views/&limit=1000`)).json<ReadableResponse>().docs;
      assert.deepEqual(await readable(), []);
      for (const [path, title] of [['/views/m.html', 'M'], ['/views/a.html', 'A'], ['/views/z.html', 'Z'], ['/views/m.html', 'M, renamed'], ['/views/b/', 'B']]) {
        await call('zhangwei', 'POST', '/v1/check', { site: SITE, path, title });
      }
      const listed = await readable();
      assert.deepEqual(listed, [
        { path: '/views/a.html', title: 'A' },
        { path: '/views/b/', title: 'B' },
        { path: '/views/m.html', title: 'M, renamed' },
        { path: '/views/z.html', title: 'Z' },
      ]);
      const stored = await h.db.database.db.selectFrom('documents').select(['path', 'title']).where('path', 'like', '/views/%').orderBy('path').execute();
      assert.deepEqual(listed, stored);
    });

    it('refuses a sitemap index, something that is not a sitemap, and non-admins', async () => {
      const post = async (userid: string, payload: string) =>
        h.app.inject({ method: 'POST', url: `/v1/sites/${SITE}/catalog`, headers: { ...(await as(userid)), 'content-type': 'application/xml' }, payload });
      assert.equal(code((await post(ADMIN, '<sitemapindex><sitemap><loc>x</loc></sitemap></sitemapindex>')).body), 'invalid_sitemap');
      assert.equal(code((await post(ADMIN, '<html></html>')).body), 'invalid_sitemap');
      assert.equal((await post('zhangwei', '<urlset></urlset>')).statusCode, 403);
      const bad = await call(ADMIN, 'POST', `/v1/sites/${SITE}/catalog`, { docs: [] });
      assert.equal(bad.statusCode, 400);
    });
  });

  describe('audit log', () => {
    it('records each change with actor, before and after; tenant admins read it all, site admins their site, others nothing', async () => {
      const created = (await grant(ADMIN, { path: '/audited/', subject: 'user:lina', level: 'read' })).json<Grant>();
      await call(ADMIN, 'DELETE', `/v1/sites/${SITE}/grants/${created.id}`);
      const log = (await call(ADMIN, 'GET', '/v1/audit?limit=2')).json<AuditResponse>();
      assert.deepEqual(log.entries.map((e) => [e.action, e.actor, e.site, e.target]), [
        ['grant.delete', ADMIN, SITE, '/audited/'],
        ['grant.create', ADMIN, SITE, '/audited/'],
      ]);
      assert.equal((log.entries[0]!.before as { id: string }).id, created.id);
      assert.ok(log.next_cursor);
      const older = (await call(ADMIN, 'GET', `/v1/audit?limit=2&cursor=${log.next_cursor}`)).json<AuditResponse>();
      assert.ok(older.entries.every((e) => e.id < log.entries[1]!.id));
      assert.equal((await call('siteadmin', 'GET', `/v1/audit?site=${SITE}&limit=1`)).statusCode, 200);
      assert.equal((await call('siteadmin', 'GET', '/v1/audit')).statusCode, 403);
      assert.equal((await call('zhangwei', 'GET', `/v1/audit?site=${SITE}`)).statusCode, 403);
      const config = (await call(ADMIN, 'GET', `/v1/audit?site=vault`)).json<AuditResponse>();
      assert.ok(config.entries.some((e) => e.action === 'site.default_policy' && e.actor === 'system:config'));
    });
  });
});
