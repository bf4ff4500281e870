import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Serves a folder of static pages the way a plain documentation host would. */
export async function serveStaticSite(root: string, host: string, port: number): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify({ logger: false, forceCloseConnections: 'idle' });
  await app.register(fastifyStatic, { root, index: ['index.html'], redirect: true, cacheControl: false });
  const notFoundPage = await readFile(path.join(root, '404.html'), 'utf8').catch(() => 'Not found');
  app.setNotFoundHandler((_request, reply) => {
    reply.status(404).type('text/html; charset=utf-8').send(notFoundPage);
  });
  await app.listen({ host, port });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return { app, url: `http://localhost:${actualPort}` };
}
