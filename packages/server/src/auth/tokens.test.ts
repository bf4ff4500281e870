import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT, createLocalJWKSet, importJWK, jwtVerify, type JWK } from 'jose';
import { loadConfig, type Config } from '../config.js';
import { migrateToLatest } from '../db/migrate.js';
import { ApiError } from '../errors.js';
import { listSigningKeys } from '../store/signing-keys.js';
import { syncConfiguration } from '../store/tenants.js';
import { testDatabase, type TestDatabase } from '../testing/db.js';
import { testConfigValue } from '../testing/harness.js';
import { TokenService } from './tokens.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('TokenService', () => {
  let t: TestDatabase;
  let config: Config;
  let tokens: TokenService;
  const keyOf = async (tenantId: string) => {
    const key = (await listSigningKeys(t.database.db)).find((k) => k.tenantId === tenantId)!;
    return { kid: key.kid, privateKey: await importJWK(JSON.parse(key.privateJwk) as JWK, 'EdDSA') };
  };
  /** a token signed with the tenant's real key, with claims of our choosing */
  const forge = async (
    claims: Record<string, unknown>,
    options: { tenant?: string; header?: Record<string, unknown>; exp?: number } = {},
  ) => {
    const { kid, privateKey } = await keyOf(options.tenant ?? 'acme');
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      tid: 'acme',
      sub: 'zhangwei',
      iss: config.publicUrl,
      aud: config.auth.audience,
      iat: now,
      exp: options.exp ?? now + 900,
      ...claims,
    };
    const jwt = new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid, typ: 'at+jwt', ...options.header });
    return jwt.sign(privateKey);
  };
  const rejects = (token: string, code: string, message?: RegExp) =>
    assert.rejects(tokens.verifyAccessToken(token), (error: unknown) => {
      assert.ok(error instanceof ApiError, String(error));
      assert.equal(error.code, code);
      if (message) assert.match(error.message, message);
      return true;
    });

  before(async () => {
    t = await testDatabase();
    const value = testConfigValue();
    (value.tenants as unknown[]).push({ id: 'globex', name: 'Globex', corpId: 'wwglobex' });
    config = loadConfig({ value, env: {} });
    await migrateToLatest(t.database);
    await syncConfiguration(t.database.db, config);
    tokens = new TokenService(t.database, config);
    await tokens.init();
  });
  after(() => t.close());

  it('creates one Ed25519 key per tenant on first start and keeps it in the database', async () => {
    const keys = await listSigningKeys(t.database.db);
    assert.deepEqual(keys.map((k) => k.tenantId).sort(), ['acme', 'globex']);
    assert.ok(keys.every((k) => k.alg === 'EdDSA' && JSON.parse(k.publicJwk).crv === 'Ed25519'));
    const again = new TokenService(t.database, config);
    await again.init();
    assert.equal((await listSigningKeys(t.database.db)).length, 2, 'a restart reuses the keys');
  });

  it('issues a 15-minute token that verifies, with sub, tid, aud, iss', async () => {
    const { token, expiresIn } = await tokens.issueAccessToken({ tenantId: 'acme', userid: 'zhangwei' });
    assert.equal(expiresIn, 900);
    assert.deepEqual(await tokens.verifyAccessToken(token), { tenantId: 'acme', userid: 'zhangwei' });
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    assert.equal(payload.exp - payload.iat, 900);
    assert.equal(payload.aud, 'docgate');
    assert.equal(payload.iss, 'http://docgate.test');
  });

  it('publishes keys in a JWKS that verifies its tokens, without any private part', async () => {
    const { token } = await tokens.issueAccessToken({ tenantId: 'globex', userid: 'u1' });
    const jwks = tokens.jwks();
    assert.equal(jwks.keys.length, 2);
    assert.ok(jwks.keys.every((k) => k.d === undefined && k.kid && k.alg === 'EdDSA' && k.use === 'sig'));
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), { audience: 'docgate' });
    assert.equal(payload.sub, 'u1');
  });

  it('refuses an expired token with token_expired', async () => {
    await rejects(await forge({}, { exp: Math.floor(Date.now() / 1000) - 60 }), 'token_expired');
  });

  it('refuses a tampered payload', async () => {
    const token = await forge({});
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = `${header}.${b64({ ...claims, sub: 'admin1' })}.${signature}`;
    await rejects(tampered, 'token_invalid', /signature/);
  });

  it('refuses alg "none", and an HMAC token keyed with the public key', async () => {
    const { kid } = await keyOf('acme');
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 'admin1', tid: 'acme', aud: 'docgate', iss: config.publicUrl, iat: now, exp: now + 600 };
    await rejects(`${b64({ alg: 'none', typ: 'at+jwt', kid })}.${b64(claims)}.`, 'token_invalid');
    const publicJwk = tokens.jwks().keys.find((k) => k.kid === kid)!;
    const hmac = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid })
      .sign(new TextEncoder().encode(JSON.stringify(publicJwk)));
    await rejects(hmac, 'token_invalid');
  });

  it('refuses a wrong audience, a wrong issuer and a JWT that is not an access token', async () => {
    await rejects(await forge({ aud: 'another-service' }), 'token_invalid', /aud/);
    await rejects(await forge({ iss: 'https://evil.example' }), 'token_invalid', /iss/);
    await rejects(await forge({}, { header: { typ: 'JWT' } }), 'token_invalid');
  });

  it('refuses a token whose tid names another tenant than the key that signed it', async () => {
    await rejects(await forge({ tid: 'acme' }, { tenant: 'globex' }), 'token_invalid', /tenant/);
  });

  it('refuses an unknown key id and a token without a tenant', async () => {
    await rejects(await forge({}, { header: { kid: 'nope' } }), 'token_invalid', /unknown key/);
    await rejects(await forge({ tid: undefined }), 'token_invalid');
    await rejects('not.a.jwt', 'token_invalid');
  });

  it('a second replica on the same database verifies tokens the first one issued', async () => {
    const replica = new TokenService(t.database, config);
    await replica.init();
    const { token } = await tokens.issueAccessToken({ tenantId: 'acme', userid: 'zhangwei' });
    assert.deepEqual(await replica.verifyAccessToken(token), { tenantId: 'acme', userid: 'zhangwei' });
    const back = await replica.issueAccessToken({ tenantId: 'globex', userid: 'x' });
    assert.equal((await tokens.verifyAccessToken(back.token)).userid, 'x');
  });
});

