#!/usr/bin/env node
// Builds the client (vite build) into dist/client and writes a stamp of the sources it was built from.
// With --if-changed it builds only when the sources differ from the stamp, so `npm start` does not rebuild
// an unchanged client on every start (a start then takes about a second instead of half a minute).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, process.env.CLIENT_DIST_DIR ?? path.join('dist', 'client'));
const stampFile = path.join(outDir, '.source-stamp');
const SOURCES = ['client', 'shared', 'vite.config.ts', 'tsconfig.json', 'tsconfig.base.json', 'package-lock.json'];

function* filesUnder(entry) {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return;
  if (fs.statSync(full).isFile()) {
    yield entry;
    return;
  }
  for (const name of fs.readdirSync(full).sort()) yield* filesUnder(path.join(entry, name));
}

function sourceStamp() {
  const hash = createHash('sha256');
  for (const entry of SOURCES) {
    for (const file of filesUnder(entry)) hash.update(file).update('\0').update(fs.readFileSync(path.join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

const stamp = sourceStamp();
const built = fs.existsSync(path.join(outDir, 'index.html')) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp;
if (process.argv.includes('--if-changed') && built) {
  console.log(`client: ${path.relative(root, outDir)} is up to date with its sources`);
  process.exit(0);
}
const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const result = spawnSync(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
fs.writeFileSync(stampFile, stamp);
