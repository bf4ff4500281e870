import { WecomCallbackQuery, WecomStartQuery, type SignInErrorCode } from '@docgate/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { ApiError } from '../errors.js';
import type { Services } from '../services.js';
import { consumeAuthState, insertAuthCode, insertAuthState, newStateId } from '../store/auth-flow.js';
import { getMember } from '../store/directory.js';
import { addMemberFromWecom } from '../wecom/contact-events.js';
import { WECOM, WecomError } from '../wecom/errors.js';

const STATE_TTL_MS = 10 * 60_000;
const CODE_TTL_MS = 60_000;

/**
 * Sign-in with WeCom (docs/api.md, "Identity"; wecom.md):
 *   GET /v1/auth/wecom/start → WeCom's page → GET /v1/auth/wecom/callback → the page, with a
 *   one-time code in its fragment (#dg_code=…) → POST /v1/auth/token with the PKCE verifier.
 * `state` is an unguessable single-use id (WeCom allows only [a-zA-Z0-9]), bound here to the
 * site, the page to return to, the PKCE challenge and the mode, for ten minutes.
 */
export const wecomAuthRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { config, database } = services;
  const rateLimit = { max: config.auth.rateLimitPerMinute, timeWindow: 60_000 };

  app.get('/v1/auth/wecom/start', { config: { rateLimit }, schema: { querystring: WecomStartQuery } }, async (request, reply) => {
    const { site: siteId, return_to, code_challenge, mode = 'webview', lang } = request.query;
    const site = config.sites.find((s) => s.id === siteId);
    if (!site) throw new ApiError('unknown_site', `no site "${siteId}" is configured`);
    let returnTo: URL;
    try {
      returnTo = new URL(return_to);
    } catch {
      throw new ApiError('invalid_request', 'return_to is not an absolute URL');
    }
    // Never an open redirect: only back to the site's own pages.
    if (!site.origins.includes(returnTo.origin)) {
      throw new ApiError('invalid_request', `return_to must be a page of the site ${site.id} (${site.origins.join(', ')})`);
    }
    returnTo.hash = '';
    const tenant = config.tenants.find((t) => t.id === site.tenant)!;
    if (!tenant.wecom.secret || !tenant.agentId) {
      throw new ApiError('wecom_not_configured', `WeCom sign-in needs the app's agentId and secret for ${tenant.id} (docs/wecom-setup.md)`);
    }
    const state = newStateId();
    await insertAuthState(database.db, {
      id: state,
      tenantId: tenant.id,
      siteId: site.id,
      returnTo: returnTo.href,
      codeChallenge: code_challenge,
      mode,
      expiresAt: Date.now() + STATE_TTL_MS,
    });
    const callback = `${config.publicUrl}/v1/auth/wecom/callback`;
    const target =
      mode === 'webview'
        ? `${tenant.wecom.oauthBaseUrl}/connect/oauth2/authorize?${new URLSearchParams({
            appid: tenant.corpId,
            redirect_uri: callback,
            response_type: 'code',
            scope: 'snsapi_base',
            state,
            agentid: tenant.agentId,
          })}#wechat_redirect`
        : `${tenant.wecom.qrBaseUrl}/wwlogin/sso/login?${new URLSearchParams({
            login_type: 'CorpApp',
            appid: tenant.corpId,
            agentid: tenant.agentId,
            redirect_uri: callback,
            state,
            ...(lang ? { lang } : {}),
          })}`;
    return reply.redirect(target, 302);
  });

  app.get('/v1/auth/wecom/callback', { config: { rateLimit }, schema: { querystring: WecomCallbackQuery } }, async (request, reply) => {
    const now = Date.now();
    const state = request.query.state && /^[a-f0-9]{32}$/.test(request.query.state) ? await consumeAuthState(database.db, request.query.state, now) : null;
    if (!state) return expiredPage(reply);
    const back = (fragment: Record<string, string>) => {
      const url = new URL(state.returnTo);
      url.hash = new URLSearchParams(fragment).toString();
      return reply.header('cache-control', 'no-store').redirect(url.href, 302);
    };
    const fail = (code: SignInErrorCode) => back({ dg_error: code });
    const client = services.wecom.for(state.tenantId);
    if (!client || !request.query.code) return fail(client ? 'wecom_code_invalid' : 'wecom_not_configured');

    let userid: string | undefined;
    try {
      const who = await client.get<{ userid?: string; openid?: string }>('app', '/cgi-bin/auth/getuserinfo', { code: request.query.code });
      userid = who.userid;
    } catch (error) {
      request.log.warn({ err: error }, 'WeCom sign-in: exchanging the code failed');
      const errcode = error instanceof WecomError ? error.errcode : 0;
      return fail(errcode === WECOM.invalidCode ? 'wecom_code_invalid' : 'wecom_unavailable');
    }
    if (!userid) return fail('not_a_member'); // an outsider (openid only)
    const tenant = config.tenants.find((t) => t.id === state.tenantId)!;
    let member: { status: string } | null = (await getMember(database.db, tenant.id, userid)) ?? null;
    if (!member) {
      // Joined since the last sync, and the change callback is late or lost: ask WeCom.
      try {
        member = await addMemberFromWecom(services, tenant.id, client, userid);
      } catch (error) {
        request.log.warn({ err: error, userid }, 'WeCom sign-in: reading a member new to the directory failed');
        return fail('wecom_unavailable');
      }
    }
    if (member && member.status !== 'active') return fail('user_inactive');
    if (!member && !tenant.admins.includes(userid)) return fail('user_not_found');
    const code = await insertAuthCode(database.db, { tenantId: tenant.id, siteId: state.siteId, userid, codeChallenge: state.codeChallenge }, now + CODE_TTL_MS);
    return back({ dg_code: code });
  });
};

/** The state is unknown or spent: we do not know where to send the reader, so we say so. */
function expiredPage(reply: FastifyReply) {
  return reply
    .status(400)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>登录已过期 · Sign-in expired</title>
<style>body{font:16px/1.6 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}</style></head>
<body><h1>登录链接已过期</h1><p>请回到刚才的文档页面重新打开，系统会再次为你登录。</p>
<h2 lang="en">This sign-in link has expired</h2><p lang="en">Go back to the page you were reading and open it again: you will be signed in again.</p></body></html>`);
}
