import {
  AccessQuery,
  AccessResponse,
  CreateGrantRequest,
  ErrorBody,
  ExplainQuery,
  ExplainResponse,
  Grant,
  GrantParams,
  GrantsResponse,
  PathQuery,
  RestrictionRequest,
  RestrictionResponse,
  SiteParams,
  pathAndAncestors,
  type AccessVia,
} from '@docgate/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError } from '../errors.js';
import { decodeCursor, encodeCursor, isAfterCursor } from '../lib/cursor.js';
import { audience, effectiveGrants, evaluate, userGrants, type Decision } from '../permissions/engine.js';
import type { TenantModel } from '../permissions/model.js';
import { authenticator, identityOf } from '../plugins/authenticate.js';
import type { Services } from '../services.js';
import { appendAudit } from '../store/audit.js';
import { deleteGrant, findGrant, findGrantFor, insertGrant, isRestricted, newGrantId, setRestriction, updateGrant, type GrantRecord } from '../store/grants.js';
import { recordPermissionChange } from '../store/permission-changes.js';
import { bumpRevision } from '../store/tenants.js';
import { iso, pathFor, requireManage, siteFor } from './site-access.js';

/**
 * Grants, restrictions, who has access and why (docs/api.md, "Permissions"). Everything here
 * needs `manage` on the path concerned: a reader cannot see grants or audiences.
 */
