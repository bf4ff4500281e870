import { normalizePath } from '@docgate/protocol';
import type { SiteConfig } from '../config.js';
import { ApiError } from '../errors.js';
import type { Identity } from '../auth/tokens.js';
import { evaluate } from '../permissions/engine.js';
import type { TenantModel } from '../permissions/model.js';
import type { Services } from '../services.js';

/**
 * The configured site the request names, if it belongs to the caller's tenant. A site of
 * another tenant is as unknown as one that does not exist.
 */
export function siteFor(services: Services, identity: Identity, siteId: string): SiteConfig {
  const site = services.config.sites.find((s) => s.id === siteId && s.tenant === identity.tenantId);
  if (!site) throw new ApiError('unknown_site', `no site "${siteId}" here`);
  return site;
}

/** The normalized path, or 400 invalid_path saying what is wrong with it. */
export function pathFor(site: SiteConfig, input: string, what = 'path'): string {
  const result = normalizePath(input, { dropHtmlExtension: site.dropHtmlExtension });
  if (!result.ok) throw new ApiError('invalid_path', `the ${what} "${input.slice(0, 200)}" is not valid: ${result.reason}`);
  return result.path;
}

/** 403 manage_required unless the caller has `manage` on the path. */
export function requireManage(model: TenantModel, site: SiteConfig, identity: Identity, path: string, doing: string): void {
  if (evaluate(model, site.id, identity.userid, path, Date.now()).level !== 'manage') {
    throw new ApiError('manage_required', `you need manage on ${path} to ${doing}`);
  }
}

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
