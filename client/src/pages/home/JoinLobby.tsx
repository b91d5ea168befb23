import { useTranslation } from 'react-i18next';
import type { SessionSummary } from '@shared/call/schemas';
import type { InviteInfo } from '@shared/sessions/schemas';
import type { CallClient } from '../../call/CallClient';
import { Icon } from '../../ui/Icon';
import { TextSizeButton } from '../../ui/TextSizeButton';
import { SelfView } from '../../features/call/SelfView';
import { isUnavailable } from '../../call/localSource';
import type { CallSnapshot } from '../../call/types';
import { LobbyJoinButton, LobbyLayout, LobbyMediaProblem } from '../call/LobbyLayout';

interface JoinLobbyProps {
  /** null while the call engine is still downloading. */
  client: CallClient | null;
  snapshot: CallSnapshot;
  invite: InviteInfo;
  session: SessionSummary;
  onJoin: () => void;
}

/** Before the call: a greeting, which gathering, your own picture, one huge 参加する button and 「文字を大きく」. */
export function JoinLobby({ client, snapshot, invite, session, onJoin }: JoinLobbyProps) {
  const { t } = useTranslation();
  const asking = snapshot.mic.acquiring || snapshot.camera.acquiring;
  const ready = !!snapshot.mic.track && !!snapshot.camera.track;
  // Without a camera the preview says nothing: the explanation takes its place.
  const cameraMissing = isUnavailable(snapshot.camera);
  const problem = <LobbyMediaProblem client={client} snapshot={snapshot} />;
  return (
    <LobbyLayout
      testId="join-lobby"
      heading={t('join.greeting', { name: invite.participantName })}
      session={session}
      preview={cameraMissing ? problem : <SelfView camera={snapshot.camera} caption={t('media.previewLabel')} />}
      side={
        <>
          {asking && <p className="notice notice--info">{t('media.asking')}</p>}
          {!cameraMissing && problem}
          {ready && (
            <p className="notice notice--ok">
              <Icon name="check" className="notice__icon" />
              {t('media.ready')}
            </p>
          )}
          <LobbyJoinButton label={t('join.joinButton')} onClick={onJoin} />
          <TextSizeButton />
        </>
      }
    />
  );
}
