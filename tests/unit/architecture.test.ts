import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeEdges, folderCycles, folderGraph, ROOT_FOLDER } from '../support/folderGraph';

/**
 * The server's folders in layers, bottom to top (README: architecture). A folder imports only folders of its own
 * layer or below; within a layer (the features; realtime and http) folders may import each other as long as no
 * cycle forms. eslint.config.js has the same layers as import-x/no-restricted-paths zones, so an editor shows a
 * wrong import at once; this test also sees cycles and folders that belong to no layer.
 */
const SERVER_LAYERS: readonly (readonly string[])[] = [
  ['core'],
  ['db'],
  [
    'audit',
    'auth',
    'staff',
    'sessions',
    'venues',
    'attendance',
    'reports',
    'checkins',
    'survey',
    'program',
    'call',
    'phone',
    'letters',
    'captions',
    'cluster',
    'staffLive',
  ],
  ['realtime', 'http'],
  ['demo'],
  ['composition'],
  [ROOT_FOLDER],
];
/** The composition root: only these stay directly in server/src. */
const SERVER_ROOT_FILES = ['admin.ts', 'app.ts', 'main.ts', 'server.ts'];

const layerOf = (folder: string) => SERVER_LAYERS.findIndex((layer) => layer.includes(folder));

describe('server/src folders', () => {
  const graph = folderGraph('server/src');

  it('import each other without cycles', () => {
    const cycles = folderCycles(graph);
    const edgesInCycles = describeEdges(graph, (from, to) => cycles.some((cycle) => cycle.includes(from) && cycle.includes(to)));
    expect(edgesInCycles).toEqual([]);
  });

  it('each belong to a layer (a new folder is placed in SERVER_LAYERS on purpose)', () => {
    expect([...graph.folders].filter((folder) => layerOf(folder) < 0)).toEqual([]);
  });

  it('import only their own layer or below: core ← db ← features ← realtime, http ← demo ← composition ← app, server, main', () => {
    expect(describeEdges(graph, (from, to) => layerOf(to) > layerOf(from))).toEqual([]);
  });

  it('keep only the composition root directly in server/src', () => {
    expect(graph.rootFiles.sort()).toEqual(SERVER_ROOT_FILES);
  });
});

describe('shared/src', () => {
  it('imports nothing from the server or the client (only zod and itself)', () => {
    const offending: string[] = [];
    const root = path.resolve('shared/src');
    for (const relative of fs.readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      if (!/\.(ts|tsx)$/.test(relative)) continue;
      const source = fs.readFileSync(path.join(root, relative), 'utf8');
      for (const [, from, dynamic] of source.matchAll(
        /^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm,
      )) {
        const specifier = from ?? dynamic;
        const inside = specifier!.startsWith('.') && path.resolve(root, path.dirname(relative), specifier!).startsWith(root + path.sep);
        if (!inside && !specifier!.startsWith('@shared/') && specifier !== 'zod') offending.push(`${relative}: ${specifier}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
