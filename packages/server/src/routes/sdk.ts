import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../plugins/errors.js';

interface Asset {
  body: Buffer;
  gzip: Buffer;
  etag: string;
  type: string;
}

const JS = 'text/javascript; charset=utf-8';
const SOURCE_MAP = 'application/json; charset=utf-8';
/** the same names in every release: a new version reaches pages within five minutes */
const SHORT = 'public, max-age=300';
/**
 * The elements' entry names its chunks by hash, and a deploy removes the old ones: an admin page
 * must not run an entry older than the server's chunks, so it revalidates every time (a 304 when
 * nothing changed). Only admin pages load it.
 */
const REVALIDATE = 'no-cache';
/** a chunk's name holds a hash of its content: another content is another name */
const IMMUTABLE = 'public, max-age=31536000, immutable';

const resolve = (specifier: string) => createRequire(import.meta.url).resolve(specifier);

/** Reads a built file once, compresses it once: it is what every employee's page loads. */
function read(file: string, type: string): Asset {
  const body = readFileSync(file);
  return { body, gzip: gzipSync(body, { level: 9 }), etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`, type };
}

function load(specifier: string, type: string): Asset | null {
  try {
    return read(resolve(specifier), type);
  } catch {
    return null;
  }
}

/**
 * The chunks in `chunks/` beside a bundle's entry (rollup's `chunks/<name>-<hash>.js`, which the
 * entry imports relative to its own URL), and their source maps, by file name: only what is
 * there when the server starts is served.
 */
function loadChunks(entry: string): Map<string, Asset> {
  const chunks = new Map<string, Asset>();
  let dir: string;
  let files: string[];
  try {
    dir = path.join(path.dirname(resolve(entry)), 'chunks');
    files = readdirSync(dir, { withFileTypes: true })
      .filter((file) => file.isFile())
      .map((file) => file.name);
  } catch {
    // not built, or a bundle without chunks
    return chunks;
  }
  for (const file of files) {
    const type = file.endsWith('.js') ? JS : file.endsWith('.js.map') ? SOURCE_MAP : null;
    if (type) chunks.set(file, read(path.join(dir, file), type));
  }
  return chunks;
}

/**
 * GET /sdk/docgate.js: the script-tag SDK (and docgate-watermark.js, which it loads on demand) (@docgate/sdk, built by the root rollup.config.mjs),
 * and /sdk/docgate-elements.js, the admin components (@docgate/elements), with its chunks
 * (/sdk/chunks/<name>-<hash>.js: the components' words, one language each);
 * gzip-compressed for clients that accept it, revalidated by ETag, cacheable for five minutes
 * so a new version reaches pages quickly (the chunks, whose names change with their content,
 * for good).
 */
export const sdkRoutes: FastifyPluginAsync = async (app) => {
  const assets = new Map<string, Asset | null>([
    ['docgate.js', load('@docgate/sdk/docgate.js', JS)],
    ['docgate.js.map', load('@docgate/sdk/docgate.js.map', SOURCE_MAP)],
    // fetched by docgate.js only for pages with data-watermark
    ['docgate-watermark.js', load('@docgate/sdk/docgate-watermark.js', JS)],
    ['docgate-watermark.js.map', load('@docgate/sdk/docgate-watermark.js.map', SOURCE_MAP)],
    // the admin components with lit, for admin pages (an ES module: the origin policy answers
    // CORS for the sites' origins, which module scripts and the chunks they import need)
    ['docgate-elements.js', load('@docgate/elements/docgate-elements.js', JS)],
    ['docgate-elements.js.map', load('@docgate/elements/docgate-elements.js.map', SOURCE_MAP)],
  ]);
  const chunks = loadChunks('@docgate/elements/docgate-elements.js');
  if (!assets.get('docgate.js')) app.log.warn('the SDK is not built (npm run build): /sdk/docgate.js will answer 404');

  const send = (request: FastifyRequest, reply: FastifyReply, asset: Asset, cacheControl: string) => {
    // The origin policy's `Vary: Origin` stays: the CORS answer depends on it.
    const vary = [reply.getHeader('vary'), 'Accept-Encoding'].filter(Boolean).join(', ');
    reply.header('content-type', asset.type).header('etag', asset.etag).header('cache-control', cacheControl).header('vary', vary);
    if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(asset.gzip);
    return reply.send(asset.body);
  };

  app.get<{ Params: { file: string } }>('/sdk/:file', { logLevel: 'warn' }, async (request, reply) => {
    const asset = assets.get(request.params.file);
    if (!asset) return reply.status(404).send(errorBody('not_found', `no ${request.params.file} here; the SDK is /sdk/docgate.js`));
    return send(request, reply, asset, request.params.file.startsWith('docgate-elements.js') ? REVALIDATE : SHORT);
  });

  app.get<{ Params: { file: string } }>('/sdk/chunks/:file', { logLevel: 'warn' }, async (request, reply) => {
    const asset = chunks.get(request.params.file);
    if (!asset) return reply.status(404).send(errorBody('not_found', `no chunk ${request.params.file} here`));
    return send(request, reply, asset, IMMUTABLE);
  });
};
