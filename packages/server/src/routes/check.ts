import {
  BatchCheckRequest,
  BatchCheckResponse,
  CheckRequest,
  CheckResponse,
  ErrorBody,
  ReadableQuery,
  ReadableResponse,
  SiteParams,
  normalizePath,
} from '@docgate/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { decodeCursor, encodeCursor, isAfterCursor } from '../lib/cursor.js';
import { contactsFor, evaluate, evaluateMany, readable } from '../permissions/engine.js';
import type { Identity } from '../auth/tokens.js';
import { authenticator, identityOf } from '../plugins/authenticate.js';
import type { Services } from '../services.js';
import { upsertDocuments } from '../store/catalog.js';
import { pathFor, siteFor } from './site-access.js';

/**
 * What may the caller read: one path, many paths, or every catalogued document
 * (docs/api.md, "Permissions"). Any member may ask about themselves.
 */
export const checkRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { permissions, database } = services;
  app.addHook('onRequest', authenticator(services.tokens));
  const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody };

  // The hot route: answered without a promise when the model and catalogue are cached and fresh
  // and nothing needs writing (the common case), else through the async path.
  app.post('/v1/check', { schema: { body: CheckRequest, response: { 200: CheckResponse, ...errors } } }, (request, reply) => {
    const identity = identityOf(request);
    const site = siteFor(services, identity, request.body.site);
    const path = pathFor(site, request.body.path);
    const title = request.body.title?.trim() || null;
    const fresh = permissions.fresh(identity.tenantId, site.id);
    if (fresh) {
      const decision = evaluate(fresh.model, site.id, identity.userid, path, Date.now());
      const { titles } = fresh.catalog;
      const catalogued = titles.has(path) && (title === null || titles.get(path) === title);
      if (decision.level !== 'none' && catalogued) {
        reply.send({ path, allowed: true, level: decision.level });
        return;
      }
    }
    return checkSlowly(identity, site.id, path, title);
  });

  async function checkSlowly(identity: Identity, siteId: string, path: string, title: string | null) {
    const model = await permissions.model(identity.tenantId);
    const now = Date.now();
    const decision = evaluate(model, siteId, identity.userid, path, now);
    if (decision.level === 'none') {
      const contacts = contactsFor(model, siteId, path, now).map((id) => ({ id, name: model.members.get(id)?.name ?? id }));
      return { path, allowed: false, level: decision.level, contacts };
    }
    // A document is catalogued on its first allowed view, with its title; a new title updates it.
    const { titles } = await permissions.catalog(identity.tenantId, siteId);
    if (!titles.has(path) || (title !== null && titles.get(path) !== title)) {
      const change = await database.db.transaction().execute((trx) => upsertDocuments(trx, identity.tenantId, siteId, [{ path, title }], 'view'));
      permissions.recordDocuments(identity.tenantId, siteId, change);
    }
    return { path, allowed: true, level: decision.level };
  }

  app.post(
    '/v1/check/batch',
    { schema: { body: BatchCheckRequest, response: { 200: BatchCheckResponse, ...errors } } },
    async (request) => {
      const identity = identityOf(request);
      const site = siteFor(services, identity, request.body.site);
      const model = await permissions.model(identity.tenantId);
      const normalized = request.body.paths.map((input) => ({ input, result: normalizePath(input, { dropHtmlExtension: site.dropHtmlExtension }) }));
      const valid = normalized.flatMap((n) => (n.result.ok ? [n.result.path] : []));
      const decisions = evaluateMany(model, site.id, identity.userid, valid, Date.now());
      let next = 0;
      return {
        results: normalized.map(({ input, result }) => {
          if (!result.ok) return { path: input, allowed: false, level: 'none' as const, error: 'invalid_path' };
          const level = decisions[next++]!.level;
          return { path: result.path, allowed: level !== 'none', level };
        }),
      };
    },
  );

  app.get(
    '/v1/sites/:site/readable',
    { schema: { params: SiteParams, querystring: ReadableQuery, response: { 200: ReadableResponse, ...errors } } },
    async (request) => {
      const identity = identityOf(request);
      const site = siteFor(services, identity, request.params.site);
      const prefix = request.query.prefix === undefined ? '/' : pathFor(site, request.query.prefix, 'prefix');
      const limit = request.query.limit ?? 100;
      const after = request.query.cursor === undefined ? undefined : decodeCursor(request.query.cursor, isAfterCursor).after;
      const model = await permissions.model(identity.tenantId);
      const { docs } = await permissions.catalog(identity.tenantId, site.id);
      // The catalogue is in path order: the documents under a prefix are one contiguous run.
      const candidates = docs.filter((d) => d.path.startsWith(prefix) && (after === undefined || d.path > after));
      const allowed: typeof docs = [];
      // Evaluate in slices until the page is full, so a page never stops short while more follow.
      for (let i = 0; i < candidates.length && allowed.length <= limit; i += 2000) {
        allowed.push(...readable(model, site.id, identity.userid, candidates.slice(i, i + 2000), Date.now()));
      }
      const page = allowed.slice(0, limit);
      return {
        docs: page.map((d) => ({ path: d.path, title: d.title })),
        next_cursor: allowed.length > limit ? encodeCursor({ after: page.at(-1)!.path }) : null,
      };
    },
  );
};
