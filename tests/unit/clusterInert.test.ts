import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Multi-node (issue #17) is switched on by configuration: the single-node product must not load a Redis client nor the
 * cluster folder. Only server.ts and admin.ts reach the cluster folder, by a dynamic import run when KAYOI_REDIS_URL is
 * set (the bundle keeps it a separate import), and only the cluster folder imports redis (dynamically too). The one
 * other module that does, realtime/redisAdapter.ts (socket.io's Redis streams adapter), is itself reached only by a
 * dynamic import of server.ts, and imports redis dynamically.
 */
const DYNAMIC_ENTRIES: Record<string, RegExp> = {
  'server.ts': /await import\('\.\/(cluster\/ClusterNode|realtime\/redisAdapter)'\)/g,
  'admin.ts': /await import\('\.\/cluster\/admin'\)/g,
  [path.join('realtime', 'redisAdapter.ts')]: /import\('(redis|@socket\.io\/redis-streams-adapter)'\)/g,
};

describe('server/src without KAYOI_REDIS_URL', () => {
  it('reaches server/src/cluster only by the dynamic imports of server.ts and admin.ts', () => {
    const root = path.resolve('server/src');
    for (const [file, dynamicImport] of Object.entries(DYNAMIC_ENTRIES)) {
      expect(fs.readFileSync(path.join(root, file), 'utf8')).toMatch(dynamicImport);
    }
    // Other modules name the adapter's module for its types only (erased at build).
    for (const relative of fs.readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      if (!/\.(ts|mts|mjs)$/.test(relative)) continue;
      const source = fs.readFileSync(path.join(root, relative), 'utf8');
      expect(source, relative).not.toMatch(/^import (?!type )[^;]*from '\.\/(realtime\/)?redisAdapter'/m);
    }
  });

  it('imports redis and server/src/cluster statically only from inside server/src/cluster', () => {
    const root = path.resolve('server/src');
    const offending: string[] = [];
    for (const relative of fs.readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      if (!/\.(ts|mts|mjs)$/.test(relative) || relative.startsWith(`cluster${path.sep}`)) continue;
      const source = fs.readFileSync(path.join(root, relative), 'utf8').replaceAll(DYNAMIC_ENTRIES[relative] ?? /^$/g, '');
      for (const [, specifier] of source.matchAll(/(?:from\s+|import\s*\(?\s*)['"]([^'"]+)['"]/g)) {
        const fromCluster =
          specifier!.startsWith('.') && path.resolve(root, path.dirname(relative), specifier!).startsWith(path.join(root, 'cluster'));
        if (fromCluster || /^(redis|@redis\/)/.test(specifier!)) offending.push(`${relative}: ${specifier}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
