import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built React client. Page routes (`/j/…`, `/venue/…`) get index.html; the client
 * itself shows a plain page for links it does not know. Unknown `/api` paths stay JSON 404s.
 */
export async function serveClientApp(app: FastifyInstance, distDir: string): Promise<void> {
  const root = path.resolve(distDir);
  const built = fs.existsSync(path.join(root, 'index.html'));
  if (built) await app.register(fastifyStatic, { root, wildcard: false, index: 'index.html' });

  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/socket.io');
    if (isPage && built) return reply.type('text/html').sendFile('index.html');
    if (isPage) return reply.code(503).type('text/plain').send('The client is not built yet: run `npm run build`.');
    return reply.code(404).send({ ok: false, code: 'NOT_FOUND', message: `No route ${request.method} ${request.url}` });
  });
}
