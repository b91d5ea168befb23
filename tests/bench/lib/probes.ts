import { SignallingClient } from '../../support/callClient';
import type { InviteFixture } from './fixtures';
import { httpFrom, type LoopbackAddresses } from './loopback';
import { msSince, sleep } from './stats';

/**
 * What honest people do while the benchmark runs, timed from the measuring process: home participants joining
 * (connect, call:join, call:leave, each home from its own address), the join page's first request
 * (GET /api/invites/:token on a new connection), /api/health, and a staff member signing in with the right password.
 */
export interface ProbeOptions {
  url: string;
  /** One list of invites per join lane; a lane takes them in turn (a person joins again only every few seconds). */
  homes: InviteFixture[][];
  /** Each home connection and page load comes from a new address of this block. */
  addresses: LoopbackAddresses;
  /** Pause after each join/leave, each page load and each health check. */
  joinPauseMs: number;
  pagePauseMs: number;
  healthPauseMs: number;
  /** A staff account that signs in (right password, from an address of its own) again after each pause. */
  staff: { email: string; password: string; address: string; pauseMs: number };
}

/** One timed request: when it started (Date.now()) and how long it took. */
export interface Sample {
  at: number;
  ms: number;
}

export interface ProbeSamples {
  /** emit call:join → acknowledgement. */
  join: Sample[];
  /** new socket.io connection (WebSocket handshake) → connected. */
  connect: Sample[];
  invitePage: Sample[];
  health: Sample[];
  /** What went wrong, by kind: a refused join, an error status, no answer. */
  failures: Record<string, number>;
  /** The staff member's sign-ins and their answers (`<status> <code>`, e.g. 200 or 503 SERVER_BUSY). */
  signIn: Sample[];
  signInAnswers: Record<string, number>;
}

const CONNECT_TIMEOUT_MS = 10_000;

/** Starts the probes; `stop()` waits for the requests in flight and returns every sample. */
export function startProbes(options: ProbeOptions): { stop(): Promise<ProbeSamples> } {
  const samples: ProbeSamples = { join: [], connect: [], invitePage: [], health: [], failures: {}, signIn: [], signInAnswers: {} };
  const fail = (kind: string) => (samples.failures[kind] = (samples.failures[kind] ?? 0) + 1);
  let stopped = false;
  const loop = async (pauseMs: number, step: () => Promise<void>) => {
    while (!stopped) {
      await step();
      await sleep(pauseMs);
    }
  };
  // A request that fails (e.g. no acknowledgement within 10 s) is still a sample: its time counts.
  const timed = async (into: Sample[], request: () => Promise<void>) => {
    const at = Date.now();
    const start = process.hrtime.bigint();
    try {
      await request();
    } finally {
      into.push({ at, ms: msSince(start) });
    }
  };

  const joinLane = (invites: InviteFixture[], lane: number) => {
    let turn = 0;
    return loop(options.joinPauseMs, async () => {
      const invite = invites[turn++ % invites.length]!;
      await joinAndLeave(options, invite, `home-lane-${lane}`, samples, fail, timed);
    });
  };
  const page = loop(options.pagePauseMs, async () => {
    const invite = options.homes[0]![0]!;
    await timed(samples.invitePage, () => get(options, `/api/invites/${invite.token}`, 'invite page', fail));
  });
  const health = loop(options.healthPauseMs, () => timed(samples.health, () => get(options, '/api/health', 'health', fail)));
  const signIn = loop(options.staff.pauseMs, () => timed(samples.signIn, () => signInAsStaff(options, samples.signInAnswers)));
  const running = Promise.all([...options.homes.map(joinLane), page, health, signIn]);
  return {
    async stop() {
      stopped = true;
      await running;
      return samples;
    },
  };
}

async function joinAndLeave(
  options: ProbeOptions,
  invite: InviteFixture,
  clientId: string,
  samples: ProbeSamples,
  fail: (kind: string) => void,
  timed: (into: ProbeSamples['join'], request: () => Promise<void>) => Promise<void>,
): Promise<void> {
  const client = new SignallingClient(options.url, undefined, { localAddress: options.addresses.next() });
  try {
    let connected = false;
    await timed(samples.connect, async () => {
      connected = await Promise.race([client.connected().then(() => true), sleep(CONNECT_TIMEOUT_MS).then(() => false)]);
    });
    if (!connected) return fail('home could not connect');
    await timed(samples.join, async () => {
      const answer = await client.request('call:join', { credentials: { role: 'home', token: invite.token }, clientId });
      if (!answer.ok) fail(`join ${answer.code}`);
    });
    const left = await client.request('call:leave', {});
    if (!left.ok) fail(`leave ${left.code}`);
  } catch (error) {
    fail(`home: ${error instanceof Error ? error.message.slice(0, 80) : String(error)}`);
  } finally {
    client.close();
  }
}

async function get(options: ProbeOptions, path: string, what: string, fail: (kind: string) => void): Promise<void> {
  try {
    const answer = await httpFrom(options.url, { method: 'GET', path, localAddress: options.addresses.next() });
    if (answer.status !== 200) fail(`${what} ${answer.status}`);
  } catch (error) {
    fail(`${what}: ${error instanceof Error ? error.message.slice(0, 80) : String(error)}`);
  }
}

async function signInAsStaff(options: ProbeOptions, answers: Record<string, number>): Promise<void> {
  const { email, password, address } = options.staff;
  let outcome: string;
  try {
    const answer = await httpFrom(options.url, {
      method: 'POST',
      path: '/api/auth/login',
      json: { email, password },
      localAddress: address,
      timeoutMs: 60_000,
    });
    outcome = answer.status === 200 ? '200' : `${answer.status} ${(JSON.parse(answer.body) as { code?: string }).code ?? ''}`;
  } catch (error) {
    outcome = `error: ${error instanceof Error ? error.message.slice(0, 60) : String(error)}`;
  }
  answers[outcome] = (answers[outcome] ?? 0) + 1;
}
