import { expect } from '@open-wc/testing';
import { createHttp, HttpError } from './http.js';

/** Answers from a list, one per request, recording what was asked. */
function scripted(answers: Array<Response | Error>) {
  const original = window.fetch;
  const seen: string[] = [];
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname} ${new Headers(init?.headers).get('authorization') ?? '-'}`);
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    if (next instanceof Error) throw next;
    return next;
  };
  return { seen, restore: () => (window.fetch = original) };
}
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('createHttp', () => {
  it('retries network errors and 5xx, honouring Retry-After, then succeeds', async () => {
    const fake = scripted([new TypeError('Failed to fetch'), json(503, {}, { 'retry-after': '1' }), json(200, { ok: 1 })]);
    try {
      const started = performance.now();
      expect(await createHttp('https://dg.test')('v1/x')).to.deep.equal({ ok: 1 });
      expect(fake.seen.length).to.equal(3);
      expect(performance.now() - started).to.be.greaterThan(900, 'waited as Retry-After asked');
    } finally {
      fake.restore();
    }
  });

  it('gives up after two retries and reports the API error', async () => {
    const fake = scripted([json(500, {}), json(502, {}), json(503, { error: { code: 'unavailable', message: 'down' } })]);
    try {
      let failure: unknown;
      await createHttp('https://dg.test')('v1/x').catch((e: unknown) => (failure = e));
      expect(failure).to.be.instanceOf(HttpError);
      expect((failure as HttpError).status).to.equal(503);
      expect((failure as HttpError).code).to.equal('unavailable');
    } finally {
      fake.restore();
    }
  });

  it('does not retry a 4xx other than 408 and 429', async () => {
    const fake = scripted([json(403, { error: { code: 'manage_required', message: 'no' } })]);
    try {
      let failure: unknown;
      await createHttp('https://dg.test')('v1/x', { method: 'POST', json: {} }).catch((e: unknown) => (failure = e));
      expect((failure as HttpError).code).to.equal('manage_required');
      expect((failure as HttpError).details).to.equal(undefined);
      expect(fake.seen.length).to.equal(1);
    } finally {
      fake.restore();
    }
  });

  it("keeps the error's details (a refused import's line-numbered errors)", async () => {
    const details = { errors: [{ line: 3, code: 'invalid_account', message: 'bad' }], errorCount: 1 };
    const fake = scripted([json(400, { error: { code: 'invalid_csv', message: '1 error', details } })]);
    try {
      let failure: unknown;
      await createHttp('https://dg.test')('v1/x', { method: 'POST', body: 'a,b' }).catch((e: unknown) => (failure = e));
      expect((failure as HttpError).details).to.deep.equal(details);
    } finally {
      fake.restore();
    }
  });

  it('sends the token, refreshes once on a 401, and not twice', async () => {
    let token = 'old';
    let refreshes = 0;
    const auth = { token: async () => token, refresh: async () => ((refreshes++, (token = 'new'))) };
    const fake = scripted([json(401, {}), json(200, { ok: 2 }), json(401, {}), json(401, {})]);
    try {
      const http = createHttp('https://dg.test', auth);
      expect(await http('v1/a')).to.deep.equal({ ok: 2 });
      expect(fake.seen).to.deep.equal(['GET /v1/a Bearer old', 'GET /v1/a Bearer new']);
      let failure: unknown;
      await http('v1/b').catch((e: unknown) => (failure = e));
      expect((failure as HttpError).status).to.equal(401);
      expect(refreshes).to.equal(2, 'one refresh per request, not a loop');
    } finally {
      fake.restore();
    }
  });

  it('sends JSON and query parameters, and reads 204 as nothing', async () => {
    const original = window.fetch;
    let seen: { url: string; body: unknown; type: string | null } | undefined;
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      seen = { url: String(input), body: init?.body, type: new Headers(init?.headers).get('content-type') };
      return new Response(null, { status: 204 });
    };
    try {
      expect(await createHttp('https://dg.test/')('v1/y', { method: 'DELETE', json: { a: 1 }, searchParams: { q: '张 伟' } })).to.equal(undefined);
      expect(seen).to.deep.equal({ url: 'https://dg.test/v1/y?q=%E5%BC%A0+%E4%BC%9F', body: '{"a":1}', type: 'application/json' });
    } finally {
      window.fetch = original;
    }
  });
});
