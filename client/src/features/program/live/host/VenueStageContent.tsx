import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallClient } from '../../../../call/CallClient';
import type { RemotePeer } from '../../../../call/types';
import { RemoteTile } from '../../../call/RemoteTile';
import { TileGrid } from '../../../call/TileGrid';
import { gridColumns } from '../../../../call/layers';
import { QuizCard } from '../QuizCard';
import { SpotlightTile } from '../SpotlightTile';
import { SyncedVideo } from '../SyncedVideo';
import { useHostT } from './text';
import type { VenueStage } from './venueStage';
import './host.css';

/** A tile wide enough for a name of six characters at 24 px in its label (鈴木 よし子). */
const MIN_TILE_WIDTH = 200;

interface VenueStageContentProps {
  client: CallClient;
  stage: VenueStage;
  activeSpeakerId: string | null;
  portrait: boolean;
  /** In small groups: the venue's group has nobody from home (not 「待っています」, nobody is coming). */
  inGroups: boolean;
  /** Who has a hand up: ✋ on their own tile. */
  handsUp: ReadonlySet<string>;
  /** The room's own camera: a tile like the others (last), never an inset over someone. */
  self: ReactNode;
}

/** The pictures on the venue's screen: the grid, or one large thing (video, question, leader) beside a strip of people. */
export function VenueStageContent({ client, stage, activeSpeakerId, portrait, inGroups, handsUp, self }: VenueStageContentProps) {
  const { t } = useTranslation();
  const { t: tHost } = useHostT();
  const tile = (peer: RemotePeer, size: 'large' | 'medium' | 'small') => (
    <RemoteTile
      key={peer.id}
      peer={peer}
      speaking={activeSpeakerId === peer.id}
      size={size}
      badge={handsUp.has(peer.id) && <HandBadge label={tHost('hands.onTile')} />}
    />
  );
  if (stage.kind === 'gallery') {
    if (stage.tiles.length === 0) {
      return (
        <TileGrid count={2} fallbackColumns={gridColumns(2, portrait)} className="venue-stage__grid">
          {inGroups ? (
            <div className="venue-stage__waiting">
              <p>{tHost('groups.venueAlone')}</p>
            </div>
          ) : (
            <div className="venue-stage__waiting">
              <span className="spinner spinner--light" aria-hidden="true" />
              <p>{t('venue.waitingHome')}</p>
            </div>
          )}
          {self}
        </TileGrid>
      );
    }
    const count = stage.tiles.length + 1;
    return (
      <TileGrid count={count} fallbackColumns={gridColumns(count, portrait)} minTileWidth={MIN_TILE_WIDTH} className="venue-stage__grid">
        {stage.tiles.map((peer) => tile(peer, count <= 4 ? 'large' : 'medium'))}
        {self}
      </TileGrid>
    );
  }
  return (
    <div className="venue-split" data-stage={stage.kind}>
      <div className="venue-split__main">
        {stage.kind === 'video' && <SyncedVideo client={client} video={stage.video} reportsLength />}
        {stage.kind === 'quiz' && <QuizCard client={client} quiz={stage.quiz} readOnly />}
        {stage.kind === 'spotlight' && <SpotlightTile peer={stage.leader} speaking={activeSpeakerId === stage.leader.id} />}
      </div>
      <div className="venue-split__strip" role="region" aria-label={tHost('strip')} tabIndex={0}>
        {stage.strip.map((peer) => tile(peer, 'small'))}
        {self}
      </div>
    </div>
  );
}

/** ✋ beside the person's own name on their tile (the label turns yellow), large enough for the back of the hall. */
function HandBadge({ label }: { label: string }) {
  return (
    <span className="tile-label__hand" role="img" aria-label={label} data-testid="tile-hand">
      ✋
    </span>
  );
}
