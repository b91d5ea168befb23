import type { CallIdentity } from '../sessions/service';

/**
 * Which voices a device hears (issue #15 part 4), pure: the Room feeds it the worker's audio-level reports and asks
 * who each device hears. In a big gathering everyone talking at once would cost a home line ~0.05 Mbit/s per voice;
 * a home hears the loudest few, plus the voices that are always heard (the venue, the leader, the spotlit).
 */
export const VOICE_RULES = {
  /** Beyond those always heard, the most voices a device hears at once (Jitsi's default "num-loudest" is 3). */
  loudest: 3,
  /** A voice stays forwarded this long after the last report that named it: pauses between words keep their slot. */
  hangoverMs: 1500,
  /** A voice already in the loudest places keeps its place against a newcomer unless the newcomer is this much louder (dB). */
  stickyDb: 6,
} as const;

export type VoiceRules = typeof VOICE_RULES;

/** One entry of an audio-level report: a peer above the threshold and its average level (dBov, −127…0). */
export interface VoiceLevel {
  peerId: string;
  volume: number;
}

interface Speaker {
  volume: number;
  lastNamedAt: number;
  /** Named in the latest report. */
  speakingNow: boolean;
}

/**
 * Who is speaking, in order: those named in the latest report (louder first; the ones already in the loudest places
 * get `stickyDb` so that near-equal voices do not swap every report), then those still in their hangover (the most
 * recently heard first). Time is passed in.
 */
export class SpeakerRanking {
  private readonly speakers = new Map<string, Speaker>();
  private order: string[] = [];

  constructor(private readonly rules: VoiceRules = VOICE_RULES) {}

  get ranking(): readonly string[] {
    return this.order;
  }

  /** A level report (the peers above the threshold; empty for silence). True if the order changed. */
  report(levels: readonly VoiceLevel[], now: number): boolean {
    const incumbents = new Set(this.order.slice(0, this.rules.loudest + 1));
    for (const speaker of this.speakers.values()) speaker.speakingNow = false;
    for (const { peerId, volume } of levels) this.speakers.set(peerId, { volume, lastNamedAt: now, speakingNow: true });
    this.dropExpired(now);
    const score = (peerId: string) => {
      const speaker = this.speakers.get(peerId)!;
      return speaker.volume + (incumbents.has(peerId) ? this.rules.stickyDb : 0);
    };
    const previous = new Map(this.order.map((peerId, index) => [peerId, index]));
    const speaking = [...this.speakers.keys()].filter((peerId) => this.speakers.get(peerId)!.speakingNow);
    speaking.sort((a, b) => score(b) - score(a) || (previous.get(a) ?? Infinity) - (previous.get(b) ?? Infinity));
    const pausing = [...this.speakers.keys()].filter((peerId) => !this.speakers.get(peerId)!.speakingNow);
    pausing.sort((a, b) => this.speakers.get(b)!.lastNamedAt - this.speakers.get(a)!.lastNamedAt);
    return this.setOrder([...speaking, ...pausing]);
  }

  /** Drops the voices whose hangover has run out. True if the order changed. */
  expire(now: number): boolean {
    this.dropExpired(now);
    return this.setOrder(this.order.filter((peerId) => this.speakers.has(peerId)));
  }

  /** When the next hangover runs out; null when nobody is in the ranking. */
  nextExpiryAt(): number | null {
    let next: number | null = null;
    for (const { lastNamedAt } of this.speakers.values()) {
      const at = lastNamedAt + this.rules.hangoverMs;
      if (next === null || at < next) next = at;
    }
    return next;
  }

  private dropExpired(now: number): void {
    for (const [peerId, speaker] of this.speakers) if (now - speaker.lastNamedAt >= this.rules.hangoverMs) this.speakers.delete(peerId);
  }

  private setOrder(order: string[]): boolean {
    const changed = order.length !== this.order.length || order.some((peerId, index) => this.order[index] !== peerId);
    this.order = order;
    return changed;
  }
}

/** What decides the voices one device hears. */
export interface VoiceFacts {
  listener: { id: string; role: CallIdentity['role'] };
  /** The other peers whose microphone this device could hear (same small group), in any order. */
  candidates: readonly string[];
  /** Voices every device hears: the venue, the leader, the spotlit. */
  alwaysHeard: ReadonlySet<string>;
  /** SpeakerRanking.ranking. */
  ranking: readonly string[];
}

/**
 * The voices forwarded to one device, or 'all'. The venue hears every voice: its loudspeaker is the room's ear for
 * the homes (everyone counting aloud during いきいき百歳体操 must sound like a room), and its line is the hall's. A
 * home or a telephone (its bridge mixes what it gets) hears those always heard and the `loudest` first of the
 * ranking; when there are no more voices than that to choose from, it hears them all.
 */
export function voicesHeard(facts: VoiceFacts, rules: VoiceRules = VOICE_RULES): ReadonlySet<string> | 'all' {
  if (facts.listener.role === 'venue') return 'all';
  const candidates = new Set(facts.candidates);
  candidates.delete(facts.listener.id);
  const choosable = [...candidates].filter((peerId) => !facts.alwaysHeard.has(peerId));
  if (choosable.length <= rules.loudest) return 'all';
  const heard = new Set([...candidates].filter((peerId) => facts.alwaysHeard.has(peerId)));
  const loudest = facts.ranking.filter((peerId) => candidates.has(peerId) && !facts.alwaysHeard.has(peerId)).slice(0, rules.loudest);
  for (const peerId of loudest) heard.add(peerId);
  return heard;
}
