import { AuditQuery, AuditResponse, ErrorBody } from '@docgate/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError } from '../errors.js';
import { decodeCursor, encodeCursor } from '../lib/cursor.js';
import { evaluate } from '../permissions/engine.js';
import { authenticator, identityOf } from '../plugins/authenticate.js';
import type { Services } from '../services.js';
import { listAudit } from '../store/audit.js';
import { iso, siteFor } from './site-access.js';

/**
 * The audit log: every grant, restriction, admin, import and session change, newest first.
 * A tenant admin sees the whole tenant; a site admin sees their site (`?site=`).
 */
export const auditRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.addHook('onRequest', authenticator(services.tokens));
  app.get('/v1/audit', { schema: { querystring: AuditQuery, response: { 200: AuditResponse, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } } }, async (request) => {
    const identity = identityOf(request);
    const model = await services.permissions.model(identity.tenantId);
    const active = model.members.get(identity.userid)?.status === 'active';
    const tenantAdmin = active && model.tenantAdmins.has(identity.userid);
    const siteId = request.query.site;
    if (siteId !== undefined) {
      const site = siteFor(services, identity, siteId);
      const decision = evaluate(model, site.id, identity.userid, '/', Date.now());
      if (decision.code !== 'admin') throw new ApiError('admin_required', `only an admin of ${site.id} may read its audit log`);
    } else if (!tenantAdmin) {
      throw new ApiError('admin_required', 'only a tenant admin may read the whole audit log; site admins add ?site=');
    }
    let since: number | undefined;
    if (request.query.since !== undefined) {
      since = Date.parse(request.query.since);
      if (Number.isNaN(since)) throw new ApiError('invalid_request', `since "${request.query.since}" is not an ISO 8601 date and time`);
    }
    const beforeId = request.query.cursor === undefined ? undefined : decodeCursor(request.query.cursor, isIdCursor).before;
    const page = await listAudit(services.database.db, identity.tenantId, { siteId, since, beforeId, limit: request.query.limit ?? 100 });
    return {
      entries: page.entries.map((e) => ({ id: e.id, at: iso(e.at)!, actor: e.actor, action: e.action, site: e.siteId, target: e.target, before: e.before, after: e.after })),
      next_cursor: page.more ? encodeCursor({ before: page.entries.at(-1)!.id }) : null,
    };
  });
};

function isIdCursor(value: unknown): value is { before: number } {
  return typeof value === 'object' && value !== null && Number.isInteger((value as { before?: unknown }).before);
}
