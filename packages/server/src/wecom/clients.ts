import type { Config, TenantConfig } from '../config.js';
import { WecomClient, type WecomClientOptions } from './client.js';

/** One WeCom client per tenant, so tokens and rate limits are shared by everything in this process. */
export class WecomClients {
  readonly #clients = new Map<string, WecomClient>();
  constructor(
    private readonly config: Config,
    private readonly overrides: Partial<WecomClientOptions> = {},
  ) {}

  /** The tenant's client, or null when WeCom is not configured for it (no secret at all). */
  for(tenantId: string): WecomClient | null {
    const tenant = this.config.tenants.find((t) => t.id === tenantId);
    if (!tenant || !isConfigured(tenant)) return null;
    let client = this.#clients.get(tenantId);
    if (!client) {
      client = new WecomClient({
        baseUrl: tenant.wecom.apiBaseUrl,
        corpId: tenant.corpId,
        secrets: { app: tenant.wecom.secret, contacts: tenant.wecom.contactsSecret },
        ...this.overrides,
      });
      this.#clients.set(tenantId, client);
    }
    return client;
  }
}

export function isConfigured(tenant: TenantConfig): boolean {
  return Boolean(tenant.wecom.secret || tenant.wecom.contactsSecret);
}
