import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WecomError, errorBody } from '../internal/errors.js';
import { delay, faultPage, type Fault } from '../internal/faults.js';
import { countCall, type MockState } from '../internal/state.js';
import type { SecretKind } from '../internal/tokens.js';

export interface ApiContext {
  request: FastifyRequest;
  /** the secret behind the access_token (undefined for gettoken) */
  kind: SecretKind;
  ip: string;
}

export interface ApiRouteOptions {
  /** false for gettoken; everything else needs access_token */
  token?: boolean;
  /** WeCom keeps the answer's empty lists in error answers, e.g. {"errcode":40014,…,"dept_user":[]} */
  errorFields?: Record<string, unknown>;
}

type Handler = (context: ApiContext) => Record<string, unknown> | Promise<Record<string, unknown>>;

/**
 * Registers a /cgi-bin API with what every WeCom API does before its own work: count the call,
 * concurrency (45033), injected faults, trusted IPs (60020), frequency limits (45009) and the
 * access_token (41001, 40014, 42001). Handlers return the payload or throw a WecomError.
 */
export function apiRoute(app: FastifyInstance, state: MockState, method: 'GET' | 'POST', path: string, options: ApiRouteOptions, handler: Handler): void {
  const errorFields = options.errorFields ?? {};
  app.route({
    method,
    url: path,
    handler: async (request, reply) => {
      const ip = clientIp(request);
      const fail = (errcode: number, text?: string) => reply.send({ ...errorBody(errcode, ip, state.now(), text), ...errorFields });
      countCall(state, path);
      if (!state.limiter.enter(path)) return fail(45033);
      try {
        const fault = state.faults.take(path);
        if (fault && (await applyFault(fault, reply, ip, state))) return reply;
        const trustedIps = state.settings.trustedIps;
        if (trustedIps !== null && !trustedIps.includes(ip)) return fail(60020);
        if (!state.limiter.allow(path, ip)) return fail(45009);
        let kind: SecretKind = 'app';
        if (options.token !== false) {
          const token = param(request, 'access_token');
          if (!token) return fail(41001);
          const check = state.tokens.check(token);
          if ('errcode' in check) return fail(check.errcode);
          kind = check.kind;
        }
        const payload = await handler({ request, kind, ip });
        return reply.send({ errcode: 0, errmsg: 'ok', ...payload });
      } catch (error) {
        if (error instanceof WecomError) return fail(error.errcode, error.detail);
        throw error;
      } finally {
        state.limiter.leave(path);
      }
    },
  });
}

/** waits, then answers the fault if it is an error; true when the reply was sent */
export async function applyFault(fault: Fault, reply: FastifyReply, ip: string, state: MockState): Promise<boolean> {
  if (fault.delayMs) await delay(fault.delayMs);
  if (fault.errcode !== undefined) {
    reply.code(fault.status ?? 200).send(errorBody(fault.errcode, ip, state.now()));
    return true;
  }
  if (fault.status !== undefined) {
    reply.code(fault.status).type('text/html').send(faultPage(fault.status));
    return true;
  }
  return false;
}

/** a query parameter as text (the first when repeated) */
export function param(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value[0] : value;
}

/** WeCom reads POST bodies as JSON whatever the content type; bad JSON is 47001 */
export function jsonBody(request: FastifyRequest): Record<string, unknown> {
  const raw = request.body;
  if (raw === undefined || raw === null || raw === '') return {};
  if (typeof raw !== 'string') return raw as Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new WecomError(47001);
    return parsed as Record<string, unknown>;
  } catch {
    throw new WecomError(47001);
  }
}

export function clientIp(request: FastifyRequest): string {
  const ip = request.ip;
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
