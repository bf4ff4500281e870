import { chunks } from '../lib/chunks.js';
import type { Executor } from './executor.js';

export interface CatalogEntry {
  path: string;
  title: string | null;
}

/** The site's documents in path order. */
export async function listDocuments(db: Executor, siteId: string): Promise<CatalogEntry[]> {
  return db.selectFrom('documents').select(['path', 'title']).where('site_id', '=', siteId).orderBy('path').execute();
}

/** Each site's catalogue revision, for cache checks. */
export async function catalogRevisions(db: Executor, tenantId: string): Promise<Map<string, number>> {
  const rows = await db.selectFrom('sites').select(['id', 'catalog_revision']).where('tenant_id', '=', tenantId).execute();
  return new Map(rows.map((r) => [r.id, r.catalog_revision]));
}

export interface CatalogCounts {
  added: number;
  updated: number;
  unchanged: number;
}

export interface CatalogChange extends CatalogCounts {
  /** the site's catalogue revision after this change; null when nothing changed */
  revision: number | null;
  /** what was written (added or retitled), for caches to apply */
  written: CatalogEntry[];
}

/**
 * Adds documents and updates titles. A `null` title never erases a known one (a sitemap has no
 * titles; first views bring them). Bumps the site's catalogue revision when anything changed.
 */
export async function upsertDocuments(
  trx: Executor,
  tenantId: string,
  siteId: string,
  docs: CatalogEntry[],
  source: string,
  now = Date.now(),
): Promise<CatalogChange> {
  const counts: CatalogCounts = { added: 0, updated: 0, unchanged: 0 };
  const written: CatalogEntry[] = [];
  const byPath = new Map<string, CatalogEntry>();
  for (const d of docs) {
    const previous = byPath.get(d.path);
    byPath.set(d.path, { path: d.path, title: d.title ?? previous?.title ?? null });
  }
  const existing = new Map<string, string | null>();
  for (const batch of chunks([...byPath.keys()])) {
    const rows = await trx.selectFrom('documents').select(['path', 'title']).where('site_id', '=', siteId).where('path', 'in', batch).execute();
    for (const r of rows) existing.set(r.path, r.title);
  }
  const inserts: CatalogEntry[] = [];
  for (const doc of byPath.values()) {
    if (!existing.has(doc.path)) {
      inserts.push(doc);
      written.push(doc);
      counts.added++;
    } else if (doc.title !== null && doc.title !== existing.get(doc.path)) {
      await trx.updateTable('documents').set({ title: doc.title, updated_at: now }).where('site_id', '=', siteId).where('path', '=', doc.path).execute();
      written.push(doc);
      counts.updated++;
    } else {
      counts.unchanged++;
    }
  }
  for (const batch of chunks(inserts)) {
    await trx
      .insertInto('documents')
      .values(batch.map((d) => ({ tenant_id: tenantId, site_id: siteId, path: d.path, title: d.title, source, created_at: now, updated_at: now })))
      .onConflict((oc) => oc.columns(['site_id', 'path']).doNothing())
      .execute();
  }
  let revision: number | null = null;
  if (counts.added || counts.updated) {
    const row = await trx
      .updateTable('sites')
      .set((eb) => ({ catalog_revision: eb('catalog_revision', '+', 1) }))
      .where('id', '=', siteId)
      .returning('catalog_revision')
      .executeTakeFirst();
    revision = row?.catalog_revision ?? null;
  }
  return { ...counts, revision, written };
}
