/**
 * Keeping every screen's exercise video at the same position. The server keeps where the video
 * was at a moment of its clock; each screen compares its player with that and corrects.
 */
export interface VideoTimeline {
  readonly playing: boolean;
  /** Position in seconds at `updatedAt`. */
  readonly positionSec: number;
  /** Server clock, ms. */
  readonly updatedAt: number;
  /** The file's length once known: the position never passes it. */
  readonly durationSec?: number | null;
}

export function videoPositionAt(timeline: VideoTimeline, serverNow: number): number {
  const end = timeline.durationSec ?? Infinity;
  if (!timeline.playing) return Math.min(timeline.positionSec, end);
  return Math.min(timeline.positionSec + Math.max(0, serverNow - timeline.updatedAt) / 1000, end);
}

/** The video stopped at its end: nothing plays, and the host may play it again from the start or close it. */
export function videoHasEnded(timeline: VideoTimeline): boolean {
  return !timeline.playing && timeline.durationSec != null && timeline.positionSec >= timeline.durationSec;
}

/** How long until a playing video reaches its end (ms); null when paused or its length is not known yet. */
export function msUntilVideoEnds(timeline: VideoTimeline, serverNow: number): number | null {
  if (!timeline.playing || timeline.durationSec == null) return null;
  return Math.max(0, (timeline.durationSec - videoPositionAt(timeline, serverNow)) * 1000);
}

/** How loud the call's voices are while the exercise video plays (it is the one thing to hear), on every screen and phone. */
export const VIDEO_DUCK_VOLUME = 0.25;

/** Beyond this, jump; below it, catch up by playing slightly faster or slower (no visible jump). */
export const SEEK_THRESHOLD_SEC = 0.35;
export const IN_SYNC_SEC = 0.06;

export type VideoCorrection = { kind: 'seek'; toSec: number } | { kind: 'rate'; rate: number };

export function planVideoCorrection(currentSec: number, targetSec: number): VideoCorrection {
  const drift = currentSec - targetSec;
  if (Math.abs(drift) > SEEK_THRESHOLD_SEC) return { kind: 'seek', toSec: targetSec };
  if (Math.abs(drift) <= IN_SYNC_SEC) return { kind: 'rate', rate: 1 };
  return { kind: 'rate', rate: drift > 0 ? 0.9 : 1.1 };
}

export interface ClockSample {
  /** Local clock (ms) when the request left and when the answer came back. */
  readonly sentAt: number;
  readonly receivedAt: number;
  /** The server's clock in its answer. */
  readonly serverTime: number;
}

/** Server clock minus local clock, from the sample with the shortest round trip (NTP's idea). */
export function estimateServerOffset(samples: readonly ClockSample[]): number {
  if (samples.length === 0) return 0;
  const best = samples.reduce((a, b) => (b.receivedAt - b.sentAt < a.receivedAt - a.sentAt ? b : a));
  return best.serverTime - (best.sentAt + best.receivedAt) / 2;
}
