import type { LiveVideo } from '@shared/program/live';
import { videoPositionAt } from '@shared/program/videoSync';
import type { PlayableVideo } from '../ports';

export type VideoMove = { action: 'play' } | { action: 'pause' } | { action: 'seek'; positionSec: number };

/** A newly loaded video waits at the start until the host plays it. */
export function loadVideo(video: PlayableVideo, now: number): LiveVideo {
  return { videoId: video.videoId, title: video.title, url: video.url, playing: false, positionSec: 0, updatedAt: now };
}

/** Every move records where the video is now, so each screen can compute the position from then on. */
export function moveVideo(video: LiveVideo, move: VideoMove, now: number): LiveVideo {
  const positionSec = move.action === 'seek' ? move.positionSec : videoPositionAt(video, now);
  const playing = move.action === 'seek' ? video.playing : move.action === 'play';
  return { ...video, playing, positionSec, updatedAt: now };
}
