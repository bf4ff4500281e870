import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { catalogRevisions, listDocuments, type CatalogEntry } from '../store/catalog.js';
import { getRevision } from '../store/tenants.js';
import { loadTenantData } from './load.js';
import { TenantModel } from './model.js';

export interface Catalog {
  docs: CatalogEntry[];
  titles: Map<string, string | null>;
}

interface TenantEntry {
  model: TenantModel;
  catalogRevisions: Map<string, number>;
  /** when the revisions were last compared with the database */
  checkedAt: number;
  pending?: Promise<TenantModel> | undefined;
}

export interface PermissionCacheOptions {
  /**
   * How long a model is used before its revision is compared with the database again. Changes
   * made through this process are seen at once; changes made by another replica within this
   * time plus one reload (permission-model.md: ≤ 1 s across replicas).
   */
  revalidateMs?: number;
}

/**
 * Keeps one TenantModel per tenant, keyed by the tenant's revision, and each site's catalogue,
 * keyed by the site's catalogue revision. Concurrent requests share one reload.
 */
export class PermissionCache {
  readonly #tenants = new Map<string, TenantEntry>();
  readonly #catalogs = new Map<string, { revision: number; catalog: Catalog }>();
  readonly #revalidateMs: number;

  constructor(
    private readonly database: Database,
    private readonly config: Config,
    options: PermissionCacheOptions = {},
  ) {
    this.#revalidateMs = options.revalidateMs ?? 400;
  }

  async model(tenantId: string): Promise<TenantModel> {
    const entry = this.#tenants.get(tenantId);
    if (entry && Date.now() - entry.checkedAt < this.#revalidateMs) return entry.model;
    if (entry?.pending) return entry.pending;
    const pending = this.#refresh(tenantId, entry);
    if (entry) entry.pending = pending;
    try {
      return await pending;
    } finally {
      if (entry) entry.pending = undefined;
    }
  }

  async #refresh(tenantId: string, entry: TenantEntry | undefined): Promise<TenantModel> {
    const db = this.database.db;
    const checkedAt = Date.now();
    const [revision, catalogs] = await Promise.all([getRevision(db, tenantId), catalogRevisions(db, tenantId)]);
    let model = entry?.model;
    if (!model || model.revision !== revision) model = new TenantModel(await loadTenantData(db, this.config, tenantId));
    const fresh: TenantEntry = { model, catalogRevisions: catalogs, checkedAt };
    this.#tenants.set(tenantId, fresh);
    return model;
  }

  /** The site's catalogue: its documents in path order, and their titles by path. */
  async catalog(tenantId: string, siteId: string): Promise<Catalog> {
    await this.model(tenantId);
    const revision = this.#tenants.get(tenantId)?.catalogRevisions.get(siteId) ?? 0;
    const cached = this.#catalogs.get(siteId);
    if (cached && cached.revision === revision) return cached.catalog;
    const docs = await listDocuments(this.database.db, siteId);
    const catalog = { docs, titles: new Map(docs.map((d) => [d.path, d.title])) };
    this.#catalogs.set(siteId, { revision, catalog });
    return catalog;
  }

  /** After a change made by this process: compare revisions again at the next use. */
  changed(tenantId: string): void {
    const entry = this.#tenants.get(tenantId);
    if (entry) entry.checkedAt = 0;
  }
}
