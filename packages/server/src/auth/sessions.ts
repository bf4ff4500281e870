import type { SessionUser, TokenResponse } from '@docgate/protocol';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { ApiError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { departmentsOf, getMember } from '../store/directory.js';
import type { Executor } from '../store/executor.js';
import {
  claimRefreshToken,
  findRefreshToken,
  insertRefreshToken,
  revokeRefreshFamily,
} from '../store/refresh-tokens.js';
import { hashRefreshToken, newRefreshToken, type TokenService } from './tokens.js';
import { randomBytes } from 'node:crypto';

/**
 * Sessions: a sign-in starts a family of rotating refresh tokens; each refresh spends the
 * token it presents and returns the next one. Presenting a spent token means it was copied, so
 * the whole family is revoked (OAuth 2.0 Security BCP, RFC 9700 §4.14.2). Members who are
 * disabled or have left cannot sign in or refresh, whatever token they hold.
 */
export class SessionService {
  constructor(
    private readonly database: Database,
    private readonly config: Config,
    private readonly tokens: TokenService,
  ) {}

  /** Starts a session for a member the caller has already identified (WeCom, dev login). */
  async signIn(tenantId: string, userid: string, via: string): Promise<TokenResponse> {
    const user = await this.#sessionUser(this.database.db, tenantId, userid, 'sign-in');
    const refresh = newRefreshToken();
    const now = Date.now();
    await this.database.db.transaction().execute(async (trx) => {
      await insertRefreshToken(trx, {
        tokenHash: refresh.hash,
        tenantId,
        familyId: randomBytes(16).toString('base64url'),
        userid: user.id,
        createdAt: now,
        expiresAt: now + this.config.auth.refreshTokenSeconds * 1000,
        usedAt: null,
        revokedAt: null,
      });
      await appendAudit(trx, { tenantId, actor: user.id, action: 'session.sign_in', after: { via }, at: now });
    });
    return this.#response(tenantId, user, refresh.token);
  }

  async refresh(refreshToken: string): Promise<TokenResponse> {
    const hash = hashRefreshToken(refreshToken);
    const now = Date.now();
    const outcome = await this.database.db.transaction().execute(async (trx) => {
      const record = await findRefreshToken(trx, hash);
      if (!record || record.revokedAt !== null) return { kind: 'invalid' } as const;
      if (record.usedAt === null && record.expiresAt <= now) return { kind: 'expired' } as const;
      if (record.usedAt !== null || !(await claimRefreshToken(trx, hash, now))) {
        await revokeRefreshFamily(trx, record.tenantId, record.familyId, now);
        await appendAudit(trx, {
          tenantId: record.tenantId,
          actor: record.userid,
          action: 'session.refresh_reused',
          target: record.familyId,
          at: now,
        });
        return { kind: 'reused' } as const;
      }
      let user: SessionUser;
      try {
        user = await this.#sessionUser(trx, record.tenantId, record.userid, 'refresh');
      } catch (error) {
        await revokeRefreshFamily(trx, record.tenantId, record.familyId, now);
        return { kind: 'refused', error } as const;
      }
      const next = newRefreshToken();
      await insertRefreshToken(trx, {
        tokenHash: next.hash,
        tenantId: record.tenantId,
        familyId: record.familyId,
        userid: record.userid,
        createdAt: now,
        expiresAt: now + this.config.auth.refreshTokenSeconds * 1000,
        usedAt: null,
        revokedAt: null,
      });
      return { kind: 'ok', tenantId: record.tenantId, user, token: next.token } as const;
    });
    switch (outcome.kind) {
      case 'invalid':
        throw new ApiError('refresh_token_invalid', 'the refresh token is unknown or was revoked; sign in again');
      case 'reused':
        throw new ApiError(
          'refresh_token_reused',
          'the refresh token was already used; every session started with it is now revoked; sign in again',
        );
      case 'expired':
        throw new ApiError('refresh_token_expired', 'the refresh token has expired; sign in again');
      case 'refused':
        throw outcome.error;
      case 'ok':
        return this.#response(outcome.tenantId, outcome.user, outcome.token);
    }
  }

  /** Revokes the token's whole family. Unknown tokens are ignored: logging out twice is fine. */
  async logout(refreshToken: string): Promise<void> {
    const record = await findRefreshToken(this.database.db, hashRefreshToken(refreshToken));
    if (!record) return;
    await this.database.db.transaction().execute(async (trx) => {
      const revoked = await revokeRefreshFamily(trx, record.tenantId, record.familyId, Date.now());
      if (revoked) await appendAudit(trx, { tenantId: record.tenantId, actor: record.userid, action: 'session.logout' });
    });
  }

  async #response(tenantId: string, user: SessionUser, refreshToken: string): Promise<TokenResponse> {
    const access = await this.tokens.issueAccessToken({ tenantId, userid: user.id });
    return {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      refresh_token: refreshToken,
      user,
    };
  }

  /**
   * The member a session may be opened for: an active member of the directory, or one of the
   * tenant's configured admins who is not in the directory yet (so an empty directory can be
   * filled). A member who is disabled or has left gets nothing, admin or not.
   */
  async #sessionUser(db: Executor, tenantId: string, userid: string, purpose: 'sign-in' | 'refresh'): Promise<SessionUser> {
    const tenant = this.config.tenants.find((t) => t.id === tenantId);
    if (!tenant) throw new ApiError('unknown_tenant', `no tenant "${tenantId}" is configured`);
    const member = await getMember(db, tenantId, userid);
    if (member && member.status !== 'active') {
      throw new ApiError('user_inactive', `the account "${userid}" is ${member.status === 'left' ? 'no longer with the company' : 'disabled'}`);
    }
    if (!member) {
      if (tenant.admins.includes(userid)) return { id: userid, name: userid, departments: [] };
      throw purpose === 'sign-in'
        ? new ApiError('user_not_found', `no member "${userid}" in the directory of ${tenant.name}`)
        : new ApiError('user_inactive', `the account "${userid}" is no longer in the directory`);
    }
    const departments = (await departmentsOf(db, tenantId, [userid])).get(userid) ?? [];
    return { id: member.userid, name: member.name, departments };
  }
}
