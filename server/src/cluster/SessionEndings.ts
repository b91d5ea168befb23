import { z } from 'zod';
import { EntityId } from '@shared/common';
import type { Logger } from '../core/logger';
import type { ClusterKeys } from './keys';
import type { Redis } from './redis';

/** More than any node holds (CLUSTER_LIMITS.sessionsPerNode); a longer list comes in several messages. */
const MAX_PER_MESSAGE = 500;
const Message = z.object({ from: z.string().max(100), sessionIds: z.array(EntityId).max(MAX_PER_MESSAGE) });

/**
 * Sessions ended by one node for the others (issue #17): the leader ends overdue sessions for the whole installation,
 * and the node that holds one of them closes its room and its live program. Redis pub/sub on `session-endings`:
 * a node that is down misses the message, and has no room of the session to close anyway.
 */
export class SessionEndings {
  private listener: (sessionId: string) => void = () => undefined;

  private constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly channel: string,
    private readonly nodeId: string,
  ) {}

  static async start(redis: Redis, keys: ClusterKeys, nodeId: string, logger: Logger): Promise<SessionEndings> {
    const subscriber = redis.duplicate();
    subscriber.on('error', (error: unknown) => logger.warn({ err: error }, 'redis subscriber error'));
    await subscriber.connect();
    const endings = new SessionEndings(redis, subscriber, keys.sessionEndings, nodeId);
    await subscriber.subscribe(keys.sessionEndings, (text) => endings.received(text, logger));
    return endings;
  }

  /** What this node does with a session another node ended (close its room, end its live program). */
  onEnded(listener: (sessionId: string) => void): void {
    this.listener = listener;
  }

  /** Tells the other nodes these sessions have ended. */
  async announce(sessionIds: readonly string[]): Promise<void> {
    for (let i = 0; i < sessionIds.length; i += MAX_PER_MESSAGE) {
      const message: z.input<typeof Message> = { from: this.nodeId, sessionIds: sessionIds.slice(i, i + MAX_PER_MESSAGE) };
      await this.redis.publish(this.channel, JSON.stringify(message));
    }
  }

  async stop(): Promise<void> {
    await this.subscriber.close();
  }

  destroy(): void {
    this.subscriber.destroy();
  }

  private received(text: string, logger: Logger): void {
    let parsed: z.output<typeof Message> | undefined;
    try {
      parsed = Message.parse(JSON.parse(text));
    } catch (error) {
      logger.warn({ err: error }, 'an unreadable session-ending message was ignored');
      return;
    }
    if (parsed.from === this.nodeId) return;
    for (const sessionId of parsed.sessionIds) {
      try {
        this.listener(sessionId);
      } catch (error) {
        logger.error({ err: error, sessionId }, 'ending a session another node ended failed');
      }
    }
  }
}
