import { useTranslation } from 'react-i18next';
import type { SessionSummary } from '../../../shared/src/call/schemas';
import type { CallClient } from '../call/CallClient';
import { BigButton } from '../call/components/BigButton';
import { DeviceSettings } from '../call/components/DeviceSettings';
import { MediaProblemNotice } from '../call/components/MediaProblemNotice';
import { SelfView } from '../call/components/SelfView';
import { SessionInfo } from '../call/components/SessionInfo';
import type { CallSnapshot } from '../call/types';

interface VenueLobbyProps {
  client: CallClient;
  snapshot: CallSnapshot;
  session: SessionSummary;
  onStart: () => void;
}

/** Before the gathering: check the room camera, microphone and speaker, then one はじめる button. */
export function VenueLobby({ client, snapshot, session, onStart }: VenueLobbyProps) {
  const { t } = useTranslation();
  return (
    <main className="lobby lobby--venue" data-testid="venue-lobby">
      <header className="lobby__header">
        <h1 className="lobby__greeting">{session.venueName}</h1>
        <SessionInfo session={session} showVenue={false} />
      </header>
      <div className="lobby__body">
        <div className="lobby__preview">
          <SelfView camera={snapshot.camera} caption={t('call.selfVenue')} mirrored={false} />
          <p className="lobby__hint">{t('venue.startHint')}</p>
          <BigButton
            label={t('venue.start')}
            variant="primary"
            size="huge"
            onClick={onStart}
            className="lobby__join"
            data-testid="join-button"
          />
        </div>
        <div className="lobby__side">
          <MediaProblemNotice snapshot={snapshot} onRetry={() => void client.startLocalMedia()} />
          <DeviceSettings client={client} snapshot={snapshot} />
        </div>
      </div>
    </main>
  );
}
