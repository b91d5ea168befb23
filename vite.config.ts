/// <reference types="vitest/config" />
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { PAGES_FILES } from './tests/support/pagesFiles';
import { postgresFiles } from './tests/support/postgresFiles';

/** Loaded only when vitest reads this file: `vite build` has no use for vitest/node. */
const laneSequencer = process.env.VITEST ? (await import('./tests/support/laneSequencer.ts')).LaneSequencer : undefined;

const repoRoot = fileURLToPath(new URL('.', import.meta.url));
const backend = 'http://localhost:3000';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Writes `.br` and `.gz` next to each text asset of the build so the server can send them as they are
 * (@fastify/static `preCompressed`): phones on mobile data download about a quarter of the bytes.
 * Brotli quality 11 and gzip level 9 (slow, but once per build); files of 1 KB or less are not worth it.
 */
function precompress(): Plugin {
  const compressible = /\.(js|css|html|svg|json)$/;
  const minBytes = 1024;
  let outDir = '';
  return {
    name: 'kayoi-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      if (!fs.existsSync(outDir)) return;
      const files = fs
        .readdirSync(outDir, { recursive: true, encoding: 'utf8' })
        .map((name) => path.join(outDir, name))
        .filter((file) => compressible.test(file) && fs.statSync(file).isFile() && fs.statSync(file).size > minBytes);
      await Promise.all(
        files.map(async (file) => {
          const source = await fs.promises.readFile(file);
          const br = await brotli(source, {
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
              [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: source.length,
            },
          });
          const gz = await gzip(source, { level: 9 });
          await fs.promises.writeFile(`${file}.br`, br);
          await fs.promises.writeFile(`${file}.gz`, gz);
        }),
      );
    },
  };
}

/**
 * mediasoup-client is CommonJS, so its index and its Device bring along what no browser of ours runs: the React
 * Native handler and the fake handler with its test parameters (about 40 KB unminified, a tenth of the home page's
 * budget until joined). In the build they resolve to one small module instead; Device picks React Native only where
 * `navigator.product` says ReactNative, and the fake handler is used only when asked for by name.
 */
function dropUnusedMediasoupParts(): Plugin {
  const unused = /^\.\/(handlers\/(FakeHandler|ReactNative106)|test\/fakeParameters)(\.js)?$/;
  // Its name must not contain the test hooks' names (tests/unit/productionBundle.test.ts looks for "__kayoi").
  const stubId = '\0mediasoup-client-unused-parts';
  return {
    name: 'drop-unused-mediasoup-parts',
    enforce: 'pre',
    apply: 'build',
    resolveId(source, importer) {
      if (!importer || !unused.test(source)) return null;
      return /[\\/]node_modules[\\/]mediasoup-client[\\/]lib[\\/]/.test(importer) ? stubId : null;
    },
    load(id) {
      if (id !== stubId) return null;
      return [
        "const unused = () => { throw new Error('not in this build of mediasoup-client (vite.config.ts)'); };",
        'export const FakeHandler = { createFactory: unused };',
        'export const ReactNative106 = { createFactory: unused };',
      ].join('\n');
    },
  };
}

/**
 * `vite build` makes the production client (dist/client); `vite build --mode e2e` the browser tests' client
 * (dist/client-test, see scripts/build.mjs), the only one with the test hooks (client/src/call/testHooks.ts).
 */
export default defineConfig(({ mode }) => ({
  root: fileURLToPath(new URL('./client', import.meta.url)),
  plugins: [react(), dropUnusedMediasoupParts(), precompress()],
  // A constant, so that the production build drops the hooks' code and names altogether.
  define: { __KAYOI_TEST_HOOKS__: JSON.stringify(mode === 'e2e') },
  // The same alias as tsconfig.base.json's paths (tsx and esbuild read those; Vite and vitest read this).
  resolve: { alias: { '@shared': fileURLToPath(new URL('./shared/src', import.meta.url)) } },
  build: {
    outDir: fileURLToPath(new URL(mode === 'e2e' ? './dist/client-test' : './dist/client', import.meta.url)),
    emptyOutDir: true,
    // Tablets at the venue may be several years old; keep the output widely supported.
    target: ['es2020', 'safari14', 'chrome87', 'firefox78'],
    sourcemap: true,
  },
  server: {
    port: 5173,
    // `shared/` lives outside the Vite root.
    fs: { allow: [repoRoot] },
    proxy: {
      '/api': { target: backend, changeOrigin: true },
      '/socket.io': { target: backend, changeOrigin: true, ws: true },
    },
  },
  preview: {
    proxy: {
      '/api': { target: backend, changeOrigin: true },
      '/socket.io': { target: backend, changeOrigin: true, ws: true },
    },
  },
  test: {
    root: repoRoot,
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Test files share nothing at module level (each opens its own database, app or server and closes it), so a
    // worker process keeps the modules it has loaded for its next file instead of importing the server again.
    isolate: false,
    // One group on two workers: the browser files with a call, the browser files that open none (PAGES_FILES), the
    // files that start the real server with mediasoup workers (named *.sfu.test.ts) and the files that need no media
    // server (unit tests, and REST and data tests through inject() on their own temp SQLite file). One file of each
    // lane at a time (each lane project's setup file holds its files to its lane, tests/support/lane.ts): the browser
    // files with a call, the longest lane, run one after another on one worker while the other runs the rest beside
    // them (the sfu files mostly wait on real-time audio: the telephone's prompts, a silent minute). LaneSequencer
    // orders the files so. Their ports cannot clash: HTTP on port 0, media ports below the kernel's ephemeral range
    // (tests/support/ports.ts), SIPp above it, and every telephone test's RTP range its own or skipped when taken.
    sequence: { sequencer: laneSequencer },
    env: { KAYOI_TEST_RUN: String(process.pid) },
    // npm run test:pg -- <files>: the chosen files on PostgreSQL, one cluster for the run (tests/support/testDatabase.ts).
    globalSetup: process.env.KAYOI_TEST_DATABASE === 'postgres' ? ['tests/support/postgresLane.ts'] : [],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/shared/**/*.test.ts', 'tests/server/**/*.test.ts'],
          exclude: ['**/*.sfu.test.ts'],
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'sfu',
          include: ['tests/server/**/*.sfu.test.ts'],
          setupFiles: ['tests/support/sfuLane.ts'],
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          // A second run on PostgreSQL of the files whose features hold SQL the two databases spell differently (the
          // rule: tests/support/postgresFiles.ts), on a cluster of the project's own (postgresProject.ts); no lane.
          name: 'pg',
          include: postgresFiles(repoRoot),
          globalSetup: ['tests/support/postgresProject.ts'],
          setupFiles: ['tests/support/postgresProjectEnv.ts'],
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'pages',
          include: PAGES_FILES,
          // The browser lane, as the call files: a second Chromium beside a call file starved its real-time audio on 2 cores.
          setupFiles: ['tests/support/browserLane.ts'],
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          exclude: PAGES_FILES,
          setupFiles: ['tests/support/browserLane.ts'],
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
}));
