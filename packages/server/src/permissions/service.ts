import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { catalogRevisions, listDocuments, type CatalogChange, type CatalogEntry } from '../store/catalog.js';
import { permissionChangesSince } from '../store/permission-changes.js';
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

  /**
   * The model and the site's catalogue when both are cached and fresh, without waiting; else
   * undefined (then use the async methods). Saves the hot check route two promises.
   */
  fresh(tenantId: string, siteId: string): { model: TenantModel; catalog: Catalog } | undefined {
    const entry = this.#tenants.get(tenantId);
    if (!entry || Date.now() - entry.checkedAt >= this.#revalidateMs) return undefined;
    const cached = this.#catalogs.get(siteId);
    if (!cached || cached.revision !== (entry.catalogRevisions.get(siteId) ?? 0)) return undefined;
    return { model: entry.model, catalog: cached.catalog };
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
    if (model && model.revision < revision) {
      // Behind by a few grant or restriction changes: apply them, if every revision in between
      // has one (a directory import or a configuration change has none, and needs a reload).
      const changes = await permissionChangesSince(db, tenantId, model.revision, revision);
      if (changes.length === revision - model.revision) {
        for (const { revision: at, change } of changes) model.apply(at, change);
      } else {
        model = undefined;
      }
    }
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

  /**
   * Documents this process just catalogued (first views, imports): applied to the cached
   * catalogue in place when it was at the revision before, so a first view does not make the
   * next request read the whole catalogue again. Otherwise the cache is dropped.
   */
  recordDocuments(tenantId: string, siteId: string, change: CatalogChange): void {
    if (change.revision === null) return;
    const cached = this.#catalogs.get(siteId);
    this.#tenants.get(tenantId)?.catalogRevisions.set(siteId, change.revision);
    if (!cached || cached.revision !== change.revision - 1) {
      this.#catalogs.delete(siteId);
      return;
    }
    const { docs, titles } = cached.catalog;
    for (const doc of change.written) {
      if (!titles.has(doc.path)) {
        // keep path order: binary search for the place
        let lo = 0;
        let hi = docs.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (docs[mid]!.path < doc.path) lo = mid + 1;
          else hi = mid;
        }
        docs.splice(lo, 0, { path: doc.path, title: doc.title });
      } else {
        const known = docs.find((d) => d.path === doc.path);
        if (known) known.title = doc.title;
      }
      titles.set(doc.path, doc.title);
    }
    cached.revision = change.revision;
  }

  /** After a change made by this process: compare revisions again at the next use. */
  changed(tenantId: string): void {
    const entry = this.#tenants.get(tenantId);
    if (entry) entry.checkedAt = 0;
  }
}
