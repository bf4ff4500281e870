import type { FastifyInstance } from 'fastify';
import { WecomError } from '../internal/errors.js';
import { USER_TICKET_TTL_SECONDS, type IssuedCode } from '../internal/sign-in.js';
import { isTrustedHost, type MockState } from '../internal/state.js';
import { apiRoute, jsonBody, param, type ApiContext } from './pipeline.js';

/** Exchanging sign-in codes: auth/getuserinfo, the older user/getuserinfo, auth/getuserdetail. */
export function identityRoutes(app: FastifyInstance, state: MockState): void {
  /** the code's sign-in, used up, and the user_ticket a privateinfo code earns */
  const exchange = ({ request, kind }: ApiContext): { code: IssuedCode; ticket?: string } => {
    // Codes belong to the app: the contacts-sync secret cannot exchange them.
    if (kind !== 'app') throw new WecomError(48002);
    const value = param(request, 'code');
    if (!value) throw new WecomError(41008);
    const code = state.signIn.takeCode(value);
    if (!code) throw new WecomError(40029);
    if (!isTrustedHost(state, code.redirectHost)) throw new WecomError(50001);
    const user = code.userid === undefined ? undefined : state.directory.user(code.userid);
    const ticket =
      code.scope === 'snsapi_privateinfo' && user && state.directory.isUserVisible(user) ? state.signIn.issueTicket(user.userid) : undefined;
    return ticket === undefined ? { code } : { code, ticket };
  };

  apiRoute(app, state, 'GET', '/cgi-bin/auth/getuserinfo', {}, (context) => {
    const { code, ticket } = exchange(context);
    if (code.userid === undefined) return { openid: code.openid };
    return ticket === undefined ? { userid: code.userid } : { userid: code.userid, user_ticket: ticket };
  });

  apiRoute(app, state, 'GET', '/cgi-bin/user/getuserinfo', {}, (context) => {
    const { code, ticket } = exchange(context);
    if (code.userid === undefined) return { OpenId: code.openid, DeviceId: code.deviceId };
    return {
      UserId: code.userid,
      DeviceId: code.deviceId,
      ...(ticket === undefined ? {} : { user_ticket: ticket, expires_in: USER_TICKET_TTL_SECONDS }),
    };
  });

  apiRoute(app, state, 'POST', '/cgi-bin/auth/getuserdetail', {}, ({ request, kind }) => {
    if (kind !== 'app') throw new WecomError(48002);
    const ticket = jsonBody(request).user_ticket;
    const found = typeof ticket === 'string' ? state.signIn.ticket(ticket) : undefined;
    if (!found) throw new WecomError(84015);
    if (found.expired) throw new WecomError(84014);
    const user = state.directory.user(found.userid);
    if (!user) throw new WecomError(60111);
    const { userid, gender, avatar, qr_code, mobile, email, biz_mail, address } = user;
    return { userid, gender, avatar, qr_code, mobile, email, biz_mail, address };
  });
}
