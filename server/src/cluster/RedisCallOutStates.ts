import { z } from 'zod';
import { CallOutState } from '@shared/phone/schemas';
import { CALL_STATE_KEPT_MS, type CallOutStates, isRinging } from '../phone/callOutStates';
import type { ClusterKeys } from './keys';
import type { Redis } from './redis';

/** One person's call state as stored: the state and the node whose call it is. */
const Stored = z.object({ s: CallOutState, n: z.string().max(64) });

/**
 * The gatherings' call states shared by the nodes (issue #17): one Redis hash per session (participant → state and
 * node), kept a day after its last change. A session that moves node keeps its roster. A call still waiting or
 * ringing on a node that has gone (its announcement expired) rings no more: it is not shown, and the person can be
 * rung again.
 */
export class RedisCallOutStates implements CallOutStates {
  constructor(
    private readonly redis: Redis,
    private readonly keys: ClusterKeys,
    private readonly nodeId: string,
    private readonly retentionMs = CALL_STATE_KEPT_MS,
  ) {}

  async of(sessionId: string): Promise<Map<string, CallOutState>> {
    const stored = new Map<string, z.infer<typeof Stored>>();
    for (const [participantId, value] of Object.entries(await this.redis.hGetAll(this.keys.callOutStates(sessionId)))) {
      const parsed = Stored.safeParse(parseJson(value));
      if (parsed.success) stored.set(participantId, parsed.data);
    }
    const pendingNodes = new Set(
      [...stored.values()].filter((entry) => isRinging(entry.s) && entry.n !== this.nodeId).map((entry) => entry.n),
    );
    const alive = await Promise.all([...pendingNodes].map((node) => this.redis.exists(this.keys.node(node))));
    const gone = new Set([...pendingNodes].filter((_, i) => alive[i] === 0));
    const states = new Map<string, CallOutState>();
    for (const [participantId, entry] of stored) if (!(isRinging(entry.s) && gone.has(entry.n))) states.set(participantId, entry.s);
    return states;
  }

  async set(sessionId: string, participantId: string, state: CallOutState): Promise<void> {
    const key = this.keys.callOutStates(sessionId);
    await this.redis
      .multi()
      .hSet(key, participantId, JSON.stringify({ s: state, n: this.nodeId }))
      .pExpire(key, this.retentionMs)
      .exec();
  }
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
