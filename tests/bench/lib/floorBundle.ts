import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Rollup } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The same browser targets as the product's build (vite.config.ts). */
const TARGETS = ['es2020', 'safari14', 'chrome87', 'firefox78'];

/**
 * The floor page (floorPage.ts) bundled by Vite, as the product's client is (the same targets, minified), from
 * node_modules (mediasoup-client, socket.io-client): one script, kept in memory.
 */
export async function buildFloorPage(): Promise<{ html: string; script: string }> {
  const output = (await build({
    configFile: false,
    root: here,
    logLevel: 'warn',
    define: { __KAYOI_TEST_HOOKS__: 'false' },
    resolve: { alias: { '@shared': path.resolve(here, '../../../shared/src') } },
    build: {
      write: false,
      target: TARGETS,
      minify: true,
      rollupOptions: {
        input: path.join(here, 'floorPage.ts'),
        output: { format: 'es', entryFileNames: 'floor.js', codeSplitting: false },
      },
    },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output);
  const script = chunks.find((chunk): chunk is Rollup.OutputChunk => chunk.type === 'chunk' && chunk.isEntry)?.code;
  if (!script) throw new Error('vite built no floor page');
  const html = [
    '<!doctype html>',
    '<html lang="ja"><head><meta charset="utf-8"><title>mediasoup floor</title></head>',
    '<body><script type="module" src="/floor.js"></script></body></html>',
  ].join('\n');
  return { html, script };
}
