import fs from 'node:fs';
import path from 'node:path';

/**
 * The folder-level import graph of a source tree, as /work/wt/briefs/graph.mjs computes it (relative imports of
 * .ts/.tsx files; a file's folder is the first `depth` parts of its path under `root`, files directly under a
 * shorter path count as "(root)"), except that an import of a folder counts as its index file and dynamic
 * `import('…')` counts too. Edges are "from -> to" with the number of imports.
 */
export function folderGraph(root: string, depth: number): Map<string, number> {
  const edges = new Map<string, number>();
  const folderOf = (file: string) => {
    const parts = path.relative(root, file).split(path.sep);
    return parts.length > depth ? parts.slice(0, depth).join('/') : '(root)';
  };
  for (const file of sourceFiles(root)) {
    const source = fs.readFileSync(file, 'utf8');
    const specifiers = [
      ...source.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g),
      ...source.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g),
    ].map((m) => m[1]!);
    for (const specifier of specifiers) {
      const target = resolveImport(path.dirname(file), specifier);
      if (!target || !target.startsWith(path.resolve(root) + path.sep)) continue;
      const from = folderOf(file);
      const to = folderOf(target);
      if (from === to) continue;
      const key = `${from} -> ${to}`;
      edges.set(key, (edges.get(key) ?? 0) + 1);
    }
  }
  return edges;
}

/** A cycle of folders (`a -> b -> a`), or null when the graph has none. */
export function findCycle(edges: Iterable<string>): string[] | null {
  const next = new Map<string, string[]>();
  for (const edge of edges) {
    const [from, to] = edge.split(' -> ') as [string, string];
    next.set(from, [...(next.get(from) ?? []), to]);
  }
  const state = new Map<string, 'open' | 'done'>();
  const walk = (node: string, trail: string[]): string[] | null => {
    if (state.get(node) === 'open') return [...trail.slice(trail.indexOf(node)), node];
    if (state.get(node) === 'done') return null;
    state.set(node, 'open');
    for (const to of next.get(node) ?? []) {
      const cycle = walk(to, [...trail, node]);
      if (cycle) return cycle;
    }
    state.set(node, 'done');
    return null;
  };
  for (const node of next.keys()) {
    const cycle = walk(node, []);
    if (cycle) return cycle;
  }
  return null;
}

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (/\.(ts|tsx)$/.test(entry.name)) yield full;
  }
}

function resolveImport(fromDir: string, specifier: string): string | null {
  const base = path.resolve(fromDir, specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}
