import { createHash, randomBytes, type webcrypto } from 'node:crypto';
import {
  SignJWT,
  errors as joseErrors,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  type JWK,
  type JWTHeaderParameters,
} from 'jose';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { ApiError } from '../errors.js';
import { BoundedMap } from '../lib/bounded-map.js';
import { insertSigningKey, listSigningKeys, type SigningKeyRecord } from '../store/signing-keys.js';

/** Who a verified access token speaks for. */
export interface Identity {
  tenantId: string;
  userid: string;
}

interface LoadedKey {
  tenantId: string;
  kid: string;
  publicJwk: JWK;
  publicKey: webcrypto.CryptoKey;
  privateKey: webcrypto.CryptoKey;
  retired: boolean;
}

const ALG = 'EdDSA';
// RFC 9068: access tokens say what they are, so an ID token or another JWT signed with the same
// key can never pass for one.
const TYP = 'at+jwt';
const CLOCK_TOLERANCE_S = 5;
const RELOAD_INTERVAL_MS = 10_000;

/**
 * Signs and verifies access tokens. Each tenant has its own Ed25519 key, created on first
 * start and kept in the database, so that every replica signs and verifies with the same keys;
 * a token whose key belongs to another tenant than its `tid` claim is refused.
 */
export class TokenService {
  #keys = new Map<string, LoadedKey>();
  #lastReload = 0;
  /**
   * Tokens whose signature and claims were verified, until they expire. A client sends the same
   * token for its whole 15 minutes; an Ed25519 verification per request was a third of the
   * server's time per check (bench/permissions.mjs).
   */
  #verified = new BoundedMap<string, { identity: Identity; expiresAt: number }>(20_000);

  constructor(
    private readonly database: Database,
    private readonly config: Config,
  ) {}

  /** Loads the keys, creating one for each configured tenant that has none. */
  async init(): Promise<void> {
    await this.#reload();
    const missing = this.config.tenants.filter((t) => !this.#signingKey(t.id));
    for (const tenant of missing) {
      const { publicKey, privateKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
      const record: SigningKeyRecord = {
        tenantId: tenant.id,
        kid: randomBytes(12).toString('base64url'),
        alg: ALG,
        publicJwk: JSON.stringify(await exportJWK(publicKey)),
        privateJwk: JSON.stringify(await exportJWK(privateKey)),
        createdAt: Date.now(),
        retiredAt: null,
      };
      await insertSigningKey(this.database.db, record);
    }
    if (missing.length) await this.#reload();
  }

  async #reload(): Promise<void> {
    this.#lastReload = Date.now();
    const records = await listSigningKeys(this.database.db);
    for (const r of records) {
      if (this.#keys.has(r.kid)) {
        this.#keys.get(r.kid)!.retired = r.retiredAt !== null;
        continue;
      }
      const publicJwk = JSON.parse(r.publicJwk) as JWK;
      this.#keys.set(r.kid, {
        tenantId: r.tenantId,
        kid: r.kid,
        publicJwk,
        publicKey: (await importJWK(publicJwk, r.alg)) as webcrypto.CryptoKey,
        privateKey: (await importJWK(JSON.parse(r.privateJwk) as JWK, r.alg)) as webcrypto.CryptoKey,
        retired: r.retiredAt !== null,
      });
    }
  }

  /**
   * The tenant's signing key: its oldest unretired one, so replicas that raced to create keys
   * on the same first start still agree.
   */
  #signingKey(tenantId: string): LoadedKey | undefined {
    for (const key of this.#keys.values()) {
      if (key.tenantId === tenantId && !key.retired) return key; // insertion order = age
    }
    return undefined;
  }

  /** Public keys of every tenant, for /.well-known/jwks.json. */
  jwks(): { keys: JWK[] } {
    return {
      keys: [...this.#keys.values()].map((k) => ({ ...k.publicJwk, kid: k.kid, alg: ALG, use: 'sig' })),
    };
  }

  async issueAccessToken(identity: Identity): Promise<{ token: string; expiresIn: number }> {
    const key = this.#signingKey(identity.tenantId);
    if (!key) throw new Error(`no signing key for tenant ${identity.tenantId}`);
    const expiresIn = this.config.auth.accessTokenSeconds;
    const token = await new SignJWT({ tid: identity.tenantId })
      .setProtectedHeader({ alg: ALG, kid: key.kid, typ: TYP })
      .setSubject(identity.userid)
      .setIssuer(this.config.publicUrl)
      .setAudience(this.config.auth.audience)
      .setIssuedAt()
      .setExpirationTime(`${expiresIn}s`)
      .setJti(randomBytes(12).toString('base64url'))
      .sign(key.privateKey);
    return { token, expiresIn };
  }

  /**
   * The identity of a token verified before, at once; `undefined` when it has not been (then
   * call verifyAccessToken). Throws `token_expired` for a known token past its time.
   */
  verifiedIdentity(token: string): Identity | undefined {
    const known = this.#verified.get(token);
    if (!known) return undefined;
    if (Date.now() < known.expiresAt) return known.identity;
    throw new ApiError('token_expired', 'the access token has expired');
  }

  /** Verifies an access token, or throws `token_invalid` / `token_expired`. */
  async verifyAccessToken(token: string): Promise<Identity> {
    const known = this.verifiedIdentity(token);
    if (known) return known;
    let keyUsed: LoadedKey | undefined;
    const resolveKey = async (header: JWTHeaderParameters) => {
      let key = header.kid ? this.#keys.get(header.kid) : undefined;
      // A key made by another replica since we loaded ours: look again, not too often.
      if (!key && header.kid && Date.now() - this.#lastReload > RELOAD_INTERVAL_MS) {
        await this.#reload();
        key = this.#keys.get(header.kid);
      }
      if (!key) throw new ApiError('token_invalid', 'the access token was signed with an unknown key');
      keyUsed = key;
      return key.publicKey;
    };
    try {
      const { payload } = await jwtVerify(token, resolveKey, {
        algorithms: [ALG],
        typ: TYP,
        issuer: this.config.publicUrl,
        audience: this.config.auth.audience,
        requiredClaims: ['sub', 'tid', 'exp', 'iat'],
        clockTolerance: CLOCK_TOLERANCE_S,
      });
      if (typeof payload.sub !== 'string' || typeof payload.tid !== 'string' || payload.tid !== keyUsed?.tenantId) {
        throw new ApiError('token_invalid', 'the access token does not belong to the tenant that signed it');
      }
      const identity = { tenantId: payload.tid, userid: payload.sub };
      this.#verified.set(token, { identity, expiresAt: (payload.exp! + CLOCK_TOLERANCE_S) * 1000 });
      return identity;
    } catch (error) {
      if (error instanceof ApiError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new ApiError('token_expired', 'the access token has expired');
      if (error instanceof joseErrors.JWTClaimValidationFailed) {
        throw new ApiError('token_invalid', `the access token is not valid here: claim "${error.claim}" ${error.reason}`);
      }
      throw new ApiError('token_invalid', 'the access token is malformed or its signature does not verify');
    }
  }
}

/** Opaque refresh tokens: 256 random bits; only their SHA-256 is stored. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = `dgr_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
