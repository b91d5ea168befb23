import { useTranslation } from 'react-i18next';
import type { SessionSummary } from '@shared/call/schemas';
import type { CallClient } from '../../call/CallClient';
import { DeviceSettings } from '../../features/call/DeviceSettings';
import { SelfView } from '../../features/call/SelfView';
import type { CallSnapshot } from '../../call/types';
import { LobbyJoinButton, LobbyLayout, LobbyMediaProblem } from '../call/LobbyLayout';

interface VenueLobbyProps {
  /** null while the call engine is still downloading. */
  client: CallClient | null;
  snapshot: CallSnapshot;
  session: SessionSummary;
  onStart: () => void;
}

/** Before the gathering: check the room camera, microphone and speaker, then one はじめる button. */
export function VenueLobby({ client, snapshot, session, onStart }: VenueLobbyProps) {
  const { t } = useTranslation();
  return (
    <LobbyLayout
      testId="venue-lobby"
      venue
      heading={session.venueName}
      session={session}
      showVenue={false}
      preview={
        <>
          <SelfView camera={snapshot.camera} caption={t('call.selfVenue')} mirrored={false} />
          <p className="lobby__hint">{t('venue.startHint')}</p>
          <LobbyJoinButton label={t('venue.start')} onClick={onStart} />
        </>
      }
      side={
        <>
          <LobbyMediaProblem client={client} snapshot={snapshot} />
          {client && <DeviceSettings client={client} snapshot={snapshot} />}
        </>
      }
    />
  );
}
