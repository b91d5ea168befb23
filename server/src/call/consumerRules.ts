import type { types } from 'mediasoup';

/** What decides whether the server forwards one consumer's media to its device. */
export interface ConsumerFacts {
  kind: types.MediaKind;
  /** The device has set the consumer up. */
  accepted: boolean;
  /** Both peers are in the same small group (or there are no groups). */
  sameGroup: boolean;
  /** The device shows this peer's video now. */
  shownOnScreen: boolean;
  /** This peer's voice is among those the device hears (voices.ts: the loudest few and those always heard). */
  voiceHeard: boolean;
}

/**
 * A consumer forwards only when the device accepted it, the small groups allow it and, for video,
 * the device shows that peer (off-screen pictures cost the home's line nothing); for audio, the voice is
 * among those the device hears (a big gathering's quiet voices cost it nothing either).
 */
export function consumerForwards(facts: ConsumerFacts): boolean {
  return facts.accepted && facts.sameGroup && (facts.kind === 'audio' ? facts.voiceHeard : facts.shownOnScreen);
}
