import type { Executor } from './executor.js';

export interface RefreshTokenRecord {
  tokenHash: string;
  tenantId: string;
  familyId: string;
  userid: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  revokedAt: number | null;
}

export async function insertRefreshToken(db: Executor, token: RefreshTokenRecord): Promise<void> {
  await db
    .insertInto('refresh_tokens')
    .values({
      token_hash: token.tokenHash,
      tenant_id: token.tenantId,
      family_id: token.familyId,
      userid: token.userid,
      created_at: token.createdAt,
      expires_at: token.expiresAt,
      used_at: token.usedAt,
      revoked_at: token.revokedAt,
    })
    .execute();
}

export async function findRefreshToken(db: Executor, tokenHash: string): Promise<RefreshTokenRecord | undefined> {
  const r = await db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return (
    r && {
      tokenHash: r.token_hash,
      tenantId: r.tenant_id,
      familyId: r.family_id,
      userid: r.userid,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      usedAt: r.used_at,
      revokedAt: r.revoked_at,
    }
  );
}

/**
 * Marks a token used, only if nobody used or revoked it first. Returns false when another
 * request got there first: the caller treats that as reuse.
 */
export async function claimRefreshToken(db: Executor, tokenHash: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('refresh_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function revokeRefreshFamily(db: Executor, tenantId: string, familyId: string, now: number): Promise<number> {
  const result = await db
    .updateTable('refresh_tokens')
    .set({ revoked_at: now })
    .where('tenant_id', '=', tenantId)
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Deletes tokens that expired more than `graceMs` ago; returns how many. */
export async function pruneRefreshTokens(db: Executor, now: number, graceMs = 86_400_000): Promise<number> {
  const result = await db.deleteFrom('refresh_tokens').where('expires_at', '<', now - graceMs).executeTakeFirst();
  return Number(result.numDeletedRows);
}
