import fs from 'node:fs';
import path from 'node:path';

/**
 * The folder-level import graph of a source tree, as /work/wt/briefs/graph.mjs computes it: every relative
 * import (static, side-effect `import '…'`, `export … from`, `import type`, dynamic `import()`) of a .ts/.tsx/.mts/.mjs file becomes an edge
 * from the importing file's folder to the imported file's folder, `depth` levels below the root (files directly
 * in the root are the folder "(root)"). Imports within one folder are not edges; `@shared/…` and packages are
 * outside the tree.
 */
export interface FolderGraph {
  /** `from` → the folders it imports, each with the files that do (for the message of a failing test). */
  edges: Map<string, Map<string, string[]>>;
  /** Every file's folder, and the files directly in the root. */
  folders: Set<string>;
  rootFiles: string[];
}

export const ROOT_FOLDER = '(root)';
const SOURCE = /\.(ts|tsx|mts|mjs)$/;
const IMPORT =
  /(?:import|export)[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|^\s*import\s+['"](\.{1,2}\/[^'"]+)['"]/gm;

export function folderGraph(root: string, depth = 1): FolderGraph {
  const absoluteRoot = path.resolve(root);
  const folderOf = (file: string) => {
    const parts = path.relative(absoluteRoot, file).split(path.sep);
    return parts.length > depth ? parts.slice(0, depth).join('/') : ROOT_FOLDER;
  };
  const graph: FolderGraph = { edges: new Map(), folders: new Set(), rootFiles: [] };
  for (const relative of fs.readdirSync(absoluteRoot, { recursive: true, encoding: 'utf8' }).sort()) {
    const file = path.join(absoluteRoot, relative);
    if (!SOURCE.test(relative) || !fs.statSync(file).isFile()) continue;
    const from = folderOf(file);
    graph.folders.add(from);
    if (from === ROOT_FOLDER) graph.rootFiles.push(relative);
    for (const match of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
      let target = path.resolve(path.dirname(file), (match[1] ?? match[2] ?? match[3])!);
      if (!target.startsWith(absoluteRoot + path.sep)) continue;
      // `from '../checkins'` is the folder's index file: inside the folder, not in the root.
      if (fs.statSync(target, { throwIfNoEntry: false })?.isDirectory()) target = path.join(target, 'index.ts');
      const to = folderOf(target);
      if (to === from) continue;
      const targets = graph.edges.get(from) ?? new Map<string, string[]>();
      graph.edges.set(from, targets);
      targets.set(to, [...(targets.get(to) ?? []), relative]);
    }
  }
  return graph;
}

/** The folders that import each other, directly or round a longer loop: each cycle as its folders, sorted. */
export function folderCycles(graph: FolderGraph): string[][] {
  // Tarjan's strongly connected components: a component of more than one folder is a cycle.
  let index = 0;
  const indices = new Map<string, number>();
  const lowLinks = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (folder: string): void => {
    indices.set(folder, index);
    lowLinks.set(folder, index);
    index += 1;
    stack.push(folder);
    onStack.add(folder);
    for (const next of graph.edges.get(folder)?.keys() ?? []) {
      if (!indices.has(next)) {
        visit(next);
        lowLinks.set(folder, Math.min(lowLinks.get(folder)!, lowLinks.get(next)!));
      } else if (onStack.has(next)) lowLinks.set(folder, Math.min(lowLinks.get(folder)!, indices.get(next)!));
    }
    if (lowLinks.get(folder) !== indices.get(folder)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== folder);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const folder of [...graph.folders, ...graph.edges.keys()]) if (!indices.has(folder)) visit(folder);
  return cycles;
}

/** Every edge as `from -> to (files…)`, for readable failures. */
export function describeEdges(graph: FolderGraph, keep: (from: string, to: string) => boolean = () => true): string[] {
  const lines: string[] = [];
  for (const [from, targets] of graph.edges)
    for (const [to, files] of targets) if (keep(from, to)) lines.push(`${from} -> ${to} (${files.join(', ')})`);
  return lines.sort();
}
