import type { LiveVideo } from '@shared/program/live';
import { msUntilVideoEnds, videoHasEnded, videoPositionAt } from '@shared/program/videoSync';
import type { PlayableVideo } from '../ports';

export type VideoMove = { action: 'play' } | { action: 'pause' } | { action: 'seek'; positionSec: number };

/** A timer's callback may run a moment early (timer rounding): this close to the end counts as the end. */
const END_TOLERANCE_MS = 50;

/** A newly loaded video waits at the start until the host plays it; its length comes from the venue's player. */
export function loadVideo(video: PlayableVideo, now: number): LiveVideo {
  const loaded = {
    videoId: video.videoId,
    title: video.title,
    url: video.url,
    playing: false,
    positionSec: 0,
    updatedAt: now,
    durationSec: null,
  };
  return video.kind ? { ...loaded, kind: video.kind } : loaded;
}

/**
 * Every move records where the video is now, so each screen can compute the position from then on. Playing a
 * video that has ended starts it again from the beginning; a seek never goes past the end.
 */
export function moveVideo(video: LiveVideo, move: VideoMove, now: number): LiveVideo {
  const end = video.durationSec ?? Infinity;
  const positionSec =
    move.action === 'seek'
      ? Math.min(move.positionSec, end)
      : move.action === 'play' && videoHasEnded(video)
        ? 0
        : videoPositionAt(video, now);
  const playing = move.action === 'seek' ? video.playing : move.action === 'play';
  return { ...video, playing, positionSec, updatedAt: now };
}

/** The venue's player read the file's length: from now on the video stops there by itself. */
export function setVideoDuration(video: LiveVideo, durationSec: number, now: number): LiveVideo {
  const positionSec = Math.min(videoPositionAt(video, now), durationSec);
  return { ...video, positionSec, updatedAt: now, durationSec };
}

/** A playing video at its end stops there (the host may play it again or close it); null while it still has time to play. */
export function endVideoIfOver(video: LiveVideo, now: number): LiveVideo | null {
  const left = msUntilVideoEnds(video, now);
  if (left === null || left > END_TOLERANCE_MS || video.durationSec === null) return null;
  return { ...video, playing: false, positionSec: video.durationSec, updatedAt: now };
}
