import Fastify, { type FastifyInstance } from 'fastify';
import type { MockState } from './internal/state.js';
import type { WecomMock } from './mock.js';
import { adminRoutes } from './routes/admin.js';
import { directoryRoutes } from './routes/directory.js';
import { identityRoutes } from './routes/identity.js';
import { signInRoutes } from './routes/sign-in.js';
import { tokenRoutes } from './routes/token.js';

/** The mock's fastify application: WeCom's three hosts on one origin, plus /__mock for admins. */
export async function buildMockApp(state: MockState, mock: WecomMock): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    // Close keep-alive connections too, so close() never waits for a client's idle socket.
    forceCloseConnections: true,
  });

  // Unknown WeCom APIs are a bare 404, not an errcode answer.
  app.setNotFoundHandler((request, reply) =>
    request.url.startsWith('/cgi-bin/') ? reply.code(404).send('') : reply.code(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );

  await app.register(async (api) => {
    // WeCom parses POST bodies as JSON whatever the content type says, and answers 47001 itself.
    api.removeAllContentTypeParsers();
    api.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    tokenRoutes(api, state);
    directoryRoutes(api, state);
    identityRoutes(api, state);
  });
  await app.register(async (pages) => signInRoutes(pages, state));
  await app.register(adminRoutes, { prefix: '/__mock', state, mock });
  return app;
}
