import fs from 'node:fs';
import path from 'node:path';

/** Where a process spent its time, from a V8 .cpuprofile (node --cpu-prof): for "what should be fixed" evidence. */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled time that was not idle, ms. */
  busyMs: number;
  /** Inclusive time of the project's own functions (server/, shared/), biggest first. */
  project: { name: string; ms: number; pct: number }[];
  /** Self time of everything (native included), biggest first. */
  self: { name: string; ms: number; pct: number }[];
}

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

function label(node: ProfileNode): string {
  const file = node.callFrame.url
    .replace(/^file:\/\//, '')
    .replace(`${repoRoot}/`, '')
    .replace(/^.*node_modules\//, '');
  return `${node.callFrame.functionName || '(anonymous)'} ${file}`.trim();
}

export function summarizeProfile(file: string, top = 12): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  let busy = 0;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, micros] of selfTime) {
    const node = byId.get(id)!;
    const name = label(node);
    if (name.startsWith('(idle)')) continue;
    busy += micros;
    self.set(name, (self.get(name) ?? 0) + micros);
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const key = label(byId.get(current)!);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + micros);
    }
  }
  const rank = (map: Map<string, number>, filter: (name: string) => boolean) =>
    [...map]
      .filter(([name]) => filter(name))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => ({ name, ms: micros / 1000, pct: (micros / busy) * 100 }));
  return {
    busyMs: busy / 1000,
    project: rank(inclusive, (name) => / (server|shared)\/src\//.test(name)),
    self: rank(self, () => true),
  };
}

/** The newest .cpuprofile in a folder (Node writes one per thread; the main thread's is the largest). */
export function mainThreadProfile(dir: string): string | undefined {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : [];
  return files.map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
}
