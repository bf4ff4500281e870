import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ErrorBody } from '@docgate/protocol';
import { harness, SITE_ORIGIN, type Harness } from './testing/harness.js';
import type { FastifyRequest } from 'fastify';
import { requestForLog } from './app.js';

describe('origin policy and CORS', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(() => h.close());

  const preflight = (origin: string) =>
    h.app.inject({
      method: 'OPTIONS',
      url: '/v1/auth/token',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });

  it("answers a preflight from a site's origin with CORS headers for that origin only", async () => {
    const response = await preflight(SITE_ORIGIN);
    assert.equal(response.statusCode, 204);
    assert.equal(response.headers['access-control-allow-origin'], SITE_ORIGIN);
    assert.match(String(response.headers['access-control-allow-headers']), /Authorization/i);
    assert.equal(response.headers['access-control-allow-credentials'], undefined, 'no cookies are involved');
    assert.match(String(response.headers['access-control-allow-methods']), /POST/);
    assert.equal(response.headers['access-control-max-age'], '600');
    const simple = await h.app.inject({ method: 'GET', url: '/healthz', headers: { origin: SITE_ORIGIN } });
    assert.equal(simple.headers['access-control-allow-origin'], SITE_ORIGIN);
    assert.match(String(simple.headers.vary), /Origin/i);
    assert.match(String(simple.headers['access-control-expose-headers']), /X-Request-Id/, 'the SDK may read the request id of an error');
    const none = await h.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(none.headers['access-control-allow-origin'], undefined, 'no CORS headers without an Origin');
  });

  it('refuses an unknown origin with 403 origin_not_allowed and no CORS headers, preflight or not', async () => {
    for (const origin of ['https://evil.example', 'https://docs.acme.test.evil.example', 'http://docs.acme.test', 'null']) {
      const response = await preflight(origin);
      assert.equal(response.statusCode, 403, origin);
      assert.equal(response.headers['access-control-allow-origin'], undefined, origin);
      assert.equal(response.json<ErrorBody>().error.code, 'origin_not_allowed');
      const post = await h.app.inject({
        method: 'POST',
        url: '/v1/auth/dev-login',
        headers: { origin, 'content-type': 'text/plain' },
        payload: '{"userid":"admin1"}',
      });
      assert.equal(post.statusCode, 403, `a simple POST from ${origin} never runs`);
    }
  });

  it("allows the server's own origin and requests without an Origin (server to server, navigations)", async () => {
    const own = await h.app.inject({ method: 'GET', url: '/healthz', headers: { origin: 'http://docgate.test' } });
    assert.equal(own.statusCode, 200);
    assert.equal((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  });
});

describe('errors', () => {
  let h: Harness;
  before(async () => {
    h = await harness({ server: { host: '127.0.0.1', port: 0, publicUrl: 'http://docgate.test', bodyLimitBytes: 2048 } });
    h.app.get('/test/boom', async () => {
      throw new Error('database password is hunter2');
    });
  });
  after(() => h.close());

  it('an unknown route answers 404 not_found in the error shape', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/v1/nothing?x=1' });
    assert.equal(response.statusCode, 404);
    assert.deepEqual(response.json(), { error: { code: 'not_found', message: 'no route GET /v1/nothing' } });
  });

  it('malformed JSON answers 400 invalid_json; a wrong shape 400 invalid_request naming the field', async () => {
    const broken = await h.app.inject({ method: 'POST', url: '/v1/auth/logout', headers: { 'content-type': 'application/json' }, payload: '{"refresh_token":' });
    assert.equal(broken.statusCode, 400);
    assert.equal(broken.json<ErrorBody>().error.code, 'invalid_json');
    const empty = await h.app.inject({ method: 'POST', url: '/v1/auth/logout', headers: { 'content-type': 'application/json' }, payload: '' });
    assert.equal(empty.statusCode, 400);
    const shape = await h.app.inject({ method: 'POST', url: '/v1/auth/logout', payload: { refresh_token: 42 } });
    assert.equal(shape.statusCode, 400);
    const { error } = shape.json<ErrorBody>();
    assert.equal(error.code, 'invalid_request');
    assert.match(error.message, /refresh_token/);
  });

  it('a body over the limit answers 413 payload_too_large', async () => {
    const response = await h.app.inject({ method: 'POST', url: '/v1/auth/logout', payload: { refresh_token: 'x'.repeat(4000) } });
    assert.equal(response.statusCode, 413);
    assert.equal(response.json<ErrorBody>().error.code, 'payload_too_large');
  });

  it('an unsupported content type answers 415', async () => {
    const response = await h.app.inject({ method: 'POST', url: '/v1/auth/logout', headers: { 'content-type': 'application/xml' }, payload: '<x/>' });
    assert.equal(response.statusCode, 415);
    assert.equal(response.json<ErrorBody>().error.code, 'unsupported_media_type');
  });

  it('an unexpected failure answers 500 internal_error with the request id, never the message or a stack', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/test/boom' });
    assert.equal(response.statusCode, 500);
    const { error } = response.json<ErrorBody>();
    assert.equal(error.code, 'internal_error');
    assert.ok(error.message.includes(String(response.headers['x-request-id'])));
    assert.ok(!response.body.includes('hunter2'));
    assert.ok(!/\bat \S+ \(/.test(response.body), 'no stack frames');
  });

  it('request logs mask credentials in the URL (WeCom codes, states, signatures)', () => {
    const logged = requestForLog({
      method: 'GET',
      url: '/v1/auth/wecom/callback?code=WECOMCODE&state=0123abcd&x=1',
      host: 'docgate.test',
      ip: '10.0.0.1',
      socket: { remotePort: 4242 },
    } as unknown as FastifyRequest);
    assert.deepEqual(logged, { method: 'GET', url: '/v1/auth/wecom/callback?code=***&state=***&x=1', host: 'docgate.test', remoteAddress: '10.0.0.1', remotePort: 4242 });
    assert.equal(requestForLog({ method: 'GET', url: '/v1/wecom/callback?msg_signature=abc&timestamp=1&echostr=xyz', socket: null } as unknown as FastifyRequest).url, '/v1/wecom/callback?msg_signature=***&timestamp=1&echostr=***');
  });

  it('every answer carries a request id', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/healthz' });
    assert.match(String(response.headers['x-request-id']), /^[0-9a-f]{16}$/);
  });
});

