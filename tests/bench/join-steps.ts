/**
 * Server-side time of `call:join`, step by step (issue #15): homes join a demo call that already has the venue and
 * two homes sending, and leave; each step of CallService.join is timed by wrapping its collaborators' prototypes.
 * Prints the median and p90 of each step and of the whole join (in the service and as the client sees its ack).
 * `npx tsx tests/bench/join-steps.ts [joins]`; no browser.
 */
import { performance } from 'node:perf_hooks';
import { CallService } from '../../server/src/call/CallService';
import { Room } from '../../server/src/call/Room';
import { RoomRegistry } from '../../server/src/call/RoomRegistry';
import { CheckinService } from '../../server/src/checkins/service';
import { LiveSessions } from '../../server/src/program/live/LiveSessions';
import { SessionService } from '../../server/src/sessions/service';
import { SignallingClient, joinWithCamera } from '../support/callClient';
import { startTestServer } from '../support/testServer';

const steps = new Map<string, number[]>();
const record = (name: string, ms: number) => steps.set(name, [...(steps.get(name) ?? []), ms]);
let inJoin = false;

function wrap(proto: object, method: string, name = method): void {
  const target = proto as Record<string, (...args: unknown[]) => unknown>;
  const original = target[method]!;
  target[method] = function (this: unknown, ...args: unknown[]) {
    if (!inJoin) return original.apply(this, args);
    const start = performance.now();
    const result = original.apply(this, args);
    if (result instanceof Promise) return result.finally(() => record(name, performance.now() - start));
    record(name, performance.now() - start);
    return result;
  };
}

const service = CallService.prototype as unknown as Record<'join', (...args: unknown[]) => Promise<unknown>>;
const join = service.join;
service.join = async function (this: CallService, ...args: unknown[]) {
  inJoin = true;
  const start = performance.now();
  try {
    return await join.apply(this, args);
  } finally {
    record('CallService.join (total)', performance.now() - start);
    inJoin = false;
  }
};
wrap(SessionService.prototype, 'resolveJoin', 'sessions.resolveJoin');
wrap(SessionService.prototype, 'isInviteValid', 'sessions.isInviteValid');
wrap(SessionService.prototype, 'markLive', 'sessions.markLive');
wrap(CheckinService.prototype, 'offer', 'checkins.offer');
wrap(LiveSessions.prototype, 'assertMayJoin', 'live.assertMayJoin');
wrap(LiveSessions.prototype, 'joinView', 'live.joinView');
wrap(RoomRegistry.prototype, 'getOrCreate', 'rooms.getOrCreate');
wrap(Room.prototype, 'join', 'room.join');
wrap(Room.prototype, 'createTransport', 'room.createTransport (each)');

const joins = Number(process.argv[2] ?? 40);
const server = await startTestServer();
const cookie = await server.login('host');
const url = server.url;
const home = (i: number) => ({ role: 'home' as const, token: server.demo.invites[i]!.token });
const senders = [new SignallingClient(url, cookie), new SignallingClient(url), new SignallingClient(url)];
await Promise.all(senders.map((c) => c.connected()));
await joinWithCamera(senders[0]!, { role: 'venue', sessionId: server.demo.sessionId }, 'venue-tablet');
await joinWithCamera(senders[1]!, home(0), 'home-tab-0');
await joinWithCamera(senders[2]!, home(1), 'home-tab-1');

const acks: number[] = [];
for (let i = 0; i < joins; i++) {
  const client = await new SignallingClient(url).connected();
  const credentials = home(2 + (i % (server.demo.invites.length - 2)));
  await client.ok('call:prepare', { credentials });
  const start = performance.now();
  await client.ok('call:join', { credentials, clientId: `joiner-tab-${i}` });
  acks.push(performance.now() - start);
  client.close();
  await new Promise((resolve) => setTimeout(resolve, 100));
}
steps.set('ack as the client sees it', acks);

const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))]!;
console.log(`| step | count | p50 ms | p90 ms |\n|---|---|---|---|`);
for (const [name, values] of steps)
  console.log(`| ${name} | ${values.length} | ${pct(values, 0.5).toFixed(2)} | ${pct(values, 0.9).toFixed(2)} |`);
for (const c of senders) c.close();
await server.close();
process.exit(0);
