import { z } from 'zod';
import type { AccessEventMap, AccessEvents } from '../auth/accessEvents';
import type { Logger } from '../core/logger';
import type { ClusterKeys } from './keys';
import type { Redis } from './redis';

const RELAYED = ['sessionEnded', 'userChanged', 'inviteRevoked'] as const satisfies readonly (keyof AccessEventMap)[];
type Relayed = (typeof RELAYED)[number];

/** `about`: a sign-in token's hash (sha256, base64url: 43 characters), a user id or a participant id. */
const Message = z.object({ from: z.string().max(100), event: z.enum(RELAYED), about: z.string().min(1).max(100) });

/**
 * Changes of access for every node (issue #17): a sign-in ended, an account changed or an invite link stopped on one
 * node is emitted again on the others' AccessEvents, so their open sockets (staff pages, venue tablets, homes) are
 * closed or checked again there as on the node that made the change. Redis pub/sub on `access-changes`: a node that is
 * down misses the message and has no open socket to close anyway. The node that made the change answers once its own
 * sockets are done (AccessEvents.settled), without waiting for the others.
 */
export class AccessRelay {
  /** True while a change from another node is emitted here: it must not go back out. */
  private relaying = false;

  private constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly channel: string,
    private readonly nodeId: string,
    private readonly access: AccessEvents,
    private readonly logger: Logger,
  ) {}

  static async start(redis: Redis, keys: ClusterKeys, nodeId: string, access: AccessEvents, logger: Logger): Promise<AccessRelay> {
    const subscriber = redis.duplicate();
    subscriber.on('error', (error: unknown) => logger.warn({ err: error }, 'redis subscriber error (access changes)'));
    await subscriber.connect();
    const relay = new AccessRelay(redis, subscriber, keys.accessChanges, nodeId, access, logger);
    await subscriber.subscribe(keys.accessChanges, (text) => relay.received(text));
    for (const event of RELAYED) access.on(event, (about) => relay.publish(event, about));
    return relay;
  }

  async stop(): Promise<void> {
    await this.subscriber.close();
  }

  destroy(): void {
    this.subscriber.destroy();
  }

  private publish(event: Relayed, about: string): void {
    if (this.relaying) return;
    const message: z.input<typeof Message> = { from: this.nodeId, event, about };
    this.redis
      .publish(this.channel, JSON.stringify(message))
      .catch((error: unknown) => this.logger.error({ err: error, event }, 'could not tell the other nodes of a change of access'));
  }

  private received(text: string): void {
    let parsed: z.output<typeof Message>;
    try {
      parsed = Message.parse(JSON.parse(text));
    } catch (error) {
      this.logger.warn({ err: error }, 'an unreadable access-change message was ignored');
      return;
    }
    if (parsed.from === this.nodeId) return;
    this.relaying = true;
    try {
      this.access.emit(parsed.event, parsed.about);
    } catch (error) {
      this.logger.error({ err: error, event: parsed.event }, 'applying another node’s change of access failed');
    } finally {
      this.relaying = false;
    }
  }
}
