import type { Consumer } from 'mediasoup-client/types';
import type { PeerInfo } from '@shared/call/schemas';
import type { LocalSourceState, RemotePeer } from '../types';

/**
 * Snapshot pieces keep their identity while nothing in them changed, so React skips what did
 * not change (and a `<video>` keeps its MediaStream).
 */
function sameValues<T extends object>(previous: T, next: Partial<T>): boolean {
  return (Object.keys(next) as (keyof T)[]).every((key) => previous[key] === next[key]);
}

export function localSourceView(next: LocalSourceState, previous: LocalSourceState | undefined): LocalSourceState {
  return previous && sameValues(previous, next) ? previous : next;
}

/** What a peer's view needs from one of their consumers. */
export interface ReceivedMedia {
  consumer: Consumer;
  /** The remote producer is paused (camera off at their end). */
  paused: boolean;
  /** The simulcast layer the server forwards now, if it said. */
  layer: number | null;
}

/**
 * One remote peer as the pages see it. Returns `old` when nothing changed; a new MediaStream
 * only when the set of tracks changed.
 */
export function remotePeerView(
  info: PeerInfo,
  audio: ReceivedMedia | null,
  video: ReceivedMedia | null,
  old: RemotePeer | null,
): RemotePeer {
  const fields = {
    id: info.id,
    displayName: info.displayName,
    role: info.role,
    audioMuted: info.audioMuted,
    videoMuted: info.videoMuted,
    phone: info.phone === true,
    audioTrack: audio?.consumer.track ?? null,
    videoTrack: video?.consumer.track ?? null,
    videoActive: !!video && !video.paused,
    videoLayer: video?.layer ?? null,
  };
  if (old && sameValues(old, fields)) return old;
  const tracksChanged = !old || old.audioTrack !== fields.audioTrack || old.videoTrack !== fields.videoTrack;
  return { ...fields, stream: tracksChanged ? streamOf(fields.audioTrack, fields.videoTrack) : old.stream };
}

function streamOf(...candidates: (MediaStreamTrack | null)[]): MediaStream | null {
  const tracks = candidates.filter((t): t is MediaStreamTrack => t !== null);
  return tracks.length > 0 ? new MediaStream(tracks) : null;
}
