/**
 * The attacker of the "under attack" benchmark in a process of its own (started by attackProcess.ts with an IPC
 * channel): it receives the plan, generates its messages, says it is armed, and runs the attack on `go`.
 */
import { prepareAttack, type AttackOutcome, type AttackPlan } from './attack';

export type AttackCommand = { cmd: 'plan'; plan: AttackPlan } | { cmd: 'go' };
export type AttackReport = { type: 'armed' } | { type: 'done'; outcome: AttackOutcome } | { type: 'failed'; error: string };

const send = (report: AttackReport) => process.send?.(report);
let launch: (() => Promise<AttackOutcome>) | undefined;

process.on('message', (command: AttackCommand) => {
  if (command.cmd === 'plan') {
    launch = prepareAttack(command.plan);
    send({ type: 'armed' });
    return;
  }
  if (!launch) {
    send({ type: 'failed', error: 'go before plan' });
    return;
  }
  launch().then(
    (outcome) => send({ type: 'done', outcome }),
    (error: unknown) => send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
