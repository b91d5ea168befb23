import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { AttackOutcome, AttackPlan } from './attack';
import type { AttackCommand, AttackReport } from './attackChild';

const CHILD = fileURLToPath(new URL('./attackChild.ts', import.meta.url));
/** The lowest CPU priority. */
export const ATTACKER_NICE = 19;

export interface ArmedAttack {
  /** The attacker's process (for its CPU time). */
  pid: number;
  /** Starts the attack; resolves when all of it has been answered (or refused), then the process ends. */
  launch(): Promise<AttackOutcome>;
}

/** Starts the attacker's process and hands it the plan; resolves once its messages are generated. */
export async function armAttack(plan: AttackPlan): Promise<ArmedAttack> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // As if it ran on another machine: it gets the CPU that the server and the honest clients leave.
  os.setPriority(child.pid!, ATTACKER_NICE);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const next = () =>
    new Promise<AttackReport>((resolve, reject) => {
      child.once('message', (report: AttackReport) => resolve(report));
      void exited.then((code) => reject(new Error(`attacker exited (${code})`)));
    });
  const command = (message: AttackCommand) => child.send(message);

  const armed = next();
  command({ cmd: 'plan', plan });
  await armed;
  return {
    pid: child.pid!,
    async launch() {
      const done = next();
      command({ cmd: 'go' });
      const report = await done;
      child.disconnect();
      await exited;
      if (report.type !== 'done') throw new Error(`attacker: ${report.type === 'failed' ? report.error : report.type}`);
      return report.outcome;
    },
  };
}
