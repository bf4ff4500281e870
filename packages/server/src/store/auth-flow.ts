import { createHash, randomBytes } from 'node:crypto';
import type { Executor } from './executor.js';

export interface AuthState {
  id: string;
  tenantId: string;
  siteId: string;
  returnTo: string;
  codeChallenge: string;
  mode: 'webview' | 'qr';
  expiresAt: number;
}

/** 128 random bits as hex: WeCom takes only [a-zA-Z0-9] in `state`, at most 128 bytes. */
export function newStateId(): string {
  return randomBytes(16).toString('hex');
}

export async function insertAuthState(db: Executor, state: AuthState): Promise<void> {
  await db
    .insertInto('auth_states')
    .values({
      id: state.id,
      tenant_id: state.tenantId,
      site_id: state.siteId,
      return_to: state.returnTo,
      code_challenge: state.codeChallenge,
      mode: state.mode,
      expires_at: state.expiresAt,
      used_at: null,
    })
    .execute();
}

/** The state, spent by this call: null when unknown, already used or expired. */
export async function consumeAuthState(db: Executor, id: string, now: number): Promise<AuthState | null> {
  const claimed = await db
    .updateTable('auth_states')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return null;
  const r = await db.selectFrom('auth_states').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { id: r.id, tenantId: r.tenant_id, siteId: r.site_id, returnTo: r.return_to, codeChallenge: r.code_challenge, mode: r.mode, expiresAt: r.expires_at };
}

export interface AuthCode {
  tenantId: string;
  siteId: string;
  userid: string;
  codeChallenge: string;
}

const hash = (code: string) => createHash('sha256').update(code).digest('hex');

/** A one-time code for the page; only its hash is kept. */
export async function insertAuthCode(db: Executor, code: AuthCode, expiresAt: number): Promise<string> {
  const value = randomBytes(32).toString('base64url');
  await db
    .insertInto('auth_codes')
    .values({ code_hash: hash(value), tenant_id: code.tenantId, site_id: code.siteId, userid: code.userid, code_challenge: code.codeChallenge, expires_at: expiresAt, used_at: null })
    .execute();
  return value;
}

/** The code's sign-in, spent by this call: null when unknown, already used or expired. */
export async function consumeAuthCode(db: Executor, code: string, now: number): Promise<AuthCode | null> {
  const claimed = await db
    .updateTable('auth_codes')
    .set({ used_at: now })
    .where('code_hash', '=', hash(code))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return null;
  const r = await db.selectFrom('auth_codes').selectAll().where('code_hash', '=', hash(code)).executeTakeFirstOrThrow();
  return { tenantId: r.tenant_id, siteId: r.site_id, userid: r.userid, codeChallenge: r.code_challenge };
}

/** Deletes states and codes past their time (they are useless then). */
export async function pruneAuthFlow(db: Executor, now: number): Promise<void> {
  await db.deleteFrom('auth_states').where('expires_at', '<', now).execute();
  await db.deleteFrom('auth_codes').where('expires_at', '<', now).execute();
  // WeCom retries a change callback within minutes: a week of memory is plenty.
  await db.deleteFrom('wecom_events').where('received_at', '<', now - 7 * 86_400_000).execute();
}
