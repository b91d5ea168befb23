import type { types } from 'mediasoup';
import type { Logger } from '../core/logger';
import { consumerForwards } from './consumerRules';
import type { ConsumerAppData, Peer } from './Peer';
import { SpeakerRanking, voicesHeard, type VoiceLevel } from './voices';

/** Which small group a peer is in; null for the main room. */
export type GroupOf = (peerId: string) => string | null;

type RoomConsumer = types.Consumer<ConsumerAppData>;

/** mediasoup's highest consumer priority: the spotlight leader's media is sent first on a weak link. */
const SPOTLIGHT_PRIORITY = 255;
const DEFAULT_PRIORITY = 1;

/**
 * Which of a room's consumers forward media, and which go first: the small groups, the spotlight, what each
 * device shows on screen and which voices it hears (the rules themselves are `consumerForwards` and `voicesHeard`).
 * The Room owns the media and asks this to bring consumers in line after every change. Its pauses are the server's
 * own, apart from a producer's mute, so devices get no consumerPaused notice for them.
 */
export class ForwardingPolicy {
  private groupOf: GroupOf | null = null;
  private spotlightPeerId: string | null = null;
  private leaderPeerId: string | null = null;
  private readonly speakers = new SpeakerRanking();
  private readonly updates = new WeakMap<RoomConsumer, Promise<void>>();

  /** `peers`: the room's peers now (whose voices a device could hear). */
  constructor(
    private readonly logger: Logger,
    private readonly peers: () => readonly Peer[],
  ) {}

  /** Small groups: media flows only between peers of the same group (null: everyone together). */
  setGroups(groupOf: GroupOf | null): void {
    this.groupOf = groupOf;
  }

  /** Spotlight: the consumers of this peer's producers get the top priority (null: nobody's). False if unchanged. */
  setSpotlight(peerId: string | null): boolean {
    if (this.spotlightPeerId === peerId) return false;
    this.spotlightPeerId = peerId;
    return true;
  }

  /** The leader of the program (null: the venue leads): always heard, like the venue. False if unchanged. */
  setLeader(peerId: string | null): boolean {
    if (this.leaderPeerId === peerId) return false;
    this.leaderPeerId = peerId;
    return true;
  }

  /** An audio-level report from the worker (empty: silence). True if who is speaking changed. */
  hearLevels(levels: readonly VoiceLevel[], now: number): boolean {
    return this.speakers.report(levels, now);
  }

  /** Voices whose hangover has run out stop being forwarded. True if who is speaking changed. */
  expireVoices(now: number): boolean {
    return this.speakers.expire(now);
  }

  /** When `expireVoices` should next run; null when nobody is speaking. */
  nextVoiceExpiryAt(): number | null {
    return this.speakers.nextExpiryAt();
  }

  /** The voices this device hears now ('all', or the peers' ids). */
  voicesHeardBy(listener: Peer): ReadonlySet<string> | 'all' {
    const alwaysHeard = new Set<string>();
    const candidates: string[] = [];
    for (const peer of this.peers()) {
      if (peer.role === 'venue' || peer.id === this.leaderPeerId || peer.id === this.spotlightPeerId) alwaysHeard.add(peer.id);
      if (peer !== listener && this.sameGroup(listener.id, peer.id) && peer.listProducers().some((p) => p.kind === 'audio')) {
        candidates.push(peer.id);
      }
    }
    return voicesHeard({ listener, candidates, alwaysHeard, ranking: this.speakers.ranking });
  }

  /** Brings every audio consumer in line (who speaks changed, or who could be heard). */
  async applyVoices(): Promise<void> {
    const peers = this.peers();
    await Promise.all(
      peers.map((peer) =>
        this.applyTo(
          peer,
          peer.listConsumers().filter((consumer) => consumer.kind === 'audio'),
        ),
      ),
    );
  }

  /** Brings every consumer of these peers in line; a consumer that cannot be updated is logged, never thrown. */
  async applyToAll(peers: readonly Peer[]): Promise<void> {
    await Promise.all(peers.map((peer) => this.applyTo(peer, peer.listConsumers())));
  }

  async applyTo(peer: Peer, consumers: readonly RoomConsumer[]): Promise<void> {
    const updates = consumers.map((consumer) =>
      this.apply(peer, consumer).catch((error: unknown) => {
        if (!consumer.closed) this.logger.warn({ err: error, peerId: peer.id, consumerId: consumer.id }, 'could not update consumer');
      }),
    );
    await Promise.all(updates);
  }

  /** One update at a time per consumer, each reading the rules as they are when it runs: the last one wins. */
  apply(consumerPeer: Peer, consumer: RoomConsumer): Promise<void> {
    const previous = this.updates.get(consumer) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.bringInLine(consumerPeer, consumer));
    this.updates.set(consumer, next);
    return next;
  }

  /**
   * Paused until the device accepted it, while the two peers are in different groups, for video while the
   * device does not show that peer, for audio while the voice is not among those it hears; spotlight priority.
   */
  private async bringInLine(consumerPeer: Peer, consumer: RoomConsumer): Promise<void> {
    if (consumer.closed) return;
    const { producerPeerId, accepted } = consumer.appData;
    const heard = consumer.kind === 'audio' ? this.voicesHeardBy(consumerPeer) : 'all';
    const pause = !consumerForwards({
      kind: consumer.kind,
      accepted,
      sameGroup: this.sameGroup(consumerPeer.id, producerPeerId),
      shownOnScreen: consumerPeer.showsVideoOf(producerPeerId),
      voiceHeard: heard === 'all' || heard.has(producerPeerId),
    });
    if (pause && !consumer.paused) await consumer.pause();
    if (!pause && consumer.paused) await consumer.resume();
    const priority = producerPeerId === this.spotlightPeerId ? SPOTLIGHT_PRIORITY : DEFAULT_PRIORITY;
    if (consumer.priority === priority) return;
    if (priority === DEFAULT_PRIORITY) await consumer.unsetPriority();
    else await consumer.setPriority(priority);
  }

  private sameGroup(a: string, b: string): boolean {
    return this.groupOf === null || this.groupOf(a) === this.groupOf(b);
  }
}
