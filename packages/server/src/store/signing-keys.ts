import type { Executor } from './executor.js';

export interface SigningKeyRecord {
  tenantId: string;
  kid: string;
  alg: string;
  publicJwk: string;
  privateJwk: string;
  createdAt: number;
  retiredAt: number | null;
}

export async function listSigningKeys(db: Executor): Promise<SigningKeyRecord[]> {
  const rows = await db.selectFrom('signing_keys').selectAll().orderBy('created_at').orderBy('kid').execute();
  return rows.map((r) => ({
    tenantId: r.tenant_id,
    kid: r.kid,
    alg: r.alg,
    publicJwk: r.public_jwk,
    privateJwk: r.private_jwk,
    createdAt: r.created_at,
    retiredAt: r.retired_at,
  }));
}

/**
 * Adds a key. A tenant has at most one unretired key (a unique index): when another replica
 * created one first, this does nothing, and the caller reads theirs.
 */
export async function insertSigningKey(db: Executor, key: SigningKeyRecord): Promise<void> {
  await db
    .insertInto('signing_keys')
    .values({
      tenant_id: key.tenantId,
      kid: key.kid,
      alg: key.alg,
      public_jwk: key.publicJwk,
      private_jwk: key.privateJwk,
      created_at: key.createdAt,
      retired_at: key.retiredAt,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}
