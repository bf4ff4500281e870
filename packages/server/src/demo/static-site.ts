import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** The server address the example pages' script tag is written with. */
export const PAGES_SERVER_URL = 'http://localhost:8787';

/**
 * Serves a folder of static pages the way a plain documentation host would. HTML pages are
 * served with their docgate script tag pointed at `serverUrl` (the demo may run on other ports).
 */
export async function serveStaticSite(
  root: string,
  host: string,
  port: number,
  serverUrl: () => string,
): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify({ logger: false, forceCloseConnections: 'idle' });
  await app.register(fastifyStatic, { root, serve: false });
  const notFoundPage = async () => (await readFile(path.join(root, '404.html'), 'utf8').catch(() => 'Not found')).replaceAll(PAGES_SERVER_URL, serverUrl());

  app.get('/*', async (request, reply) => {
    let relative: string;
    try {
      relative = decodeURIComponent(request.url.split(/[?#]/)[0]!);
    } catch {
      return reply.status(400).send('Bad request');
    }
    const file = path.resolve(root, `.${relative}`);
    if (file !== root && !file.startsWith(root + path.sep)) return reply.status(404).type('text/html; charset=utf-8').send(await notFoundPage());
    const info = await stat(file).catch(() => null);
    if (info?.isDirectory() && !relative.endsWith('/')) return reply.redirect(`${relative}/`);
    const target = info?.isDirectory() ? path.join(file, 'index.html') : file;
    if (target.endsWith('.html')) {
      const html = await readFile(target, 'utf8').catch(() => null);
      if (html === null) return reply.status(404).type('text/html; charset=utf-8').send(await notFoundPage());
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html.replaceAll(PAGES_SERVER_URL, serverUrl()));
    }
    if (!info?.isFile()) return reply.status(404).type('text/html; charset=utf-8').send(await notFoundPage());
    return reply.sendFile(path.relative(root, target));
  });
  await app.listen({ host, port });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return { app, url: `http://localhost:${actualPort}` };
}
