#!/usr/bin/env node
// Builds what `npm start` runs (and the browser tests' client), and writes a stamp of the sources each part was
// built from:
//   client       vite build of client/ into dist/client (precompressed, see vite.config.ts)
//   server       esbuild bundles of server/src/main.ts (the server) and server/src/admin.ts (`npm run admin`; our
//                TypeScript only, npm packages stay imports) into dist/server
//   client-test  the same client with the browser tests' hooks (vite build --mode e2e, see
//                client/src/call/testHooks.ts) into dist/client-test, which tests/e2e serve; never served by `npm start`
//
//   node scripts/build.mjs [--if-changed] [client] [server] [client-test]      (client and server when none is named)
//
// With --if-changed a part is built only when its sources differ from its stamp, so that `npm start` starts in
// about a second instead of rebuilding, and the server runs as plain JavaScript (no TypeScript loader at start).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const COMMON = ['shared', 'package-lock.json', 'tsconfig.base.json'];

const parts = {
  client: {
    outDir: path.join(root, process.env.CLIENT_DIST_DIR ?? path.join('dist', 'client')),
    sources: ['client', 'vite.config.ts', 'tsconfig.json', ...COMMON],
    output: 'index.html',
    build: (outDir) => buildClient(outDir, 'production'),
  },
  'client-test': {
    outDir: path.join(root, 'dist', 'client-test'),
    sources: ['client', 'vite.config.ts', 'tsconfig.json', ...COMMON],
    output: 'index.html',
    build: (outDir) => buildClient(outDir, 'e2e'),
    onlyWhenNamed: true,
  },
  server: {
    outDir: path.join(root, 'dist', 'server'),
    sources: ['server', 'migrations', ...COMMON],
    output: 'admin.mjs',
    build: buildServer,
  },
};

function* filesUnder(entry) {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return;
  if (fs.statSync(full).isFile()) {
    yield entry;
    return;
  }
  for (const name of fs.readdirSync(full).sort()) yield* filesUnder(path.join(entry, name));
}

function sourceStamp(sources) {
  const hash = createHash('sha256');
  for (const entry of sources) {
    for (const file of filesUnder(entry))
      hash
        .update(file)
        .update('\0')
        .update(fs.readFileSync(path.join(root, file)))
        .update('\0');
  }
  return hash.digest('hex');
}

function buildClient(outDir, mode) {
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const args = [vite, 'build', '--mode', mode, '--outDir', outDir, '--emptyOutDir'];
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/**
 * One ES module with our code; packages are imported from node_modules as usual. Paths our code builds from
 * `import.meta.url` (the migrations folder, worker-thread files) keep pointing at the source tree: each file's
 * `import.meta.url` is replaced by its own original URL.
 */
async function buildServer(outDir) {
  const esbuild = await import('esbuild');
  const keepImportMetaUrl = {
    name: 'keep-import-meta-url',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        const source = await fs.promises.readFile(args.path, 'utf8');
        const contents = source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href));
        return { contents, loader: 'ts' };
      });
    },
  };
  fs.rmSync(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: ['main', 'admin'].map((name) => path.join(root, 'server', 'src', `${name}.ts`)),
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node22',
    sourcemap: true,
    logLevel: 'warning',
    plugins: [keepImportMetaUrl],
  });
  console.log(`server: built ${path.relative(root, path.join(outDir, 'main.mjs'))} and admin.mjs`);
}

const ifChanged = process.argv.includes('--if-changed');
const named = process.argv.slice(2).filter((arg) => arg in parts);
for (const name of named.length > 0 ? named : Object.keys(parts).filter((name) => !parts[name].onlyWhenNamed)) {
  const part = parts[name];
  const stampFile = path.join(part.outDir, '.source-stamp');
  const stamp = sourceStamp(part.sources);
  const upToDate =
    fs.existsSync(path.join(part.outDir, part.output)) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp;
  if (ifChanged && upToDate) {
    console.log(`${name}: ${path.relative(root, part.outDir)} is up to date with its sources`);
    continue;
  }
  await part.build(part.outDir);
  fs.writeFileSync(stampFile, stamp);
}