export const grantRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { permissions, database } = services;
  app.addHook('onRequest', authenticator(services.tokens));
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

  const toGrant = (model: TenantModel, g: GrantRecord, now: number): Grant => ({
    id: g.id,
    site: g.siteId,
    path: g.path,
    subject: g.subject,
    subjectName: model.subjectName(g.subject),
    level: g.level,
    expiresAt: iso(g.expiresAt),
    expired: g.expiresAt !== null && g.expiresAt <= now,
    createdBy: g.createdBy,
    createdAt: iso(g.createdAt)!,
  });

  app.get(
    '/v1/sites/:site/grants',
    { schema: { params: SiteParams, querystring: PathQuery, response: { 200: GrantsResponse, ...errors } } },
    async (request) => {
      const identity = identityOf(request);
      const site = siteFor(services, identity, request.params.site);
      const path = pathFor(site, request.query.path);
      const model = await permissions.model(identity.tenantId);
      requireManage(model, site, identity, path, 'see its grants');
      const now = Date.now();
      const effective = effectiveGrants(model, site.id, path, now);
      return {
        path,
        direct: effective.direct.map((g) => toGrant(model, g, now)),
        inherited: effective.inherited.map(({ grant, from }) => ({ ...toGrant(model, grant, now), from })),
        restricted: model.sites.get(site.id)!.restricted.has(path),
        cutAt: effective.cutAt,
      };
    },
  );

  app.post(
    '/v1/sites/:site/grants',
    { schema: { params: SiteParams, body: CreateGrantRequest, response: { 200: Grant, 201: Grant, ...errors } } },
    async (request, reply) => {
      const identity = identityOf(request);
      const site = siteFor(services, identity, request.params.site);
      const path = pathFor(site, request.body.path);
      const { subject, level } = request.body;
      const model = await permissions.model(identity.tenantId);
      // Granting needs manage on the path; manage is the highest level, so nobody can grant
      // above their own, and a folder's manager can grant at or below it, never above.
      requireManage(model, site, identity, path, 'grant access to it');
      checkSubject(model, subject);
      const now = Date.now();
      let expiresAt: number | null = null;
      if (request.body.expiresAt != null) {
        expiresAt = Date.parse(request.body.expiresAt);
        if (Number.isNaN(expiresAt)) throw new ApiError('invalid_request', `expiresAt "${request.body.expiresAt}" is not an ISO 8601 date and time`);
        if (expiresAt <= now) throw new ApiError('invalid_request', 'expiresAt must be in the future');
      }
      const result = await database.db.transaction().execute(async (trx) => {
        const revision = await bumpRevision(trx, identity.tenantId);
        const existing = await findGrantFor(trx, site.id, path, subject);
        if (existing) {
          await updateGrant(trx, existing.id, { level, expiresAt });
          const updated = { ...existing, level, expiresAt };
          await recordPermissionChange(trx, identity.tenantId, revision, { kind: 'grant.put', grant: updated });
          await appendAudit(trx, { tenantId: identity.tenantId, actor: identity.userid, action: 'grant.update', siteId: site.id, target: path, before: existing, after: updated });
          return { grant: updated, created: false };
        }
        const grant: GrantRecord = { id: newGrantId(), siteId: site.id, path, subject, level, expiresAt, createdBy: identity.userid, createdAt: now };
        await insertGrant(trx, identity.tenantId, grant);
        await recordPermissionChange(trx, identity.tenantId, revision, { kind: 'grant.put', grant });
        await appendAudit(trx, { tenantId: identity.tenantId, actor: identity.userid, action: 'grant.create', siteId: site.id, target: path, after: grant });
        return { grant, created: true };
      });
      permissions.changed(identity.tenantId);
      return reply.status(result.created ? 201 : 200).send(toGrant(model, result.grant, now));
    },
  );

  app.delete(
    '/v1/sites/:site/grants/:id',
    { schema: { params: GrantParams } },
    async (request, reply) => {
      const identity = identityOf(request);
      const site = siteFor(services, identity, request.params.site);
      const grant = await findGrant(database.db, identity.tenantId, request.params.id);
      if (!grant || grant.siteId !== site.id) throw new ApiError('not_found', `no grant ${request.params.id} on site ${site.id}`);
      const model = await permissions.model(identity.tenantId);
      requireManage(model, site, identity, grant.path, 'remove its grants');
      await database.db.transaction().execute(async (trx) => {
        const revision = await bumpRevision(trx, identity.tenantId);
        await deleteGrant(trx, identity.tenantId, grant.id);
        await recordPermissionChange(trx, identity.tenantId, revision, { kind: 'grant.delete', siteId: site.id, id: grant.id });
        await appendAudit(trx, { tenantId: identity.tenantId, actor: identity.userid, action: 'grant.delete', siteId: site.id, target: grant.path, before: grant });
      });
      permissions.changed(identity.tenantId);
      return reply.status(204).send();
    },
  );

  app.put(
    '/v1/sites/:site/restrictions',
    { schema: { params: SiteParams, body: RestrictionRequest, response: { 200: RestrictionResponse, ...errors } } },
    async (request) => {
      const identity = identityOf(request);
      const site = siteFor(services, identity, request.params.site);
      const path = pathFor(site, request.body.path);
      const { restricted } = request.body;
      if (!path.endsWith('/')) throw new ApiError('invalid_path', `only folders can be restricted: end the path with "/" (${path}/)`);
      if (path === '/') throw new ApiError('invalid_path', 'the root has nothing above it to cut off; restrict a folder below it');
      const model = await permissions.model(identity.tenantId);
      requireManage(model, site, identity, path, 'restrict it');
      const now = Date.now();
      const decision = evaluate(model, site.id, identity.userid, path, now);
      if (restricted && decision.code !== 'admin') {
        // Below a restriction only grants at or under the folder count: would the caller keep manage?
        const own = model.sites.get(site.id)!;
        if (userGrants(model, own, identity.userid, now).byPath.get(path)?.level !== 'manage') {
          throw new ApiError(
            'would_lock_out',
            `restricting ${path} would take away your own manage access, which comes from above it; grant yourself manage on ${path} first`,
          );
        }
      }
      await database.db.transaction().execute(async (trx) => {
        const before = await isRestricted(trx, site.id, path);
        if (before === restricted) return;
        const revision = await bumpRevision(trx, identity.tenantId);
        await setRestriction(trx, identity.tenantId, site.id, path, restricted, identity.userid);
        await recordPermissionChange(trx, identity.tenantId, revision, { kind: 'restriction', siteId: site.id, path, restricted });
        await appendAudit(trx, { tenantId: identity.tenantId, actor: identity.userid, action: restricted ? 'restriction.set' : 'restriction.unset', siteId: site.id, target: path, before: { restricted: before }, after: { restricted } });
      });
      permissions.changed(identity.tenantId);
      return { path, restricted };
    },
  );

  app.get(
    '/v1/sites/:site/access',
    { schema: { params: SiteParams, querystring: AccessQuery, response: { 200: AccessResponse, ...errors } } },
    async (request) => {
      const identity = identityOf(request);
      const site = siteFor(services, identity, request.params.site);
      const path = pathFor(site, request.query.path);
      const model = await permissions.model(identity.tenantId);
      requireManage(model, site, identity, path, 'see who has access');
      const everyone = audience(model, site.id, path, Date.now());
      const q = request.query.q?.trim().toLowerCase();
      const matching = q ? everyone.filter((m) => m.userid.toLowerCase().includes(q) || model.members.get(m.userid)!.name.toLowerCase().includes(q)) : everyone;
      const after = request.query.cursor === undefined ? undefined : decodeCursor(request.query.cursor, isAfterCursor).after;
      const limit = request.query.limit ?? 50;
      const start = after === undefined ? 0 : matching.findIndex((m) => m.userid > after);
      const page = start < 0 ? [] : matching.slice(start, start + limit);
      const more = start >= 0 && start + limit < matching.length;
      return {
        path,
        total: everyone.length,
        counts: { read: everyone.filter((m) => m.level === 'read').length, manage: everyone.filter((m) => m.level === 'manage').length },
        matched: matching.length,
        users: page.map((m) => {
          const member = model.members.get(m.userid)!;
          const via: AccessVia =
            m.via.kind === 'admin'
              ? m.via
              : { kind: 'grant', grantId: m.via.grant.id, subject: m.via.grant.subject, path: m.via.grant.path };
          return {
            id: m.userid,
            name: member.name,
            departments: member.departments.map((d) => ({ id: d, name: model.departments.get(d)?.name ?? String(d) })),
            level: m.level,
            via,
          };
        }),
        next_cursor: more ? encodeCursor({ after: page.at(-1)!.userid }) : null,
      };
    },
  );

  app.get(
    '/v1/sites/:site/explain',
    { schema: { params: SiteParams, querystring: ExplainQuery, response: { 200: ExplainResponse, ...errors } } },
    async (request) => {
      const identity = identityOf(request);
      const site = siteFor(services, identity, request.params.site);
      const path = pathFor(site, request.query.path);
      const model = await permissions.model(identity.tenantId);
      requireManage(model, site, identity, path, 'explain who can read it');
      const now = Date.now();
      const userid = request.query.user;
      const decision = evaluate(model, site.id, userid, path, now);
      return {
        path,
        user: userid,
        level: decision.level,
        code: decision.code,
        decidedBy: decision.grant && toGrant(model, decision.grant, now),
        cutAt: decision.cutAt,
        reason: explainDecision(model, site.id, userid, path, decision, now),
      };
    },
  );
};

