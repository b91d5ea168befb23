import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU seconds a process has used so far, from /proc/<pid>/stat. */
export function processCpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces: split after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / CLK_TCK;
}

/** Resident memory of a process in MB (VmRSS), and its peak (VmHWM). */
export function processMemoryMb(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** Measures a process's CPU use between `start()` and `stop()`, in % of one core. */
export function cpuMeter(pid: number): { start(): void; stop(): number } {
  let cpu0 = 0;
  let t0 = 0n;
  return {
    start() {
      cpu0 = processCpuSeconds(pid);
      t0 = process.hrtime.bigint();
    },
    stop() {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      return ((processCpuSeconds(pid) - cpu0) / seconds) * 100;
    },
  };
}

/** Busy and total jiffies of the whole machine (all cores), from /proc/stat. */
export function systemCpuTimes(): { busy: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((s, v) => s + v, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

/** Whole-machine CPU busy % (of all cores) between two readings. */
export function systemBusyPercent(before: { busy: number; total: number }, after = systemCpuTimes()): number {
  const total = after.total - before.total;
  return total > 0 ? ((after.busy - before.busy) / total) * 100 : Number.NaN;
}

/** UDP counters of the kernel (/proc/net/snmp): datagrams dropped because a socket's receive buffer was full. */
export function udpReceiveBufferErrors(): number {
  const lines = fs
    .readFileSync('/proc/net/snmp', 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('Udp:'));
  const [header, values] = [lines[0]?.split(/\s+/) ?? [], lines[1]?.split(/\s+/) ?? []];
  return Number(values[header.indexOf('RcvbufErrors')] ?? 0);
}

/** The machine, for BENCHMARKS.md. */
export function machineInfo(): { cpu: string; cores: number; memoryGb: number; os: string; kernel: string; node: string } {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const lscpu = execFileSync('lscpu', { encoding: 'utf8' });
    const field = (name: string) => new RegExp(`^${name}:\\s+(.+)$`, 'm').exec(lscpu)?.[1]?.trim();
    const model = field('Model name');
    const details = [
      field('CPU family') && `family ${field('CPU family')}`,
      field('Model') && `model ${field('Model')}`,
      field('Hypervisor vendor') && `${field('Hypervisor vendor')} guest`,
    ].filter(Boolean);
    if (model) cpu = details.length > 0 ? `${model} (${details.join(', ')})` : model;
  } catch {
    // lscpu missing: keep the Node.js answer
  }
  let osName = `${os.type()} ${os.release()}`;
  try {
    osName = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(fs.readFileSync('/etc/os-release', 'utf8'))?.[1] ?? osName;
  } catch {
    // not Linux
  }
  return {
    cpu,
    cores: os.availableParallelism(),
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: osName,
    kernel: os.release(),
    node: process.version,
  };
}

/** Processes other than ours using CPU right now (for the "shared machine" note): `ps` sorted by CPU. */
export function busyOtherProcesses(ourPids: readonly number[], limit = 5): string[] {
  try {
    const out = execFileSync('ps', ['-eo', 'pid,pcpu,etimes,comm', '--sort=-pcpu', '--no-headers'], { encoding: 'utf8' });
    return out
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => f.length >= 4 && !ourPids.includes(Number(f[0])) && Number(f[1]) >= 5)
      .slice(0, limit)
      .map((f) => `${f[3]} (pid ${f[0]}, ${f[1]}% avg CPU)`);
  } catch {
    return [];
  }
}

/**
 * CPU used by groups of processes (e.g. the server, its media workers, the load generator) and by the whole machine
 * between `start` and `stop`, all in % of one core (a 2-core machine is 200 % busy at most): `othersPct` is what
 * the machine did besides the groups, i.e. other people's work. Pass `extraMs` for processes that ended before
 * `stop` and measured themselves.
 */
export function cpuUsage(groups: Record<string, readonly number[]>): { stop(extraMs?: number): CpuUsage } {
  const cores = os.availableParallelism();
  const seconds = () =>
    Object.fromEntries(Object.entries(groups).map(([name, pids]) => [name, pids.reduce((sum, pid) => sum + processCpuSeconds(pid), 0)]));
  const before = seconds();
  const machineBefore = systemCpuTimes();
  const t0 = process.hrtime.bigint();
  return {
    stop(extraMs = 0) {
      const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
      const after = seconds();
      const pct = Object.fromEntries(Object.keys(groups).map((name) => [name, ((after[name]! - before[name]!) / elapsed) * 100]));
      const machinePct = systemBusyPercent(machineBefore) * cores;
      const ours = Object.values(pct).reduce((sum, v) => sum + v, 0) + (extraMs / 1000 / elapsed) * 100;
      return { groups: pct, machinePct, othersPct: Math.max(0, machinePct - ours) };
    },
  };
}

export interface CpuUsage {
  /** % of one core per group. */
  groups: Record<string, number>;
  /** The whole machine, % of one core (cores × 100 at most). */
  machinePct: number;
  /** The machine minus the groups (and the extra): other work on the machine. */
  othersPct: number;
}

/**
 * CPU seconds of a process and all its descendants, those that ended included (a parent's cutime/cstime holds the
 * children it has reaped): with a process tree's own work taken off the whole machine's, what remains is other
 * people's work (`machineLoadFromOthers`).
 */
export function treeCpuSeconds(rootPid: number): number {
  const children = new Map<number, number[]>();
  const times = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(name);
    const ppid = Number(fields[1]);
    times.set(pid, (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / CLK_TCK);
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    total += times.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/**
 * The machine's load from work other than this process tree between `start` and `stop`, in % of the whole
 * machine (all cores): the machine's busy time minus the tree's CPU time.
 */
export function machineLoadFromOthers(rootPid = process.pid): { stop(): { othersPct: number; machinePct: number } } {
  const machine0 = systemCpuTimes();
  const ours0 = treeCpuSeconds(rootPid);
  const t0 = process.hrtime.bigint();
  return {
    stop() {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const cores = os.availableParallelism();
      const machinePct = systemBusyPercent(machine0);
      const oursPct = ((treeCpuSeconds(rootPid) - ours0) / seconds / cores) * 100;
      return { othersPct: Math.max(0, machinePct - oursPct), machinePct };
    },
  };
}

/**
 * As machineLoadFromOthers, with this process tree's own share split by subtree (`parts`: a name and a subtree's
 * root pid; `self`: the root process alone, without its children; what neither holds is `rest`), all in % of the
 * whole machine: how busy the machine is, how much of that is the benchmark itself, and where in it.
 */
export function machineLoadSplit(
  parts: Record<string, number>,
  rootPid = process.pid,
): { stop(): { machinePct: number; othersPct: number; oursPct: number; parts: Record<string, number>; self: number; rest: number } } {
  const machine0 = systemCpuTimes();
  const self0 = processCpuSeconds(rootPid);
  const ours0 = treeCpuSeconds(rootPid);
  const parts0 = Object.fromEntries(Object.entries(parts).map(([name, pid]) => [name, treeCpuSeconds(pid)]));
  const t0 = process.hrtime.bigint();
  return {
    stop() {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const pct = (cpuSeconds: number) => (cpuSeconds / seconds / os.availableParallelism()) * 100;
      const machinePct = systemBusyPercent(machine0);
      const oursPct = pct(treeCpuSeconds(rootPid) - ours0);
      const split = Object.fromEntries(Object.entries(parts).map(([name, pid]) => [name, pct(treeCpuSeconds(pid) - parts0[name]!)]));
      const self = pct(processCpuSeconds(rootPid) - self0);
      const rest = oursPct - self - Object.values(split).reduce((sum, v) => sum + v, 0);
      return { machinePct, othersPct: Math.max(0, machinePct - oursPct), oursPct, parts: split, self, rest };
    },
  };
}
