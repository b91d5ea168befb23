import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { builtInQuizQuestions } from '@shared/program/quizzes';
import { ClusterKeys } from '../../../server/src/cluster/keys';
import type { Redis } from '../../../server/src/cluster/redis';
import { LIVE_STATE_MAX_BYTES, RedisLiveStore } from '../../../server/src/cluster/RedisLiveStore';
import { createLogger } from '../../../server/src/core/logger';
import type { SavedLiveState } from '../../../server/src/program/live/liveStore';
import { type RedisServer, startRedis } from '../../support/redis';

const keys = new ClusterKeys();
const logger = createLogger('silent');
const T0 = Date.parse('2026-12-04T10:00:00Z');
const question = builtInQuizQuestions[0]!;

function state(revision: number): SavedLiveState {
  return {
    revision,
    segmentId: 'seg-2',
    clock: { status: 'running', index: 1, endsAt: T0 + 300_000, remainingMs: 0 },
    layoutChoice: 'spotlight',
    leaderPeerId: 'p-a',
    video: { videoId: 'v1', title: '体操', url: '/v', playing: true, positionSec: 12, updatedAt: T0, durationSec: 300 },
    quiz: { question, phase: 'asking', answers: [['p-a', 1]], venueCounts: question.choices.map(() => 0) },
    breakout: { groups: [{ id: 'group-1', name: 'グループ 1', peerIds: ['p-a'] }], endsAt: T0 + 180_000 },
    hands: [{ peerId: 'p-b', displayName: '花子', raisedAt: T0 }],
    removed: [],
  };
}

/** The live programs in Redis (issue #17), on a real redis-server: what node A saves, node B loads. */
describe('RedisLiveStore', () => {
  let server: RedisServer;
  let redis: Redis;
  let onA: RedisLiveStore;
  let onB: RedisLiveStore;

  beforeAll(async () => {
    server = await startRedis();
    redis = await server.connect();
  });
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    await redis.flushAll();
    onA = new RedisLiveStore(await server.connect(), keys, logger, { ttlMs: 60_000 });
    onB = new RedisLiveStore(await server.connect(), keys, logger, { ttlMs: 60_000 });
  });

  it('gives node B the last of the states node A saved, in order, expiring after the TTL', async () => {
    for (let revision = 1; revision <= 20; revision++) onA.save('ses_1', state(revision), T0);
    await onA.flushed();
    expect(await onB.load('ses_1')).toEqual(state(20));
    const ttl = await redis.pTTL(keys.liveState('ses_1'));
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await onB.load('ses_other')).toBeUndefined();
  });

  it('waits, on the node itself, for its saves under way before loading', async () => {
    onA.save('ses_1', state(7), T0);
    expect((await onA.load('ses_1'))?.revision).toBe(7);
  });

  it('does not let a program the host ended come back: gone, and an older live program cannot save it again', async () => {
    onA.save('ses_1', state(3), T0);
    await onA.flushed();
    await onB.end('ses_1', T0 + 1000);
    expect(await onA.load('ses_1')).toBeUndefined();
    // Node A's live program, made before the end, saves once more (a timer that fired): nothing is written.
    onA.save('ses_1', state(4), T0);
    await onA.flushed();
    expect(await onB.load('ses_1')).toBeUndefined();
    // A live program made after the end (the session opened again) saves as usual.
    onA.save('ses_1', state(1), T0 + 2000);
    await onA.flushed();
    expect((await onB.load('ses_1'))?.revision).toBe(1);
  });

  it(`keeps at most ${LIVE_STATE_MAX_BYTES} bytes, and ignores what it cannot read`, async () => {
    const huge = {
      ...state(1),
      hands: Array.from({ length: 5000 }, (_, i) => ({ peerId: `p-${i}`, displayName: '名'.repeat(50), raisedAt: T0 })),
    };
    onA.save('ses_1', huge, T0);
    await onA.flushed();
    expect(await redis.exists(keys.liveState('ses_1'))).toBe(0);
    await redis.set(keys.liveState('ses_2'), '{"revision":"x"}');
    await redis.set(keys.liveState('ses_3'), 'not json');
    await redis.set(keys.liveState('ses_4'), JSON.stringify({ ...state(1), pad: 'x'.repeat(LIVE_STATE_MAX_BYTES) }));
    for (const id of ['ses_2', 'ses_3', 'ses_4']) expect(await onB.load(id)).toBeUndefined();
  });

  it('refuses a bad session id with INVALID_PAYLOAD', async () => {
    expect(() => onA.save('', state(1), T0)).toThrow(expect.objectContaining({ code: 'INVALID_PAYLOAD', field: 'sessionId' }));
    await expect(onB.load('x'.repeat(101))).rejects.toMatchObject({ code: 'INVALID_PAYLOAD', field: 'sessionId' });
  });
});