describe('health', () => {
  it('/healthz is live; /readyz is ready only when started, with the database up, and not draining', async () => {
    const h = await harness();
    try {
      assert.deepEqual((await h.app.inject({ method: 'GET', url: '/healthz' })).json(), { status: 'ok' });
      assert.deepEqual((await h.app.inject({ method: 'GET', url: '/readyz' })).json(), { status: 'ready' });
      h.services.lifecycle.draining = true;
      const draining = await h.app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(draining.statusCode, 503);
      assert.equal(draining.json<ErrorBody>().error.code, 'unavailable');
      h.services.lifecycle.draining = false;
      await h.db.database.close();
      const down = await h.app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(down.statusCode, 503);
      assert.match(down.json<ErrorBody>().error.message, /database/);
    } finally {
      await h.app.close();
      await h.db.close().catch(() => {});
    }
  });
});

describe('GET /sdk/docgate.js', () => {
  it('serves the built script-tag SDK, gzip-compressed when accepted, revalidated by ETag', async () => {
    const h = await harness();
    try {
      const plain = await h.app.inject({ method: 'GET', url: '/sdk/docgate.js' });
      assert.equal(plain.statusCode, 200);
      assert.match(String(plain.headers['content-type']), /^text\/javascript/);
      assert.match(String(plain.headers['cache-control']), /max-age=300/);
      assert.match(plain.body, /data-site/);
      const zipped = await h.app.inject({ method: 'GET', url: '/sdk/docgate.js', headers: { 'accept-encoding': 'gzip, br' } });
      assert.equal(zipped.headers['content-encoding'], 'gzip');
      assert.ok(zipped.rawPayload.length < plain.rawPayload.length / 2);
      const again = await h.app.inject({ method: 'GET', url: '/sdk/docgate.js', headers: { 'if-none-match': String(plain.headers.etag) } });
      assert.equal(again.statusCode, 304);
      assert.equal((await h.app.inject({ method: 'GET', url: '/sdk/docgate.js.map' })).statusCode, 200);
      const watermark = await h.app.inject({ method: 'GET', url: '/sdk/docgate-watermark.js' });
      assert.equal(watermark.statusCode, 200, 'the watermark, which docgate.js loads for pages that ask');
      assert.match(watermark.body, /"watermark"/);
      const elements = await h.app.inject({ method: 'GET', url: '/sdk/docgate-elements.js' });
      assert.equal(elements.headers['cache-control'], 'no-cache', 'an entry never outlives the chunks it names');
      assert.equal(elements.statusCode, 200, 'the admin components');
      assert.match(elements.body, /dg-permission-editor|dg-directory-sync/);
      const other = await h.app.inject({ method: 'GET', url: '/sdk/../package.json' });
      assert.equal(other.statusCode, 404);
      assert.equal((await h.app.inject({ method: 'GET', url: '/sdk/secrets.js' })).statusCode, 404);
      assert.equal((await h.app.inject({ method: 'GET', url: '/sdk/constructor' })).statusCode, 404, 'no property of a plain object');
    } finally {
      await h.close();
    }
  });

  it("serves the elements' chunks the bundle imports (its words, a language each), cached for good, and nothing else", async () => {
    const h = await harness();
    try {
      const entry = await h.app.inject({ method: 'GET', url: '/sdk/docgate-elements.js', headers: { origin: SITE_ORIGIN } });
      assert.equal(entry.statusCode, 200);
      assert.equal(entry.headers['access-control-allow-origin'], SITE_ORIGIN);
      const chunk = /import\("\.\/chunks\/(words-zh-CN-[\w-]+\.js)"\)/.exec(entry.body)?.[1];
      assert.ok(chunk, 'the entry imports the Chinese words from chunks/');
      const words = await h.app.inject({ method: 'GET', url: `/sdk/chunks/${chunk}`, headers: { origin: SITE_ORIGIN } });
      assert.equal(words.statusCode, 200);
      assert.match(String(words.headers['content-type']), /^text\/javascript/);
      assert.match(String(words.headers['cache-control']), /immutable/);
      assert.equal(words.headers['access-control-allow-origin'], SITE_ORIGIN, 'a module imported from another origin needs CORS too');
      assert.match(String(words.headers.vary), /Origin/);
      assert.match(String(words.headers.vary), /Accept-Encoding/);
      assert.match(words.body, /阅读统计/);
      const zipped = await h.app.inject({ method: 'GET', url: `/sdk/chunks/${chunk}`, headers: { 'accept-encoding': 'gzip' } });
      assert.equal(zipped.headers['content-encoding'], 'gzip');
      const again = await h.app.inject({ method: 'GET', url: `/sdk/chunks/${chunk}`, headers: { 'if-none-match': String(words.headers.etag) } });
      assert.equal(again.statusCode, 304);
      assert.equal((await h.app.inject({ method: 'GET', url: `/sdk/chunks/${chunk}.map` })).statusCode, 200, 'its source map');

      assert.equal((await h.app.inject({ method: 'GET', url: '/sdk/chunks/words-zh-CN-00000000.js' })).statusCode, 404, 'an unknown chunk');
      for (const url of ['/sdk/chunks/..%2Fdocgate-elements.js', '/sdk/chunks/..%2F..%2Fpackage.json', '/sdk/chunks/%2E%2E', '/sdk/chunks/__proto__']) {
        assert.equal((await h.app.inject({ method: 'GET', url })).statusCode, 404, url);
      }
    } finally {
      await h.close();
    }
  });
});
