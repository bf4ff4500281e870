import { randomBytes } from 'node:crypto';

export type SecretKind = 'app' | 'contacts';

interface IssuedToken {
  token: string;
  kind: SecretKind;
  expiresAt: number;
  revoked: boolean;
}

export type TokenCheck = { kind: SecretKind } | { errcode: 40014 | 42001 };

/** how many old tokens are remembered (to answer 42001 rather than 40014) */
const REMEMBERED = 1000;

/**
 * access_tokens, one per secret: WeCom answers the same token until it expires or is revoked
 * ("有效期内重复获取返回相同结果"), then a new one.
 */
export class TokenStore {
  private readonly current = new Map<SecretKind, IssuedToken>();
  private readonly issued = new Map<string, IssuedToken>();

  constructor(
    private readonly now: () => number,
    private readonly ttlSeconds: number,
  ) {}

  get(kind: SecretKind): { token: string; expiresIn: number } {
    let record = this.current.get(kind);
    if (!record || record.revoked || record.expiresAt <= this.now()) {
      record = { token: randomBytes(48).toString('base64url'), kind, expiresAt: this.now() + this.ttlSeconds * 1000, revoked: false };
      this.current.set(kind, record);
      this.issued.set(record.token, record);
      if (this.issued.size > REMEMBERED) this.issued.delete(this.issued.keys().next().value!);
    }
    return { token: record.token, expiresIn: this.ttlSeconds };
  }

  check(token: string): TokenCheck {
    const record = this.issued.get(token);
    if (!record || record.revoked) return { errcode: 40014 };
    if (record.expiresAt <= this.now()) return { errcode: 42001 };
    return { kind: record.kind };
  }

  revoke(which: SecretKind | 'all'): void {
    for (const record of this.issued.values()) {
      if (which === 'all' || record.kind === which) record.revoked = true;
    }
  }
}
