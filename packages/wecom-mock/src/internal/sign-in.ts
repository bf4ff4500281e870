import { createHash, randomBytes } from 'node:crypto';

export type Scope = 'snsapi_base' | 'snsapi_privateinfo';

export interface IssuedCode {
  /** a member; absent for a non-member (then openid) */
  userid?: string;
  openid?: string;
  scope: Scope;
  /** host:port of the redirect_uri the code was sent to */
  redirectHost: string;
  deviceId: string;
  expiresAt: number;
}

/** user_ticket lives 1800 s (wecom.md) */
export const USER_TICKET_TTL_SECONDS = 1800;

/** OAuth codes (single use) and user tickets. */
export class SignInStore {
  private readonly codes = new Map<string, IssuedCode>();
  private readonly tickets = new Map<string, { userid: string; expiresAt: number }>();

  constructor(
    private readonly now: () => number,
    private readonly codeTtlSeconds: number,
  ) {}

  issueCode(code: Omit<IssuedCode, 'expiresAt' | 'deviceId'>): string {
    this.sweep();
    const value = randomBytes(32).toString('base64url');
    const who = code.userid ?? code.openid ?? '';
    const deviceId = createHash('sha1').update(`device ${who}`).digest('hex').slice(0, 32);
    this.codes.set(value, { ...code, deviceId, expiresAt: this.now() + this.codeTtlSeconds * 1000 });
    return value;
  }

  /** the code, used up; undefined when unknown, used or expired (40029) */
  takeCode(value: string): IssuedCode | undefined {
    const code = this.codes.get(value);
    if (!code) return undefined;
    this.codes.delete(value);
    return code.expiresAt > this.now() ? code : undefined;
  }

  issueTicket(userid: string): string {
    const ticket = randomBytes(48).toString('base64url');
    this.tickets.set(ticket, { userid, expiresAt: this.now() + USER_TICKET_TTL_SECONDS * 1000 });
    return ticket;
  }

  /** the ticket's user; expired → 84014, unknown → undefined (84015) */
  ticket(value: string): { userid: string; expired: boolean } | undefined {
    const ticket = this.tickets.get(value);
    if (!ticket) return undefined;
    return { userid: ticket.userid, expired: ticket.expiresAt <= this.now() };
  }

  private sweep(): void {
    if (this.codes.size < 10_000) return;
    const now = this.now();
    for (const [value, code] of this.codes) if (code.expiresAt <= now) this.codes.delete(value);
  }
}
