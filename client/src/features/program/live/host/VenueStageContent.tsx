import { useTranslation } from 'react-i18next';
import type { CallClient } from '../../../../call/CallClient';
import { RemoteTile } from '../../../call/RemoteTile';
import { TileGrid } from '../../../call/TileGrid';
import { gridColumns } from '../../../../call/layers';
import { QuizCard } from '../QuizCard';
import { SpotlightTile } from '../SpotlightTile';
import { SyncedVideo } from '../SyncedVideo';
import { useHostT } from './text';
import type { VenueStage } from './venueStage';
import './host.css';

interface VenueStageContentProps {
  client: CallClient;
  stage: VenueStage;
  activeSpeakerId: string | null;
  portrait: boolean;
  /** In small groups: the venue's group has nobody from home (not 「待っています」, nobody is coming). */
  inGroups: boolean;
}

/** The pictures on the venue's screen: the grid, or one large thing (video, question, leader) beside a strip of people. */
export function VenueStageContent({ client, stage, activeSpeakerId, portrait, inGroups }: VenueStageContentProps) {
  const { t } = useTranslation();
  const { t: tHost } = useHostT();
  if (stage.kind === 'gallery') {
    if (stage.tiles.length === 0) {
      return inGroups ? (
        <div className="venue-stage__waiting">
          <p>{tHost('groups.venueAlone')}</p>
        </div>
      ) : (
        <div className="venue-stage__waiting">
          <span className="spinner spinner--light" aria-hidden="true" />
          <p>{t('venue.waitingHome')}</p>
        </div>
      );
    }
    return (
      <TileGrid count={stage.tiles.length} fallbackColumns={gridColumns(stage.tiles.length, portrait)} className="venue-stage__grid">
        {stage.tiles.map((peer) => (
          <RemoteTile
            key={peer.id}
            peer={peer}
            speaking={activeSpeakerId === peer.id}
            size={stage.tiles.length <= 4 ? 'large' : 'medium'}
          />
        ))}
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
      {stage.strip.length > 0 && (
        <div className="venue-split__strip">
          {stage.strip.map((peer) => (
            <RemoteTile key={peer.id} peer={peer} speaking={activeSpeakerId === peer.id} size="small" />
          ))}
        </div>
      )}
    </div>
  );
}
