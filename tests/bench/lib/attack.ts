import { RawSocket } from '../../support/rawSocket';
import { generateGarbage, type GarbageMessage } from './garbage';
import { httpFrom } from './loopback';
import { quantile } from './stats';

/**
 * The "under attack" benchmark's attacker: wrong sign-ins over HTTP and malformed socket messages, both as fast as
 * the server answers them (a fixed number in flight), from one client address or from many. Runs in a process of
 * its own (attackChild.ts) so that its CPU is not the measuring process's.
 */
export interface AttackPlan {
  url: string;
  /** Client addresses the attack comes from, used in turn: one (a single machine) or many (a botnet). */
  addresses: string[];
  /** Wrong sign-ins: the email of each attempt (a few real accounts and unknown emails), `concurrency` at once. */
  logins: { emails: string[]; concurrency: number };
  /**
   * Malformed messages: `unjoined` from sockets that never join (`unjoinedLanes` at a time, each opening a new
   * socket when the server closes its last), `inCall` from sockets joined with the attacker's own invite links.
   */
  messages: { seed: number; unjoined: number; inCall: number; unjoinedLanes: number; inCallInvites: string[] };
}

export type Counts = Record<string, number>;

export interface AttackOutcome {
  /** Date.now() when the attack started and when its sign-ins and its messages were done. */
  startedAt: number;
  loginsDoneAt: number;
  messagesDoneAt: number;
  /** `<HTTP status> <code>` → attempts. */
  logins: Counts;
  loginMs: { p50: number; p95: number; max: number };
  /** Kind of message → what became of it (an answer's code, closed, refused …) → count. */
  messages: Record<string, Counts>;
  connections: { opened: number; refused: number; closedByServer: Counts };
  /** The in-call lanes' own joins: `ok` or the refusal's code. */
  joins: Counts;
  /** CPU time the attacker's process used from the start to the end of the attack. */
  cpuMs: number;
}

/** Long enough for a sign-in that waits its turn in the password thread's queue: every attempt gets its answer. */
const SIGN_IN_TIMEOUT_MS = 60_000;

const add = (counts: Counts, key: string, by = 1) => (counts[key] = (counts[key] ?? 0) + by);

/** Generates the messages first (not part of the attack's time), then returns the function that runs it. */
export function prepareAttack(plan: AttackPlan): () => Promise<AttackOutcome> {
  const unjoined = generateGarbage(plan.messages.unjoined, plan.messages.seed, false);
  const inCall = generateGarbage(plan.messages.inCall, plan.messages.seed + 1, true);
  return () => runAttack(plan, unjoined, inCall);
}

async function runAttack(plan: AttackPlan, unjoined: GarbageMessage[], inCall: GarbageMessage[]): Promise<AttackOutcome> {
  const cpu0 = process.cpuUsage();
  let nextAddress = 0;
  const address = () => plan.addresses[nextAddress++ % plan.addresses.length]!;
  const outcome: AttackOutcome = {
    startedAt: Date.now(),
    loginsDoneAt: 0,
    messagesDoneAt: 0,
    logins: {},
    loginMs: { p50: 0, p95: 0, max: 0 },
    messages: {},
    connections: { opened: 0, refused: 0, closedByServer: {} },
    joins: {},
    cpuMs: 0,
  };
  const lanes = new SocketLanes(plan.url, address, outcome);
  const unjoinedQueue = unjoined.values();
  // In-call messages are split between the invites up front: each lane keeps its own person in the call.
  const perInvite = plan.messages.inCallInvites.map((_, i) =>
    inCall.filter((__, j) => j % plan.messages.inCallInvites.length === i).values(),
  );
  await Promise.all([
    wrongSignIns(plan, address, outcome).then(() => (outcome.loginsDoneAt = Date.now())),
    Promise.all([
      ...Array.from({ length: plan.messages.unjoinedLanes }, () => lanes.run(unjoinedQueue)),
      ...plan.messages.inCallInvites.map((token, i) => lanes.run(perInvite[i]!, { token, clientId: `attacker-${i}` })),
    ]).then(() => (outcome.messagesDoneAt = Date.now())),
  ]);
  const cpu = process.cpuUsage(cpu0);
  outcome.cpuMs = (cpu.user + cpu.system) / 1000;
  return outcome;
}

