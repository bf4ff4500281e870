import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import type { FastifyPluginAsync } from 'fastify';
import { errorBody } from '../plugins/errors.js';

interface Asset {
  body: Buffer;
  gzip: Buffer;
  etag: string;
  type: string;
}

/** Reads the built file once, compresses it once: it is what every employee's page loads. */
function load(specifier: string, type: string): Asset | null {
  try {
    const file = createRequire(import.meta.url).resolve(specifier);
    const body = readFileSync(file);
    return { body, gzip: gzipSync(body, { level: 9 }), etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`, type };
  } catch {
    return null;
  }
}

/**
 * GET /sdk/docgate.js: the script-tag SDK (and docgate-watermark.js, which it loads on demand) (@docgate/sdk, built by the root rollup.config.mjs),
 * and /sdk/docgate-elements.js, the admin components (@docgate/elements),
 * gzip-compressed for clients that accept it, revalidated by ETag, cacheable for five minutes
 * so a new version reaches pages quickly.
 */
export const sdkRoutes: FastifyPluginAsync = async (app) => {
  const assets: Record<string, Asset | null> = {
    'docgate.js': load('@docgate/sdk/docgate.js', 'text/javascript; charset=utf-8'),
    'docgate.js.map': load('@docgate/sdk/docgate.js.map', 'application/json; charset=utf-8'),
    // fetched by docgate.js only for pages with data-watermark
    'docgate-watermark.js': load('@docgate/sdk/docgate-watermark.js', 'text/javascript; charset=utf-8'),
    'docgate-watermark.js.map': load('@docgate/sdk/docgate-watermark.js.map', 'application/json; charset=utf-8'),
    // the admin components with lit, for admin pages (an ES module: the origin policy answers
    // CORS for the sites' origins, which module scripts need)
    'docgate-elements.js': load('@docgate/elements/docgate-elements.js', 'text/javascript; charset=utf-8'),
    'docgate-elements.js.map': load('@docgate/elements/docgate-elements.js.map', 'application/json; charset=utf-8'),
  };
  if (!assets['docgate.js']) app.log.warn('the SDK is not built (npm run build): /sdk/docgate.js will answer 404');

  app.get<{ Params: { file: string } }>('/sdk/:file', { logLevel: 'warn' }, async (request, reply) => {
    const asset = assets[request.params.file];
    if (!asset) return reply.status(404).send(errorBody('not_found', `no ${request.params.file} here; the SDK is /sdk/docgate.js`));
    reply.header('content-type', asset.type).header('etag', asset.etag).header('cache-control', 'public, max-age=300').header('vary', 'Accept-Encoding');
    if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(asset.gzip);
    return reply.send(asset.body);
  });
};
