import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LiveState } from '@shared/program/live';
import { ClusterKeys } from '../../../server/src/cluster/keys';
import type { Redis } from '../../../server/src/cluster/redis';
import { RedisLiveStore } from '../../../server/src/cluster/RedisLiveStore';
import { createLogger } from '../../../server/src/core/logger';
import type { SavedLiveState } from '../../../server/src/program/live/liveStore';
import { SignallingClient } from '../../support/callClient';
import { findFreeTcpPort } from '../../support/ports';
import { startRedis, type RedisServer } from '../../support/redis';
import { startTestServer, type TestServer } from '../../support/testServer';

const keys = new ClusterKeys();
/** This node's bound on the first join's wait for the saved program (production: 2 s). */
const RESUME_WAIT_MS = 1_000;

/**
 * A session moved to a node that has not read its saved live program yet (issue #17): the first join's answer
 * already carries the resumed program, never the program's start first. Redis is held still (SIGSTOP) from the moment
 * the node makes the session's room, so the read is certainly still under way when the join is answered otherwise.
 */
describe('the first join of a moved session', () => {
  let redis: RedisServer;
  let client: Redis;
  let redisPid: number;
  let node: TestServer;
  let saved: SavedLiveState;
  const devices: SignallingClient[] = [];

  const device = async () => {
    const connected = await new SignallingClient(node.url).connected();
    devices.push(connected);
    return connected;
  };
  const join = (home: SignallingClient, invite = 0) =>
    home.ok('call:join', { credentials: { role: 'home', token: node.demo.invites[invite]!.token }, clientId: `home-tab-${invite}` });
  /** Stops Redis when the node makes the session's room (its saved program is read right after); `until` resumes it. */
  const holdRedisAtRoomCreation = (until: Promise<unknown>) => {
    node.rooms.once('roomCreated', () => {
      process.kill(redisPid, 'SIGSTOP');
      void until.finally(() => process.kill(redisPid, 'SIGCONT'));
    });
  };
  const expectResumed = (state: LiveState) =>
    expect(state).toMatchObject({
      clock: saved.clock,
      segments: expect.arrayContaining([expect.objectContaining({ id: saved.segmentId })]),
    });

  beforeAll(async () => {
    redis = await startRedis();
    client = await redis.connect();
    redisPid = Number(/process_id:(\d+)/.exec(await client.info('server'))![1]);
    const port = await findFreeTcpPort();
    node = await startTestServer({
      port,
      publicUrl: `http://127.0.0.1:${port}`,
      cluster: { redisUrl: redis.url, nodeId: 'node-b' },
      liveTestSettings: { resumeWaitMs: RESUME_WAIT_MS },
    });
    // What node a saved before it went away: step 3 (index 2) running, its timer ending in ten minutes.
    const segments = await node.services.programs.segmentsFor(node.demo.sessionId);
    expect(segments.length).toBeGreaterThanOrEqual(3);
    saved = {
      revision: 9,
      segmentId: segments[2]!.id,
      clock: { status: 'running', index: 2, endsAt: Date.now() + 600_000, remainingMs: 0 },
      layoutChoice: 'auto',
      leaderPeerId: null,
      video: null,
      quiz: null,
      breakout: null,
      hands: [],
      removed: [],
    };
    const onNodeA = new RedisLiveStore(await redis.connect(), keys, createLogger('silent'));
    onNodeA.save(node.demo.sessionId, saved, Date.now());
    await onNodeA.flushed();
  }, 60_000);

  // Each test starts with the session new on this node again: its room closed, its live program forgotten.
  afterEach(async () => {
    for (const d of devices.splice(0)) d.close();
    await expect.poll(() => node.live.find(node.demo.sessionId), { timeout: 5_000 }).toBeUndefined();
  });

  afterAll(async () => {
    if (redisPid) process.kill(redisPid, 'SIGCONT');
    await node?.close();
    await redis?.stop();
  });

  it('answers the joins with the resumed program (step 3, its timer running on), having waited for the one read', async () => {
    let resume!: () => void;
    const resumed = new Promise<void>((resolve) => (resume = resolve));
    holdRedisAtRoomCreation(resumed);
    const [home, other] = [await device(), await device()];
    // Two homes at once: both wait for the same read.
    const joining = Promise.all([join(home, 0), join(other, 1)]);
    // Redis stays still for a while; then the read is answered and the joins with it.
    await new Promise((resolve) => setTimeout(resolve, RESUME_WAIT_MS / 2));
    resume();
    const [answer, otherAnswer] = await joining;

    expect(answer.live.revision).toBeGreaterThan(saved.revision);
    expectResumed(answer.live);
    expectResumed(otherAnswer.live);
    // Nothing of the program's start reached the devices before or after.
    for (const state of [...home.received('live:state'), ...other.received('live:state')]) expectResumed(state);
    // The timer ends when it did on node a: it did not start again.
    expect(answer.live.clock.endsAt).toBe(saved.clock.endsAt);
  });

  it('answers with the program’s start when the read takes longer than the bound, then sends the resumed one', async () => {
    let resume!: () => void;
    const resumed = new Promise<void>((resolve) => (resume = resolve));
    holdRedisAtRoomCreation(resumed);
    const home = await device();
    // Redis is held until the join is answered (or has failed): an answer at all means it did not wait for the read.
    const answer = await join(home).finally(resume);
    expect(answer.live).toMatchObject({ revision: 0, clock: { status: 'not-started' } });
    const state = await home.waitFor('live:state', (notice) => notice.clock.status === 'running');
    expect(state.revision).toBeGreaterThan(saved.revision);
    expectResumed(state);
  });
});