describe('TokenService, replicas starting together on an empty database', () => {
  it('agree on one key per tenant, so each verifies the tokens of the other at once', async () => {
    const t = await testDatabase();
    try {
      const config = loadConfig({ value: testConfigValue(), env: {} });
      await migrateToLatest(t.database);
      await syncConfiguration(t.database.db, config);
      const [a, b] = [new TokenService(t.database, config), new TokenService(t.database, config)];
      // Both find no key, both make one: the database keeps the first.
      await Promise.all([a.init(), b.init()]);
      const keys = await listSigningKeys(t.database.db);
      assert.equal(keys.filter((k) => k.tenantId === 'acme' && k.retiredAt === null).length, 1);
      const fromA = await a.issueAccessToken({ tenantId: 'acme', userid: 'zhangwei' });
      const fromB = await b.issueAccessToken({ tenantId: 'acme', userid: 'lina' });
      assert.equal((await b.verifyAccessToken(fromA.token)).userid, 'zhangwei');
      assert.equal((await a.verifyAccessToken(fromB.token)).userid, 'lina');
    } finally {
      await t.close();
    }
  });

  it('a database where such a race left two keys keeps the oldest and retires the other, whose tokens still verify', async () => {
    const t = await testDatabase();
    try {
      const config = loadConfig({ value: testConfigValue(), env: {} });
      await migrateToLatest(t.database, '0010_reading_segments_per_reader');
      await syncConfiguration(t.database.db, config);
      const first = new TokenService(t.database, config);
      await first.init();
      const [oldest] = await listSigningKeys(t.database.db);
      // A second key, as the other replica of a race wrote it before migration 0011.
      await t.database.db
        .insertInto('signing_keys')
        .values({ tenant_id: 'acme', kid: 'zz-raced-key', alg: oldest!.alg, public_jwk: oldest!.publicJwk, private_jwk: oldest!.privateJwk, created_at: oldest!.createdAt + 5, retired_at: null })
        .execute();
      await migrateToLatest(t.database);
      const keys = await listSigningKeys(t.database.db);
      assert.deepEqual(
        keys.filter((k) => k.tenantId === 'acme').map((k) => [k.kid, k.retiredAt === null]),
        [
          [oldest!.kid, true],
          ['zz-raced-key', false],
        ],
      );
      const restarted = new TokenService(t.database, config);
      await restarted.init();
      assert.equal((await listSigningKeys(t.database.db)).filter((k) => k.retiredAt === null).length, 1, 'no new key was made');
      const { token } = await restarted.issueAccessToken({ tenantId: 'acme', userid: 'zhangwei' });
      assert.equal(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid, oldest!.kid);
      // A token the retired key signed before the migration is still good until it expires.
      const now = Math.floor(Date.now() / 1000);
      const earlier = await new SignJWT({ tid: 'acme', sub: 'lina', iss: config.publicUrl, aud: config.auth.audience, iat: now, exp: now + 900 })
        .setProtectedHeader({ alg: 'EdDSA', kid: 'zz-raced-key', typ: 'at+jwt' })
        .sign(await importJWK(JSON.parse(oldest!.privateJwk) as JWK, 'EdDSA'));
      assert.equal((await restarted.verifyAccessToken(earlier)).userid, 'lina');
    } finally {
      await t.close();
    }
  });
});