/** 400 invalid_subject unless the subject names someone or something in the directory. */
function checkSubject(model: TenantModel, subject: string): void {
  if (subject === 'everyone') return;
  const [kind, rest = ''] = subject.split(':', 2) as [string, string?];
  if (kind === 'user' && !model.members.has(rest)) throw new ApiError('invalid_subject', `no member "${rest}" in the directory`);
  if (kind === 'dept' && !model.departments.has(Number(rest.replace('/*', '')))) {
    throw new ApiError('invalid_subject', `no department ${rest.replace('/*', '')} in the directory`);
  }
  if (kind === 'tag' && !model.tags.has(Number(rest))) throw new ApiError('invalid_subject', `no tag ${rest} in the directory`);
}

function describeSubject(model: TenantModel, subject: string): string {
  if (subject === 'everyone') return 'everyone in the company';
  const name = model.subjectName(subject);
  if (subject.startsWith('user:')) return name ? `${name} (${subject.slice(5)})` : subject;
  if (subject.endsWith('/*')) return `${name ?? subject} and its sub-departments`;
  if (subject.startsWith('dept:')) return `the department ${name ?? subject}`;
  return `the tag ${name ?? subject}`;
}

/** A sentence saying what decided, for "why can X read this". */
function explainDecision(model: TenantModel, siteId: string, userid: string, path: string, decision: Decision, now: number): string {
  const member = model.members.get(userid);
  const who = member ? `${member.name} (${userid})` : userid;
  const cut = decision.cutAt ? ` Inheritance stops at the restricted folder ${decision.cutAt}.` : '';
  switch (decision.code) {
    case 'unknown_user':
      return `${userid} is not in the directory, so gets no access.`;
    case 'inactive':
      return `${who} is ${member?.status === 'left' ? 'no longer with the company' : 'disabled'}, so gets no access.`;
    case 'unknown_site':
      return `the site ${siteId} does not exist.`;
    case 'admin':
      return `${who} is ${decision.adminScope === 'tenant' ? 'an admin of the company' : 'an admin of this site'}: manage everywhere.`;
    case 'grant': {
      const g = decision.grant!;
      const where = g.path === path ? 'on this path' : `on ${g.path}`;
      const until = g.expiresAt ? `, until ${new Date(g.expiresAt).toISOString()}` : '';
      return `${who} may ${g.level} through the grant to ${describeSubject(model, g.subject)} ${where}${until}.${cut}`;
    }
    case 'restricted': {
      // Say what the restriction took away, if anything: the grant that would reach them above it.
      const site = model.sites.get(siteId)!;
      const grants = userGrants(model, site, userid, now).byPath;
      const above = pathAndAncestors(decision.cutAt!).slice(1).map((p) => grants.get(p)).find((g) => g !== undefined);
      const lost = above ? ` Without the restriction, the grant to ${describeSubject(model, above.subject)} on ${above.path} would let them ${above.level}.` : '';
      return `${decision.cutAt} is restricted: only grants at or under it count, and none of them reaches ${who}.${lost}`;
    }
    case 'no_grant':
      return `no grant on ${path} or any folder above it reaches ${who} (as a person, through a department or a tag, or as everyone).`;
  }
}
