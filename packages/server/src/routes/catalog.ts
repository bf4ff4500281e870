import { CatalogRequest, CatalogResponse, ErrorBody, MAX_CATALOG_DOCS, SiteParams, normalizePath } from '@docgate/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ApiError } from '../errors.js';
import { sitemapLocations } from '../lib/sitemap.js';
import { evaluate } from '../permissions/engine.js';
import { authenticator, identityOf } from '../plugins/authenticate.js';
import type { Services } from '../services.js';
import { appendAudit } from '../store/audit.js';
import { upsertDocuments, type CatalogEntry } from '../store/catalog.js';
import { siteFor } from './site-access.js';

const XML_TYPES = ['application/xml', 'text/xml'];

/**
 * The site's catalogue of documents, which "list readable" and "who has access" work over: a
 * sitemap or a list of paths, by a site or tenant admin. Documents also join it on their first
 * allowed view (POST /v1/check).
 */
export const catalogRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { config, database, permissions } = services;
  app.addHook('onRequest', authenticator(services.tokens));
  app.addContentTypeParser(XML_TYPES, { parseAs: 'string', bodyLimit: config.importLimitBytes }, (_request, body, done) => done(null, body));

  app.post(
    '/v1/sites/:site/catalog',
    {
      bodyLimit: config.importLimitBytes,
      schema: {
        params: SiteParams,
        // A sitemap arrives as text (application/xml), a list as JSON.
        body: Type.Union([Type.String(), CatalogRequest]),
        response: { 200: CatalogResponse, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (request) => {
      const identity = identityOf(request);
      const site = siteFor(services, identity, request.params.site);
      const model = await permissions.model(identity.tenantId);
      if (evaluate(model, site.id, identity.userid, '/', Date.now()).code !== 'admin') {
        throw new ApiError('admin_required', `only an admin of ${site.id} may change its catalogue`);
      }
      let entries: Array<{ path: string; title: string | null }>;
      if (typeof request.body === 'string') {
        const sitemap = sitemapLocations(request.body);
        if ('error' in sitemap) throw new ApiError('invalid_sitemap', sitemap.error);
        entries = sitemap.locations.map((path) => ({ path, title: null }));
      } else {
        entries = request.body.docs.map((d) => ({ path: d.path, title: d.title ?? null }));
      }
      if (entries.length > MAX_CATALOG_DOCS) throw new ApiError('invalid_request', `at most ${MAX_CATALOG_DOCS} documents at a time`);
      const docs: CatalogEntry[] = [];
      const ignored: Array<{ path: string; reason: string }> = [];
      for (const entry of entries) {
        const normalized = normalizePath(entry.path, { dropHtmlExtension: site.dropHtmlExtension });
        if (normalized.ok) docs.push({ path: normalized.path, title: entry.title?.trim() || null });
        else ignored.push({ path: entry.path.slice(0, 300), reason: normalized.reason });
      }
      const counts = await database.db.transaction().execute(async (trx) => {
        const result = await upsertDocuments(trx, identity.tenantId, site.id, docs, typeof request.body === 'string' ? 'sitemap' : 'list');
        const { added, updated, unchanged } = result;
        await appendAudit(trx, { tenantId: identity.tenantId, actor: identity.userid, action: 'catalog.import', siteId: site.id, after: { added, updated, unchanged, ignored: ignored.length } });
        return result;
      });
      permissions.recordDocuments(identity.tenantId, site.id, counts);
      return { added: counts.added, updated: counts.updated, unchanged: counts.unchanged, ignored };
    },
  );
};
