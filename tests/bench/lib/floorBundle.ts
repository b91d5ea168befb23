import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The same browser targets as the product's build (vite.config.ts). */
const TARGETS = ['es2020', 'safari14', 'chrome87', 'firefox78'];

/**
 * The floor page (floorPage.ts) bundled with esbuild — the bundler under Vite — from node_modules
 * (mediasoup-client, socket.io-client), minified as in production: one script, kept in memory.
 */
export function buildFloorPage(): { html: string; script: string } {
  const result = buildSync({
    entryPoints: [path.join(here, 'floorPage.ts')],
    bundle: true,
    format: 'esm',
    target: TARGETS,
    minify: true,
    write: false,
    logLevel: 'warning',
    alias: { '@shared': path.resolve(here, '../../../shared/src') },
    define: { __KAYOI_TEST_HOOKS__: 'false', 'process.env.NODE_ENV': '"production"' },
  });
  const script = result.outputFiles[0]!.text;
  const html = [
    '<!doctype html>',
    '<html lang="ja"><head><meta charset="utf-8"><title>mediasoup floor</title></head>',
    '<body><script type="module" src="/floor.js"></script></body></html>',
  ].join('\n');
  return { html, script };
}
