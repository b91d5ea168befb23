import os from 'node:os';
import type { TestCluster } from '../../support/clusterNodes';
import { processCpuSeconds, systemBusyPercent, systemCpuTimes, treeCpuSeconds } from './proc';

/** The processes of a test cluster whose CPU a benchmark reports: each node (with its mediasoup worker), Redis, PostgreSQL. */
export async function clusterParts(cluster: TestCluster): Promise<Record<string, number>> {
  const parts: Record<string, number> = Object.fromEntries(cluster.nodes.map((node) => [`node ${node.id}`, node.pid]));
  if (cluster.redis) {
    const redis = await cluster.redis.connect();
    const pid = /process_id:(\d+)/.exec(await redis.info('server'))?.[1];
    await redis.close();
    if (pid) parts.Redis = Number(pid);
  }
  if (cluster.postgresPid) parts.PostgreSQL = cluster.postgresPid;
  return parts;
}

/** CPU of each part between start and stop, in % of one core and in CPU seconds, and the machine's other work. */
export interface PartsLoad {
  seconds: number;
  /** % of one core (a 2-core machine is 200 % busy at most). */
  pct: Record<string, number>;
  cpuSeconds: Record<string, number>;
  /** This load generator's own process. */
  loadGeneratorPct: number;
  /** The whole machine, % of one core. */
  machinePct: number;
  /** The machine minus the parts and the load generator: other people's work (and what the parts' reaped children did). */
  othersPct: number;
}

/**
 * Measures each part's process tree (/proc/<pid>/stat: a node and its worker, PostgreSQL's postmaster and its
 * backends; Redis is one process) from now until `stop()`.
 */
export function measureParts(parts: Record<string, number>): { stop(): PartsLoad } {
  const read = () => Object.fromEntries(Object.entries(parts).map(([name, pid]) => [name, safeTree(pid)]));
  const before = read();
  const self0 = processCpuSeconds(process.pid);
  const machine0 = systemCpuTimes();
  const t0 = performance.now();
  return {
    stop() {
      const seconds = (performance.now() - t0) / 1000;
      const after = read();
      const cpuSeconds = Object.fromEntries(Object.keys(parts).map((name) => [name, after[name]! - before[name]!]));
      const pct = Object.fromEntries(Object.entries(cpuSeconds).map(([name, s]) => [name, (s / seconds) * 100]));
      const loadGeneratorPct = ((processCpuSeconds(process.pid) - self0) / seconds) * 100;
      const machinePct = systemBusyPercent(machine0) * os.availableParallelism();
      const ours = Object.values(pct).reduce((sum, v) => sum + v, 0) + loadGeneratorPct;
      return { seconds, pct, cpuSeconds, loadGeneratorPct, machinePct, othersPct: Math.max(0, machinePct - ours) };
    },
  };
}

/** A killed node's tree reads as 0 from then on. */
function safeTree(pid: number): number {
  try {
    return treeCpuSeconds(pid);
  } catch {
    return 0;
  }
}
