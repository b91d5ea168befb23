import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Multi-node (issue #17) is a module nobody calls yet: the single-node product must not load a Redis client nor the
 * cluster folder. When joins start using it, this test gives way to one that starts the server without KAYOI_REDIS_URL.
 */
describe('server/src without KAYOI_REDIS_URL', () => {
  it('imports redis and server/src/cluster only from inside server/src/cluster', () => {
    const root = path.resolve('server/src');
    const offending: string[] = [];
    for (const relative of fs.readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      if (!/\.(ts|mts|mjs)$/.test(relative) || relative.startsWith(`cluster${path.sep}`)) continue;
      const source = fs.readFileSync(path.join(root, relative), 'utf8');
      for (const [, specifier] of source.matchAll(/(?:from\s+|import\s*\(?\s*)['"]([^'"]+)['"]/g)) {
        const fromCluster =
          specifier!.startsWith('.') && path.resolve(root, path.dirname(relative), specifier!).startsWith(path.join(root, 'cluster'));
        if (fromCluster || /^(redis|@redis\/)/.test(specifier!)) offending.push(`${relative}: ${specifier}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
