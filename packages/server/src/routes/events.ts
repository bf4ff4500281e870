import { ErrorBody, EventsRequest, EventsResponse, MAX_EVENTS_BODY_BYTES, normalizePath } from '@docgate/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Identity } from '../auth/tokens.js';
import type { SiteConfig } from '../config.js';
import { ApiError } from '../errors.js';
import { evaluate } from '../permissions/engine.js';
import { boundEvent } from '../reading/bounds.js';
import { dayOf } from '../reading/days.js';
import type { Services } from '../services.js';
import type { CatalogEntry } from '../store/catalog.js';
import type { SegmentReport } from '../store/reading-events.js';

/**
 * Reading events (docs/api.md, "Reading events"): the SDK's segment totals, sent with
 * `navigator.sendBeacon` (a `text/plain` body, so no preflight, and no way to set a header: the
 * token may come in the body) or `fetch` (JSON). Everything is checked before anything is
 * written; the answer (202) comes once the events are committed.
 */
export const eventRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { config, permissions } = services;
  // A beacon's body is text/plain holding JSON: parsed like a JSON body (same limits, same
  // protection against __proto__), in this plugin only.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit: MAX_EVENTS_BODY_BYTES }, app.getDefaultJsonParser('error', 'error'));

  app.post(
    '/v1/events',
    {
      bodyLimit: MAX_EVENTS_BODY_BYTES,
      schema: {
        body: EventsRequest,
        response: { 202: EventsResponse, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (request, reply) => {
      const body = request.body;
      checkNumbers(body);
      const identity = await identityFor(services, request.headers.authorization, body.token);
      const site = siteFor(config.sites, identity, body.site);
      const timeZone = config.tenants.find((t) => t.id === identity.tenantId)!.timeZone;
      const paths = body.events.map((event, i) => {
        const normalized = normalizePath(event.path, { dropHtmlExtension: site.dropHtmlExtension });
        if (!normalized.ok) {
          throw new ApiError('invalid_path', `events[${i}].path "${event.path.slice(0, 200)}" is not valid: ${normalized.reason}; nothing was written`, {
            problems: [{ where: `body/events/${i}/path`, message: normalized.reason }],
          });
        }
        return normalized.path;
      });

      const model = await permissions.model(identity.tenantId);
      const { titles } = await permissions.catalog(identity.tenantId, site.id);
      const now = Date.now();
      const allowed = new Map<string, boolean>();
      const reports: SegmentReport[] = [];
      const docs = new Map<string, CatalogEntry>();
      body.events.forEach((event, i) => {
        const path = paths[i]!;
        let may = allowed.get(path);
        if (may === undefined) allowed.set(path, (may = evaluate(model, site.id, identity.userid, path, now).level !== 'none'));
        // A page the reader may not read counts nothing (and is not catalogued).
        if (!may) return;
        const bounded = boundEvent(event, now, body.sentAt);
        reports.push({
          tenantId: identity.tenantId,
          siteId: site.id,
          userid: identity.userid,
          path,
          segment: event.segment,
          seq: event.seq,
          startedAt: bounded.startedAt,
          day: dayOf(bounded.startedAt, timeZone),
          activeMs: bounded.activeMs,
          visibleMs: bounded.visibleMs,
          maxDepth: bounded.maxDepth,
          completed: bounded.completed,
        });
        const title = event.title?.trim() || null;
        if (!titles.has(path) || (title !== null && titles.get(path) !== title)) docs.set(path, { path, title: title ?? docs.get(path)?.title ?? null });
      });
      const refused = body.events.length - reports.length;
      if (reports.length === 0) return reply.status(202).send({ accepted: 0, ignored: refused });
      const outcome = await services.reading.submit({ tenantId: identity.tenantId, siteId: site.id, reports, docs: [...docs.values()] });
      return reply.status(202).send({ accepted: outcome.accepted, ignored: outcome.ignored + refused });
    },
  );
};

/**
 * The token from `Authorization: Bearer`, else from the body (beacons cannot set headers).
 * Identity comes from the token alone: a user named anywhere in the body is never read.
 */
async function identityFor(services: Services, header: string | undefined, bodyToken: string | undefined): Promise<Identity> {
  const match = header && /^Bearer\s+(\S+)\s*$/i.exec(header);
  const token = match ? match[1]! : bodyToken;
  if (!token) throw new ApiError('token_missing', 'send an access token as "Authorization: Bearer <token>" or in the body field "token"');
  return services.tokens.verifyAccessToken(token);
}

/** The site named, which must be the token's tenant's: another tenant's is refused, not merely unknown. */
function siteFor(sites: SiteConfig[], identity: Identity, siteId: string): SiteConfig {
  const site = sites.find((s) => s.id === siteId);
  if (!site) throw new ApiError('unknown_site', `no site "${siteId}" here`);
  if (site.tenant !== identity.tenantId) {
    throw new ApiError('wrong_tenant', `the token is for another organisation than the site "${siteId}"; nothing was written`);
  }
  return site;
}

/**
 * The schema says "integer ≥ 0"; JSON numbers beyond 2^53 pass that and then lose precision
 * (or overflow a bigint column): refused like any other schema violation.
 */
function checkNumbers(body: EventsRequest): void {
  const problems: Array<{ where: string; message: string }> = [];
  const check = (value: number | undefined, where: string) => {
    if (value !== undefined && !Number.isSafeInteger(value)) problems.push({ where, message: `must be at most ${Number.MAX_SAFE_INTEGER}` });
  };
  check(body.sentAt, 'body/sentAt');
  body.events.forEach((e, i) => {
    check(e.startedAt, `body/events/${i}/startedAt`);
    check(e.activeMs, `body/events/${i}/activeMs`);
    check(e.visibleMs, `body/events/${i}/visibleMs`);
  });
  if (problems.length) throw new ApiError('invalid_request', `body${problems[0]!.where.slice(4)} ${problems[0]!.message}; nothing was written`, { problems });
}
