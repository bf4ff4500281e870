import { DevLoginRequest, ErrorBody, LogoutRequest, TokenRequest, TokenResponse } from '@docgate/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError } from '../errors.js';
import { pkceChallenge } from '../lib/pkce.js';
import { consumeAuthCode } from '../store/auth-flow.js';
import type { Services } from '../services.js';

/**
 * Sign-in, token refresh, logout and the public keys (docs/api.md, "Identity").
 * These routes are rate limited per client address.
 */
export const authRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { config, sessions, tokens } = services;
  const rateLimit = { max: config.auth.rateLimitPerMinute, timeWindow: 60_000 };
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody };

  app.post(
    '/v1/auth/token',
    { config: { rateLimit }, schema: { body: TokenRequest, response: { 200: TokenResponse, ...errors } } },
    async (request) => {
      const body = request.body;
      if (body.grant_type === 'refresh_token') {
        if (!body.refresh_token) throw new ApiError('invalid_request', 'a refresh_token grant needs "refresh_token"');
        return sessions.refresh(body.refresh_token);
      }
      if (!body.code || !body.code_verifier) throw new ApiError('invalid_request', 'an authorization_code grant needs "code" and "code_verifier"');
      // The end of a WeCom sign-in: the one-time code, proven to be ours by the PKCE verifier.
      const signIn = await consumeAuthCode(services.database.db, body.code, Date.now());
      if (!signIn) throw new ApiError('invalid_grant', 'the sign-in code is unknown, already used or expired; sign in again');
      if (pkceChallenge(body.code_verifier) !== signIn.codeChallenge) {
        throw new ApiError('invalid_grant', 'the code_verifier does not match the challenge this sign-in started with');
      }
      return sessions.signIn(signIn.tenantId, signIn.userid, 'wecom');
    },
  );

  app.post(
    '/v1/auth/logout',
    { config: { rateLimit }, schema: { body: LogoutRequest } },
    async (request, reply) => {
      await sessions.logout(request.body.refresh_token);
      return reply.status(204).send();
    },
  );

  app.get('/.well-known/jwks.json', async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return tokens.jwks();
  });

  // Dev login exists only when switched on (the demo and tests): otherwise the route is not
  // registered at all and answers 404 like any unknown path.
  if (config.auth.devLogin) {
    app.post(
      '/v1/auth/dev-login',
      { config: { rateLimit }, schema: { body: DevLoginRequest, response: { 200: TokenResponse, ...errors } } },
      async (request) => {
        const { userid, tenant, site } = request.body;
        return sessions.signIn(resolveTenant(services, tenant, site), userid, 'dev-login');
      },
    );
  }
};

function resolveTenant(services: Services, tenant: string | undefined, site: string | undefined): string {
  const { tenants, sites } = services.config;
  if (tenant) {
    if (!tenants.some((t) => t.id === tenant)) throw new ApiError('unknown_tenant', `no tenant "${tenant}" is configured`);
    return tenant;
  }
  if (site) {
    const found = sites.find((s) => s.id === site);
    if (!found) throw new ApiError('unknown_site', `no site "${site}" is configured`);
    return found.tenant;
  }
  if (tenants.length === 1) return tenants[0]!.id;
  throw new ApiError('tenant_required', 'this server has several tenants: say which with "tenant" or "site"');
}
