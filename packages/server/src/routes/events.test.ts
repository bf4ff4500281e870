import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { MAX_EVENTS_BODY_BYTES, type DocStats, type EventsResponse, type ReadingEvent } from '@docgate/protocol';
import { SignJWT, importJWK, type JWK } from 'jose';
import { listSigningKeys } from '../store/signing-keys.js';
import { ADMIN, harness, SITE, SITE_ORIGIN, TENANT, type Harness } from '../testing/harness.js';

const DIRECTORY = ['姓名,帐号,部门,职务', '管理员,admin1,行政部,IT', '张伟,zhangwei,研发中心/前端组,前端工程师', '李娜,lina,研发中心/后端组,后端工程师'].join('\n');

describe('POST /v1/events', () => {
  let h: Harness;
  const tokens = new Map<string, string>();
  const token = async (userid: string, tenant?: string) => {
    const key = `${tenant ?? TENANT}/${userid}`;
    if (!tokens.has(key)) tokens.set(key, (await h.signIn(userid, tenant ?? TENANT)).access_token);
    return tokens.get(key)!;
  };
  let next = 0;
  /** a fresh segment id */
  const segmentId = () => `seg${String(next++).padStart(8, '0')}`;
  const event = (overrides: Partial<ReadingEvent> = {}): ReadingEvent => ({
    segment: segmentId(),
    seq: 1,
    path: '/handbook/expenses',
    startedAt: Date.now() - 60_000,
    activeMs: 20_000,
    visibleMs: 30_000,
    maxDepth: 0.5,
    completed: false,
    ...overrides,
  });
  const post = async (userid: string | null, body: object, options: { headers?: Record<string, string>; raw?: string } = {}) =>
    h.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { 'content-type': 'application/json', ...(userid ? { authorization: `Bearer ${await token(userid)}` } : {}), ...options.headers },
      payload: options.raw ?? JSON.stringify(body),
    });
  const code = (body: string) => JSON.parse(body).error.code as string;
  const segments = () => h.db.database.db.selectFrom('reading_segments').selectAll().orderBy('segment').execute();
  const segment = async (id: string) => (await segments()).find((s) => s.segment === id);
  const countRows = async () => {
    const db = h.db.database.db;
    const n = async (table: 'reading_segments' | 'reading_readers' | 'reading_reader_days' | 'reading_doc_days' | 'reading_docs' | 'reading_rollup_journal') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const journal = await n('reading_rollup_journal');
    // Rows the rollups owe are counted as rows; folded, they change the rollups' counts instead.
    return { segments: await n('reading_segments'), journal, readers: await n('reading_readers'), readerDays: await n('reading_reader_days'), docDays: await n('reading_doc_days'), docs: await n('reading_docs') };
  };
  const docStats = async (path: string) =>
    (await h.app.inject({ method: 'GET', url: `/v1/sites/${SITE}/stats/doc?path=${encodeURIComponent(path)}`, headers: { authorization: `Bearer ${await token(ADMIN)}` } })).json<DocStats>();

  before(async () => {
    h = await harness({
      tenants: [
        { id: TENANT, name: 'Acme', corpId: 'wwacme', admins: [ADMIN] },
        { id: 'globex', name: 'Globex', corpId: 'wwglobex', admins: ['g1'] },
      ],
      sites: [
        { id: SITE, tenant: TENANT, name: 'Docs', origins: [SITE_ORIGIN] },
        { id: 'vault', tenant: TENANT, name: 'Vault', origins: ['https://vault.acme.test'], defaultPolicy: 'private' },
        { id: 'gdocs', tenant: 'globex', name: 'Globex docs', origins: ['https://docs.globex.test'] },
      ],
    });
    await h.importCsv(DIRECTORY);
    await h.importCsv(['姓名,帐号,部门', 'G One,g1,总部'].join('\n'), 'merge', 'globex');
  });
  after(() => h.close());

  describe('accepts', () => {
    it('a JSON body with a bearer token: 202 once written, the segment stored with its values', async () => {
      const e = event({ title: '报销指南' });
      const response = await post('zhangwei', { site: SITE, events: [e] });
      assert.equal(response.statusCode, 202, response.body);
      assert.deepEqual(response.json<EventsResponse>(), { accepted: 1, ignored: 0 });
      const row = await segment(e.segment);
      assert.deepEqual(
        { site: row?.site_id, path: row?.path, user: row?.userid, seq: row?.seq, started: row?.started_at, active: row?.active_ms, visible: row?.visible_ms, depth: row?.max_depth, completed: row?.completed },
        { site: SITE, path: '/handbook/expenses', user: 'zhangwei', seq: 1, started: e.startedAt, active: 20_000, visible: 30_000, depth: 0.5, completed: 0 },
      );
    });

    it('a text/plain beacon with the token in the body, from a site origin, with credentials allowed for that origin', async () => {
      const e = event();
      const response = await h.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: { 'content-type': 'text/plain;charset=UTF-8', origin: SITE_ORIGIN },
        payload: JSON.stringify({ site: SITE, events: [e], token: await token('lina') }),
      });
      assert.equal(response.statusCode, 202, response.body);
      assert.equal(response.headers['access-control-allow-origin'], SITE_ORIGIN);
      assert.equal(response.headers['access-control-allow-credentials'], 'true');
      assert.equal((await segment(e.segment))?.userid, 'lina');
    });

    it('answers a preflight for a JSON beacon (credentials mode include) from a site origin', async () => {
      const preflight = await h.app.inject({
        method: 'OPTIONS',
        url: '/v1/events',
        headers: { origin: SITE_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      assert.equal(preflight.statusCode, 204);
      assert.equal(preflight.headers['access-control-allow-origin'], SITE_ORIGIN);
      assert.equal(preflight.headers['access-control-allow-credentials'], 'true');
      assert.match(String(preflight.headers['access-control-allow-headers']), /content-type/i);
      const check = await h.app.inject({ method: 'OPTIONS', url: '/v1/check', headers: { origin: SITE_ORIGIN, 'access-control-request-method': 'POST' } });
      assert.equal(check.headers['access-control-allow-credentials'], undefined, 'only the events route allows credentials');
    });

    it('the Authorization header wins over a token in the body', async () => {
      const e = event();
      const response = await post('zhangwei', { site: SITE, events: [e], token: await token('lina') });
      assert.equal(response.statusCode, 202);
      assert.equal((await segment(e.segment))?.userid, 'zhangwei');
    });
  });

  describe('identity comes from the token only', () => {
    it('a user named in the body is ignored: the events are the token holder\'s', async () => {
      const e = { ...event(), user: ADMIN, userid: ADMIN };
      const response = await post('zhangwei', { site: SITE, events: [e], user: ADMIN, userid: ADMIN, sub: ADMIN });
      assert.equal(response.statusCode, 202);
      assert.equal((await segment(e.segment))?.userid, 'zhangwei');
    });

    it('without a token: 401 token_missing; a bad one: 401 token_invalid; nothing written', async () => {
      const before = await countRows();
      const missing = await post(null, { site: SITE, events: [event()] });
      assert.equal(missing.statusCode, 401);
      assert.equal(code(missing.body), 'token_missing');
      const invalid = await post(null, { site: SITE, events: [event()], token: 'eyJhbGciOiJub25lIn0.e30.' });
      assert.equal(code(invalid.body), 'token_invalid');
      assert.deepEqual(await countRows(), before);
    });

    it('an expired token: 401 token_expired (the SDK refreshes and sends again), nothing written', async () => {
      const key = (await listSigningKeys(h.db.database.db)).find((k) => k.tenantId === TENANT)!;
      const now = Math.floor(Date.now() / 1000);
      const expired = await new SignJWT({ tid: TENANT, sub: 'zhangwei', iss: h.config.publicUrl, aud: h.config.auth.audience, iat: now - 1000, exp: now - 60 })
        .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'at+jwt' })
        .sign(await importJWK(JSON.parse(key.privateJwk) as JWK, 'EdDSA'));
      const before = await countRows();
      const response = await post(null, { site: SITE, events: [event()], token: expired });
      assert.equal(response.statusCode, 401);
      assert.equal(code(response.body), 'token_expired');
      assert.deepEqual(await countRows(), before);
    });

    it("a token of another tenant than the site's: 403 wrong_tenant, nothing written; an unknown site: 404", async () => {
      const before = await countRows();
      const globex = await h.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await token('g1', 'globex')}` },
        payload: { site: SITE, events: [event()] },
      });
      assert.equal(globex.statusCode, 403);
      assert.equal(code(globex.body), 'wrong_tenant');
      const acme = await post('zhangwei', { site: 'gdocs', events: [event()] });
      assert.equal(acme.statusCode, 403);
      assert.equal(code(acme.body), 'wrong_tenant');
      const unknown = await post('zhangwei', { site: 'nope', events: [event()] });
      assert.equal(unknown.statusCode, 404);
      assert.equal(code(unknown.body), 'unknown_site');
      assert.deepEqual(await countRows(), before);
    });
  });

  describe('refuses bad input with a 4xx and writes nothing', () => {
    let before: Awaited<ReturnType<typeof countRows>>;
    beforeEach(async () => {
      before = await countRows();
    });
    const refused = async (response: { statusCode: number; body: string }, status: number, errorCode: string) => {
      assert.equal(response.statusCode, status, response.body);
      assert.equal(code(response.body), errorCode);
      assert.deepEqual(await countRows(), before, 'nothing written');
    };

    it('malformed JSON, as JSON or as a text/plain beacon, and an empty body: 400 invalid_json', async () => {
      await refused(await post('zhangwei', {}, { raw: '{"site": "docs", "events": [' }), 400, 'invalid_json');
      await refused(await post('zhangwei', {}, { raw: '{"site": "docs", "events": [', headers: { 'content-type': 'text/plain' } }), 400, 'invalid_json');
      await refused(await post('zhangwei', {}, { raw: '', headers: { 'content-type': 'text/plain' } }), 400, 'invalid_json');
      await refused(await post('zhangwei', {}, { raw: '{"__proto__": {"x": 1}, "site": "docs", "events": []}', headers: { 'content-type': 'text/plain' } }), 400, 'invalid_json');
    });

    it('schema violations anywhere in the batch: 400 invalid_request naming where, and none of the good events is kept', async () => {
      for (const bad of [{ maxDepth: 1.5 }, { maxDepth: -0.1 }, { activeMs: -1 }, { visibleMs: -5 }, { seq: -1 }, { startedAt: 1.5 }, { segment: 'short' }, { segment: 'has space in it' }, { path: '' }]) {
        const response = await post('zhangwei', { site: SITE, events: [event(), event(bad as Partial<ReadingEvent>)] });
        await refused(response, 400, 'invalid_request');
        assert.match(JSON.parse(response.body).error.details.problems[0].where, /events\/1\//, JSON.stringify(bad));
      }
      await refused(await post('zhangwei', { site: SITE, events: [] }), 400, 'invalid_request');
      await refused(await post('zhangwei', { site: SITE }), 400, 'invalid_request');
      await refused(await post('zhangwei', { site: SITE, events: [event({ completed: 'yes' as unknown as boolean })] }), 400, 'invalid_request');
      await refused(await post('zhangwei', { site: SITE, events: [event({ activeMs: 1e300 })] }), 400, 'invalid_request');
      await refused(await post('zhangwei', { site: SITE, events: [event()], sentAt: 2 ** 60 }), 400, 'invalid_request');
    });

    it('a path that cannot be normalized: 400 invalid_path, the other events not kept either', async () => {
      await refused(await post('zhangwei', { site: SITE, events: [event(), event({ path: '/a/../etc/passwd' })] }), 400, 'invalid_path');
    });

    it(`a body over ${MAX_EVENTS_BODY_BYTES} bytes: 413 payload_too_large, as JSON or text/plain`, async () => {
      const big = JSON.stringify({ site: SITE, events: [event({ title: 'x'.repeat(500) })], padding: 'y'.repeat(MAX_EVENTS_BODY_BYTES) });
      await refused(await post('zhangwei', {}, { raw: big }), 413, 'payload_too_large');
      await refused(await post('zhangwei', {}, { raw: big, headers: { 'content-type': 'text/plain' } }), 413, 'payload_too_large');
      // More than 200 events never fit in 16 KiB: the byte limit refuses them first.
      const many = JSON.stringify({ site: SITE, events: Array.from({ length: 201 }, () => event()) });
      await refused(await post('zhangwei', {}, { raw: many }), 413, 'payload_too_large');
    });

    it('another content type: 415', async () => {
      await refused(await post('zhangwei', {}, { raw: 'site=docs', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type');
    });

    it('from an origin that is not a configured site: 403 origin_not_allowed, never run', async () => {
      const response = await h.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
        payload: JSON.stringify({ site: SITE, events: [event()], token: await token('zhangwei') }),
      });
      assert.equal(response.headers['access-control-allow-origin'], undefined);
      assert.equal(response.headers['access-control-allow-credentials'], undefined);
      await refused(response, 403, 'origin_not_allowed');
    });
  });

  describe('max-merge by seq', () => {
    it('keeps the values of the highest seq: replays out of order and duplicates are ignored, and count once', async () => {
      const id = segmentId();
      const path = '/handbook/merge';
      const at = (seq: number, activeMs: number) => event({ segment: id, seq, path, activeMs, visibleMs: activeMs + 1000, maxDepth: seq / 10 });
      assert.deepEqual((await post('zhangwei', { site: SITE, events: [at(3, 9_000)] })).json(), { accepted: 1, ignored: 0 });
      // The queue replays older reports, and the newest again.
      assert.deepEqual((await post('zhangwei', { site: SITE, events: [at(1, 2_000), at(2, 5_000), at(3, 9_000)] })).json(), { accepted: 0, ignored: 3 });
      assert.equal((await segment(id))?.active_ms, 9_000);
      // Several reports of one segment in one request: the highest wins, whatever the order.
      assert.deepEqual((await post('zhangwei', { site: SITE, events: [at(6, 15_000), at(4, 11_000), at(5, 13_000)] })).json(), { accepted: 1, ignored: 2 });
      const row = await segment(id);
      assert.deepEqual([row?.seq, row?.active_ms, row?.visible_ms, row?.max_depth], [6, 15_000, 16_000, 0.6]);
      // The statistics hold the segment once, with its latest values.
      const stats = await docStats(path);
      assert.deepEqual([stats.views, stats.readers, stats.activeMsTotal], [1, 1, 15_000]);
    });

    it("never lets another reader take over a segment: the same id from another reader is a segment of theirs", async () => {
      const e = event({ path: '/handbook/mine' });
      await post('zhangwei', { site: SITE, events: [e] });
      const other = await post('lina', { site: SITE, events: [{ ...e, seq: 99, activeMs: 3_000, visibleMs: 3_000 }] });
      assert.deepEqual(other.json(), { accepted: 1, ignored: 0 });
      const rows = (await segments()).filter((s) => s.segment === e.segment).map((r) => [r.userid, r.seq, r.active_ms]);
      assert.deepEqual(rows.sort(), [
        ['lina', 99, 3_000],
        ['zhangwei', 1, 20_000],
      ]);
      const stats = await docStats('/handbook/mine');
      assert.deepEqual([stats.views, stats.readers, stats.activeMsTotal], [2, 2, 23_000]);
      // Nor move it to another document.
      assert.deepEqual((await post('zhangwei', { site: SITE, events: [{ ...e, seq: 2, path: '/handbook/other' }] })).json(), { accepted: 0, ignored: 1 });
    });

    it('a segment becomes a view when it reaches 1 s of active time, and counts once', async () => {
      const path = '/handbook/views';
      const id = segmentId();
      await post('lina', { site: SITE, events: [event({ segment: id, path, seq: 1, activeMs: 400, visibleMs: 400 })] });
      let stats = await docStats(path);
      assert.deepEqual([stats.views, stats.readers, stats.activeMsTotal], [0, 0, 0], 'not a view yet');
      await post('lina', { site: SITE, events: [event({ segment: id, path, seq: 2, activeMs: 1_000, visibleMs: 1_200 })] });
      stats = await docStats(path);
      assert.deepEqual([stats.views, stats.readers, stats.activeMsTotal], [1, 1, 1_000]);
      await post('lina', { site: SITE, events: [event({ segment: id, path, seq: 3, activeMs: 4_000, visibleMs: 5_000, completed: true })] });
      stats = await docStats(path);
      assert.deepEqual([stats.views, stats.readers, stats.activeMsTotal, stats.completionRate], [1, 1, 4_000, 1]);
    });

    it('concurrent requests are written in few transactions, each answered after its commit, nothing lost', async () => {
      const path = '/handbook/concurrent';
      const before = h.services.reading.stats.batches;
      const users = ['zhangwei', 'lina', ADMIN];
      const responses = await Promise.all(
        Array.from({ length: 30 }, (_, i) => post(users[i % 3]!, { site: SITE, events: [event({ path, activeMs: 2_000, visibleMs: 2_000 }), event({ path, activeMs: 3_000, visibleMs: 3_000 })] })),
      );
      assert.ok(responses.every((r) => r.statusCode === 202 && r.json<EventsResponse>().accepted === 2));
      const batches = h.services.reading.stats.batches - before;
      assert.ok(batches < 30, `30 requests in ${batches} transactions`);
      const stats = await docStats(path);
      assert.deepEqual([stats.views, stats.readers, stats.activeMsTotal], [60, 3, 150_000]);
    });
  });

  describe('statistics read their writes', () => {
    it('statistics asked right after a 202 count its events, folded from the journal for the question', async () => {
      const path = '/handbook/read-your-writes';
      const e = event({ path, activeMs: 7_000, visibleMs: 8_000 });
      assert.equal((await post('lina', { site: SITE, events: [e] })).statusCode, 202);
      // The harness folds in no background: the event waits in the journal for the statistics.
      assert.ok((await countRows()).journal > 0);
      const stats = await docStats(path);
      assert.deepEqual([stats.views, stats.readers, stats.activeMsTotal], [1, 1, 7_000]);
      assert.equal((await countRows()).journal, 0);
      const top = (
        await h.app.inject({ method: 'GET', url: `/v1/sites/${SITE}/stats/top?prefix=${encodeURIComponent('/handbook/read-your')}`, headers: { authorization: `Bearer ${await token(ADMIN)}` } })
      ).json<{ docs: Array<{ path: string; views: number }> }>();
      assert.deepEqual(top.docs.map((d) => [d.path, d.views]), [[path, 1]]);
      // A second report of the segment is there for the next question too.
      await post('lina', { site: SITE, events: [{ ...e, seq: 2, activeMs: 9_000, visibleMs: 9_500 }] });
      assert.equal((await docStats(path)).activeMsTotal, 9_000);
    });
  });

  describe('clock and bounds', () => {
    it('corrects the start for the client\'s skew and clamps visible time to the wall time (+5 s) and active to visible', async () => {
      // The client's clock is an hour behind; by it the segment started 60 s before sending.
      const clientNow = Date.now() - 3_600_000;
      const e = event({ startedAt: clientNow - 60_000, visibleMs: 120_000, activeMs: 200_000 });
      await post('zhangwei', { site: SITE, events: [e], sentAt: clientNow });
      const row = (await segment(e.segment))!;
      assert.ok(Math.abs(row.started_at - (Date.now() - 60_000)) < 5_000, `started ${Date.now() - row.started_at} ms ago`);
      assert.equal(row.visible_ms, 65_000, 'wall time 60 s + 5 s');
      assert.equal(row.active_ms, 65_000, 'never more than visible');
    });

    it('keeps values within the bounds as sent', async () => {
      const sentAt = Date.now();
      const e = event({ startedAt: sentAt - 60_000, visibleMs: 64_000, activeMs: 50_000 });
      await post('zhangwei', { site: SITE, events: [e], sentAt });
      const row = (await segment(e.segment))!;
      assert.deepEqual([row.visible_ms, row.active_ms], [64_000, 50_000]);
    });

    it('clamps a start in the future to now, and its time to the tolerance', async () => {
      const e = event({ startedAt: Date.now() + 86_400_000, visibleMs: 30_000, activeMs: 30_000 });
      const before = Date.now();
      await post('zhangwei', { site: SITE, events: [e] });
      const row = (await segment(e.segment))!;
      assert.ok(row.started_at >= before && row.started_at <= Date.now(), 'now on the server');
      assert.equal(row.visible_ms, 5_000, 'no wall time: only the tolerance');
    });
  });

  describe('permissions and the catalogue', () => {
    it('ignores events for pages the reader may not read, and keeps the rest of the request', async () => {
      const allowed = event({ path: '/handbook/ok' });
      const vault = await post('zhangwei', { site: 'vault', events: [event({ path: '/secret/plan' })] });
      assert.deepEqual(vault.json(), { accepted: 0, ignored: 1 });
      await h.app.inject({ method: 'PUT', url: `/v1/sites/${SITE}/restrictions`, headers: { authorization: `Bearer ${await token(ADMIN)}` }, payload: { path: '/board/', restricted: true } });
      const mixed = await post('zhangwei', { site: SITE, events: [allowed, event({ path: '/board/minutes', title: 'Board minutes' })] });
      assert.deepEqual(mixed.json(), { accepted: 1, ignored: 1 });
      assert.ok(await segment(allowed.segment));
      assert.equal((await segments()).filter((s) => s.path.startsWith('/board/') || s.site_id === 'vault').length, 0);
      const docs = await h.db.database.db.selectFrom('documents').select('path').where('path', '=', '/board/minutes').execute();
      assert.deepEqual(docs, [], 'a refused page is not catalogued');
    });

    it('catalogues a document on its first view with its title, updates a changed title, never erases one', async () => {
      const path = '/handbook/catalogued';
      const title = async () =>
        (await h.db.database.db.selectFrom('documents').select(['title', 'source']).where('site_id', '=', SITE).where('path', '=', path).executeTakeFirst()) ?? null;
      assert.equal(await title(), null);
      await post('zhangwei', { site: SITE, events: [event({ path: 'https://docs.acme.test/handbook/catalogued?utm=x#top', title: ' 入职指南 ' })] });
      assert.deepEqual(await title(), { title: '入职指南', source: 'view' });
      await post('lina', { site: SITE, events: [event({ path })] });
      assert.deepEqual(await title(), { title: '入职指南', source: 'view' }, 'no title: the known one stays');
      await post('lina', { site: SITE, events: [event({ path, title: '入职指南 (2027)' })] });
      assert.equal((await title())?.title, '入职指南 (2027)');
      const readable = await h.app.inject({ method: 'GET', url: `/v1/sites/${SITE}/readable?prefix=/handbook/`, headers: { authorization: `Bearer ${await token('lina')}` } });
      assert.ok(readable.json<{ docs: Array<{ path: string; title: string }> }>().docs.some((d) => d.path === path && d.title === '入职指南 (2027)'));
    });
  });
});
