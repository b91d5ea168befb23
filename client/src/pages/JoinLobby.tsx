import { useTranslation } from 'react-i18next';
import type { SessionSummary } from '../../../shared/src/call/schemas';
import type { InviteInfo } from '../../../shared/src/sessions/schemas';
import type { CallClient } from '../call/CallClient';
import { BigButton } from '../call/components/BigButton';
import { Icon } from '../call/components/Icon';
import { MediaProblemNotice } from '../call/components/MediaProblemNotice';
import { SelfView } from '../call/components/SelfView';
import { SessionInfo } from '../call/components/SessionInfo';
import type { CallSnapshot } from '../call/types';

interface JoinLobbyProps {
  client: CallClient;
  snapshot: CallSnapshot;
  invite: InviteInfo;
  session: SessionSummary;
  onJoin: () => void;
}

/** Before the call: a greeting, which gathering, your own picture, and one huge 参加する button. */
export function JoinLobby({ client, snapshot, invite, session, onJoin }: JoinLobbyProps) {
  const { t } = useTranslation();
  const asking = snapshot.mic.acquiring || snapshot.camera.acquiring;
  const ready = !!snapshot.mic.track && !!snapshot.camera.track;
  // Without a camera the preview says nothing: the explanation takes its place.
  const cameraMissing = !snapshot.camera.track && !snapshot.camera.acquiring && snapshot.camera.problem !== null;
  return (
    <main className="lobby" data-testid="join-lobby">
      <header className="lobby__header">
        <h1 className="lobby__greeting">{t('join.greeting', { name: invite.participantName })}</h1>
        <SessionInfo session={session} />
      </header>
      <div className="lobby__body">
        <div className="lobby__preview">
          {cameraMissing ? (
            <MediaProblemNotice snapshot={snapshot} onRetry={() => void client.startLocalMedia()} />
          ) : (
            <SelfView camera={snapshot.camera} caption={t('media.previewLabel')} />
          )}
        </div>
        <div className="lobby__side">
          {asking && <p className="notice notice--info">{t('media.asking')}</p>}
          {!cameraMissing && <MediaProblemNotice snapshot={snapshot} onRetry={() => void client.startLocalMedia()} />}
          {ready && (
            <p className="notice notice--ok">
              <Icon name="check" className="notice__icon" />
              {t('media.ready')}
            </p>
          )}
          <BigButton
            label={t('join.joinButton')}
            variant="primary"
            size="huge"
            onClick={onJoin}
            className="lobby__join"
            data-testid="join-button"
          />
        </div>
      </div>
    </main>
  );
}
