import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Vite puts content-hashed file names under `assets/`: they never change, so browsers may keep them for a year. */
const HASHED_ASSETS = `${path.sep}assets${path.sep}`;

/**
 * Serves the built React client. Page routes (`/j/…`, `/venue/…`) get index.html; the client
 * itself shows a plain page for links it does not know. Unknown `/api` paths stay JSON 404s.
 * Files are sent brotli- or gzip-compressed when the browser accepts it; hashed `/assets/*` are cached for a year,
 * everything else (index.html) is revalidated on each load so a new deploy is picked up.
 */
export async function serveClientApp(app: FastifyInstance, distDir: string): Promise<void> {
  const root = path.resolve(distDir);
  const built = fs.existsSync(path.join(root, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: 'index.html',
      // The build writes `.br` and `.gz` next to each text asset (vite.config.ts); the one the browser accepts is sent.
      preCompressed: true,
      setHeaders(reply, filePath) {
        // `filePath` is the file actually sent, e.g. `…/assets/index-abc.js.br`.
        const relative = filePath.startsWith(root) ? filePath.slice(root.length) : filePath;
        if (relative.startsWith(HASHED_ASSETS)) reply.header('cache-control', 'public, max-age=31536000, immutable');
        else reply.header('cache-control', 'no-cache');
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/socket.io');
    if (isPage && built) return reply.type('text/html').sendFile('index.html');
    if (isPage) return reply.code(503).type('text/plain').send('The client is not built yet: run `npm run build`.');
    return reply.code(404).send({ ok: false, code: 'NOT_FOUND', message: `No route ${request.method} ${request.url}` });
  });
}
