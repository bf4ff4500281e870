import type { FastifyInstance } from 'fastify';
import { WecomError } from '../internal/errors.js';
import type { MockState } from '../internal/state.js';
import { apiRoute, param } from './pipeline.js';

/** GET /cgi-bin/gettoken?corpid&corpsecret: one token per secret */
export function tokenRoutes(app: FastifyInstance, state: MockState): void {
  apiRoute(app, state, 'GET', '/cgi-bin/gettoken', { token: false }, ({ request }) => {
    const corpid = param(request, 'corpid');
    const secret = param(request, 'corpsecret');
    // WeCom reports the missing secret first, even when corpid is missing too.
    if (!secret) throw new WecomError(41004);
    if (!corpid) throw new WecomError(41002);
    if (corpid !== state.corp.corpId) throw new WecomError(40013);
    const kind = secret === state.corp.secret ? 'app' : secret === state.corp.contactsSecret ? 'contacts' : null;
    if (kind === null) throw new WecomError(40001);
    const { token, expiresIn } = state.tokens.get(kind);
    return { access_token: token, expires_in: expiresIn };
  });
}
