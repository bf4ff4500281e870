import type { FastifyInstance } from 'fastify';
import { errorBody } from './errors.js';

const ALLOW_METHODS = 'GET, POST, PUT, DELETE';
const ALLOW_HEADERS = 'Authorization, Content-Type';
const EXPOSE_HEADERS = 'Retry-After, X-Request-Id';

/**
 * Browsers may call the API only from a configured site's origins (and this server's own).
 * A request that names any other origin, including `null` (sandboxed frames, file: pages), is
 * refused outright with 403 rather than merely denied CORS headers: a `text/plain` POST would
 * otherwise still run before the browser hid the answer.
 *
 * CORS is answered here too, in the same hook, instead of by @fastify/cors: our policy is one
 * set of origins, fixed methods and headers, and the plugin's second hook cost 10–15 % of a
 * permission check's CPU (docs/perf.md).
 *
 * Credentials are allowed only on `credentialedPaths` (the reading events): `navigator.sendBeacon`
 * always sends in credentials mode "include", and a beacon whose body is not CORS-safelisted
 * (a JSON Blob) is dropped by the browser unless the answer says
 * `Access-Control-Allow-Credentials: true`. docgate sets no cookies, so this lets nothing
 * ambient through: the token still has to be in the request.
 */
export interface OriginPolicyOptions {
  /** paths (without the query) whose CORS answers allow credentials */
  credentialedPaths?: readonly string[];
}

export function installOriginPolicy(app: FastifyInstance, allowedOrigins: Iterable<string>, options: OriginPolicyOptions = {}): void {
  const allowed = new Set(allowedOrigins);
  const credentialed = new Set(options.credentialedPaths ?? []);
  // One hook for everything every request needs: it runs on each of them.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    // The answer depends on the Origin header: shared caches must keep them apart.
    reply.header('vary', 'Origin');
    const origin = request.headers.origin;
    if (origin === undefined) {
      done();
      return;
    }
    if (!allowed.has(origin)) {
      reply.status(403).send(errorBody('origin_not_allowed', `the origin ${origin} is not one of the configured sites' origins`));
      return;
    }
    reply.header('access-control-allow-origin', origin);
    if (credentialed.size && credentialed.has(request.url.split('?', 1)[0]!)) reply.header('access-control-allow-credentials', 'true');
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      // A preflight: say what may be sent, and let the browser remember it for ten minutes.
      reply
        .header('access-control-allow-methods', ALLOW_METHODS)
        .header('access-control-allow-headers', ALLOW_HEADERS)
        .header('access-control-max-age', '600')
        .status(204)
        .send();
      return;
    }
    reply.header('access-control-expose-headers', EXPOSE_HEADERS);
    done();
  });
}