async function wrongSignIns(plan: AttackPlan, address: () => string, outcome: AttackOutcome): Promise<void> {
  const emails = plan.logins.emails.values();
  const times: number[] = [];
  const lane = async () => {
    for (let next = emails.next(); !next.done; next = emails.next()) {
      const start = performance.now();
      try {
        const answer = await httpFrom(plan.url, {
          method: 'POST',
          path: '/api/auth/login',
          json: { email: next.value, password: 'not-the-password-1234' },
          localAddress: address(),
          timeoutMs: SIGN_IN_TIMEOUT_MS,
        });
        add(outcome.logins, `${answer.status} ${errorCode(answer.body)}`);
      } catch (error) {
        add(outcome.logins, `network error: ${error instanceof Error ? error.message.slice(0, 60) : String(error)}`);
      }
      times.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: plan.logins.concurrency }, lane));
  outcome.loginMs = { p50: quantile(times, 0.5), p95: quantile(times, 0.95), max: Math.max(...times) };
}

function errorCode(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && 'code' in parsed && typeof parsed.code === 'string') return parsed.code;
    return '(no code)';
  } catch {
    return '(not JSON)';
  }
}

/** Socket lanes: each sends one message at a time and opens a new socket (a new address) when the server closed its last. */
class SocketLanes {
  constructor(
    private readonly url: string,
    private readonly address: () => string,
    private readonly outcome: AttackOutcome,
  ) {}

  async run(queue: Iterator<GarbageMessage>, joinAs?: { token: string; clientId: string }): Promise<void> {
    let socket: RawSocket | undefined;
    for (let next = queue.next(); !next.done; next = queue.next()) {
      const message = next.value;
      if (!socket?.socket.connected) {
        if (socket) this.noteClosed(socket);
        socket = await this.open(joinAs);
        if (!socket) {
          this.record(message, 'not sent: connection refused');
          continue;
        }
      }
      this.record(message, await deliver(socket, message));
    }
    if (socket?.socket.connected) socket.close();
    else if (socket) this.noteClosed(socket);
  }

  private async open(joinAs: { token: string; clientId: string } | undefined): Promise<RawSocket | undefined> {
    const socket = new RawSocket(this.url, { localAddress: this.address() });
    try {
      await socket.connected();
    } catch {
      socket.close();
      this.outcome.connections.refused += 1;
      return undefined;
    }
    this.outcome.connections.opened += 1;
    if (joinAs) {
      const joined = await socket.ask('call:join', { credentials: { role: 'home', token: joinAs.token }, clientId: joinAs.clientId });
      add(this.outcome.joins, 'answer' in joined ? answerCode(joined.answer) : 'closed' in joined ? 'closed' : 'no answer');
    }
    return socket;
  }

  private noteClosed(socket: RawSocket): void {
    add(this.outcome.connections.closedByServer, socket.closedBecause ?? 'unknown');
  }

  private record(message: GarbageMessage, result: string): void {
    add((this.outcome.messages[message.kind] ??= {}), result);
  }
}

async function deliver(socket: RawSocket, message: GarbageMessage): Promise<string> {
  if (!message.withAck) {
    socket.tell(message.name, ...message.args);
    return 'sent without a callback';
  }
  const result = await socket.ask(message.name, ...message.args);
  if ('answer' in result) return answerCode(result.answer);
  if ('closed' in result) return 'connection closed';
  return 'no answer within 5 s';
}

function answerCode(answer: unknown): string {
  if (!answer || typeof answer !== 'object' || !('ok' in answer)) return 'malformed answer';
  if (answer.ok === true) return 'ok';
  return 'code' in answer && typeof answer.code === 'string' ? answer.code : 'malformed answer';
}
