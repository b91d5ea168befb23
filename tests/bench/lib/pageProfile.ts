/**
 * Where a joining page's main thread spends its time (the join benchmark with KAYOI_BENCH_PROFILE=<dir>): a V8 CPU
 * profile taken over CDP from just before the click until the first remote frame, its minified frames read back
 * through the build's source maps, summed by source file (self time, and inclusive time of the project's files).
 */
import fs from 'node:fs';
import path from 'node:path';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import type { CDPSession } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface PageProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export async function startPageProfile(cdp: CDPSession): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
}

export async function stopPageProfile(cdp: CDPSession): Promise<PageProfile> {
  const { profile } = await cdp.send('Profiler.stop');
  return profile as unknown as PageProfile;
}

/** Self time by original source file (and the project's files' inclusive time), ms, biggest first. */
export function summarizePageProfile(profile: PageProfile, buildDir: string, top = 15): string[] {
  const maps = new Map<string, TraceMap | null>();
  const mapFor = (url: string): TraceMap | null => {
    const file = new URL(url, 'http://x').pathname;
    if (!maps.has(file)) {
      const mapFile = path.join(buildDir, `${file}.map`);
      maps.set(file, fs.existsSync(mapFile) ? new TraceMap(fs.readFileSync(mapFile, 'utf8')) : null);
    }
    return maps.get(file)!;
  };
  const labelOf = new Map<number, string>();
  const label = (node: ProfileNode): string => {
    const known = labelOf.get(node.id);
    if (known) return known;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    let name = functionName ? `(${functionName})` : '(native)';
    if (url.startsWith('http')) {
      const map = mapFor(url);
      const original = map ? originalPositionFor(map, { line: lineNumber + 1, column: columnNumber }) : null;
      name = original?.source
        ? `${original.source.replace(/^(\.\.\/)+/, '').replace(/^.*node_modules\//, '')}${original.name ? ` ${original.name}` : ''}`
        : `${new URL(url).pathname} ${functionName}`;
    }
    labelOf.set(node.id, name);
    return name;
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)') return;
    busy += micros;
    const file = (name: string) => name.split(' ')[0]!;
    self.set(file(label(node)), (self.get(file(label(node))) ?? 0) + micros);
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const key = label(byId.get(current)!);
      if (seen.has(key) || !/client\/src\//.test(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + micros);
    }
  });
  const rank = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => `${(micros / 1000).toFixed(0).padStart(6)} ms  ${name}`);
  return [
    `busy ${(busy / 1000).toFixed(0)} ms (sampled, idle and (program) left out)`,
    'self time by file:',
    ...rank(self),
    "inclusive time, the project's functions:",
    ...rank(inclusive),
  ];
}
