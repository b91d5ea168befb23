import type { LiveQuiz, LiveState, LiveVideo } from '@shared/program/live';
import { venueViewLayers } from '../../../../call/layers';
import type { RemotePeer, SpatialLayer } from '../../../../call/types';
import { spotlightLayers, spotlightOf, stripLayers, visiblePeers } from '../stage';

/**
 * What fills the venue's screen (the room's TV): a playing exercise video, else a question shown,
 * else a paused video, else the leader large (spotlight, when someone at home leads), else
 * everyone at home in the grid. With a video or a question the people stay visible in a strip.
 */
export type VenueStage =
  | { kind: 'video'; video: LiveVideo; strip: readonly RemotePeer[] }
  | { kind: 'quiz'; quiz: LiveQuiz; strip: readonly RemotePeer[] }
  | { kind: 'spotlight'; leader: RemotePeer; strip: readonly RemotePeer[] }
  | { kind: 'gallery'; tiles: readonly RemotePeer[] };

export function venueStage(live: LiveState | null, homes: readonly RemotePeer[]): VenueStage {
  const shown = visiblePeers(live, homes);
  if (live?.video?.playing) return { kind: 'video', video: live.video, strip: shown };
  if (live?.quiz) return { kind: 'quiz', quiz: live.quiz, strip: shown };
  if (live?.video) return { kind: 'video', video: live.video, strip: shown };
  const spotlight = spotlightOf(live, shown);
  if (spotlight) return { kind: 'spotlight', leader: spotlight.leader, strip: spotlight.others };
  return { kind: 'gallery', tiles: shown };
}

/** The simulcast layer for each picture the stage shows. */
export function venueStageLayers(stage: VenueStage): Record<string, SpatialLayer> {
  switch (stage.kind) {
    case 'gallery':
      return venueViewLayers(stage.tiles);
    case 'spotlight':
      return spotlightLayers(stage.leader, stage.strip);
    case 'video':
    case 'quiz':
      return stripLayers(stage.strip);
  }
}
