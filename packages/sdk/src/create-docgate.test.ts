import { expect } from '@open-wc/testing';
import type { SessionUser } from '@docgate/protocol';
import { createDocgate, devSignIn, HttpError } from './index.js';
import { recordFetches, server, site, storageKey, setUpSecretFolder, storeSession, tokensFor } from './testing/helpers.js';

const refreshWith = (refresh_token: string) =>
  fetch(`${server}/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'refresh_token', refresh_token }),
  });
const stored = () => JSON.parse(localStorage.getItem(storageKey()) ?? 'null');

describe('createDocgate: identity and tokens', () => {
  before(setUpSecretFolder);
  beforeEach(() => localStorage.clear());

  it('signs in through its strategy and keeps the tokens per site, for every tab', async () => {
    const docgate = createDocgate({ server, site, signIn: devSignIn({ userid: 'zhangwei' }) });
    expect(docgate.user()).to.equal(null);
    const user = await docgate.signIn();
    expect(user.id).to.equal('zhangwei');
    expect(stored().user.name).to.equal('张伟');
    const otherTab = createDocgate({ server, site });
    expect(otherTab.user()?.id).to.equal('zhangwei', 'a second client of the same site shares the sign-in');
    const otherSite = createDocgate({ server, site: 'handbook' });
    expect(otherSite.user()).to.equal(null, 'another site has its own tokens');
  });

  it('refreshes the access token before it expires, once', async () => {
    const before = await storeSession('zhangwei', { expiresAt: Date.now() + 30_000 });
    const fetches = recordFetches();
    try {
      const docgate = createDocgate({ server, site });
      const decision = await docgate.check('/open/a.html');
      expect(decision.allowed).to.be.true;
      expect(fetches.calls.map((c) => `${c.path} ${c.status}`)).to.deep.equal(['/v1/auth/token 200', '/v1/check 200']);
      expect(stored().refreshToken).not.to.equal(before.refreshToken);
      expect(stored().expiresAt).to.be.greaterThan(Date.now() + 10 * 60_000);
    } finally {
      fetches.restore();
    }
  });

  it('on a 401, refreshes once and sends the request again', async () => {
    await storeSession('zhangwei', { accessToken: 'not-a-token' });
    const fetches = recordFetches();
    try {
      const decision = await createDocgate({ server, site }).check('/open/b.html');
      expect(decision.allowed).to.be.true;
      expect(fetches.calls.map((c) => `${c.path} ${c.status}`)).to.deep.equal(['/v1/check 401', '/v1/auth/token 200', '/v1/check 200']);
    } finally {
      fetches.restore();
    }
  });

  it('two tabs needing a refresh at once refresh once, so the rotating token is never presented twice', async () => {
    const session = await storeSession('zhangwei', { expiresAt: Date.now() + 5_000 });
    const fetches = recordFetches();
    try {
      const [tabA, tabB] = [createDocgate({ server, site }), createDocgate({ server, site })];
      const [a, b] = await Promise.all([tabA.check('/open/c.html'), tabB.check('/open/d.html')]);
      expect(a.allowed && b.allowed).to.be.true;
      expect(fetches.calls.filter((c) => c.path === '/v1/auth/token').length).to.equal(1);
    } finally {
      fetches.restore();
    }
    // The session was not revoked as a reuse: the new refresh token works, the old one is spent.
    expect((await refreshWith(stored().refreshToken)).status).to.equal(200);
    expect((await refreshWith(session.refreshToken)).status).to.equal(401);
  });

  it('token(): the current access token, refreshed when about to expire or when asked to', async () => {
    const session = await storeSession('zhangwei');
    const fetches = recordFetches();
    try {
      const docgate = createDocgate({ server, site });
      expect(await docgate.token()).to.equal(session.accessToken);
      expect(fetches.calls).to.deep.equal([], 'a fresh token is at hand at once');
      const refreshed = await docgate.token({ refresh: true });
      expect(refreshed).to.equal(stored().accessToken);
      expect(stored().refreshToken).not.to.equal(session.refreshToken, 'refreshed although not expired: the server refused it');
      expect(fetches.calls.map((c) => `${c.path} ${c.status}`)).to.deep.equal(['/v1/auth/token 200']);
      await storeSession('zhangwei', { expiresAt: Date.now() + 10_000 });
      const expiring = createDocgate({ server, site });
      expect(await expiring.token()).to.equal(stored().accessToken);
      expect(fetches.calls.map((c) => c.path).slice(1)).to.deep.equal(['/v1/auth/dev-login', '/v1/auth/token'], 'about to expire: refreshed first');
      await expiring.signOut();
      expect(await expiring.token()).to.equal(null);
    } finally {
      fetches.restore();
    }
  });

  it('when the refresh is refused, the reader is signed out and listeners hear it', async () => {
    const session = await storeSession('zhangwei', { expiresAt: Date.now() + 1_000 });
    expect((await refreshWith(session.refreshToken)).status).to.equal(200); // spent elsewhere
    const docgate = createDocgate({ server, site });
    const heard: Array<SessionUser | null> = [];
    docgate.on('user', (user) => heard.push(user));
    let failure: unknown;
    await docgate.check('/open/e.html').catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(HttpError);
    expect(docgate.user()).to.equal(null);
    expect(heard).to.deep.equal([null]);
    expect(localStorage.getItem(storageKey())).to.equal(null);
  });

  it('caches decisions for the page and asks again once the token changes', async () => {
    await storeSession('zhangwei');
    const docgate = createDocgate({ server, site });
    const fetches = recordFetches();
    try {
      await docgate.check('/open/f.html');
      await docgate.check('/open/f.html?x=1#y');
      await docgate.check(`${location.origin}//open//f.html`);
      expect(fetches.calls.filter((c) => c.path === '/v1/check').length).to.equal(1, 'one normalized path, one request');
      await docgate.check('/open/index.html');
      await docgate.check('/open/');
      expect(fetches.calls.filter((c) => c.path === '/v1/check').length).to.equal(2);
      await storeSession('zhangwei');
      window.dispatchEvent(new StorageEvent('storage', { key: storageKey() }));
      await docgate.check('/open/f.html');
      expect(fetches.calls.filter((c) => c.path === '/v1/check').length).to.equal(3, 'a new token, a new decision');
    } finally {
      fetches.restore();
    }
  });

  it('hears a sign-in and a sign-out made in another tab', async () => {
    const docgate = createDocgate({ server, site });
    const heard: Array<string | null> = [];
    docgate.on('user', (user) => heard.push(user?.id ?? null));
    await storeSession('chenjing');
    window.dispatchEvent(new StorageEvent('storage', { key: storageKey() }));
    localStorage.removeItem(storageKey());
    window.dispatchEvent(new StorageEvent('storage', { key: storageKey() }));
    expect(heard).to.deep.equal(['chenjing', null]);
  });

  it('signing out revokes the session on the server', async () => {
    await storeSession('zhangwei');
    const { refreshToken } = stored();
    const docgate = createDocgate({ server, site });
    await docgate.signOut();
    expect(docgate.user()).to.equal(null);
    expect((await refreshWith(refreshToken)).status).to.equal(401);
  });

  it('calls any route with the token, and lists what the reader may open', async () => {
    const { access_token } = await tokensFor('admin1');
    await fetch(`${server}/v1/sites/${site}/catalog`, {
      method: 'POST',
      headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ docs: [{ path: '/open/listed.html', title: 'Listed' }, { path: '/secret/hidden.html', title: 'Hidden' }] }),
    });
    await storeSession('zhangwei');
    const docgate = createDocgate({ server, site });
    const docs = await docgate.readable('/');
    expect(docs.map((d) => d.path)).to.include('/open/listed.html');
    expect(docs.map((d) => d.path)).not.to.include('/secret/hidden.html');
    const results = await docgate.checkMany(['/open/x', '/secret/y']);
    expect(results.map((r) => r.allowed)).to.deep.equal([true, false]);
    let refused: unknown;
    await docgate.request('GET', 'v1/directory/tags').catch((error: unknown) => (refused = error));
    expect(refused).to.be.instanceOf(HttpError);
    expect((refused as HttpError).code).to.equal('admin_required');
  });
});
