import { useTranslation } from 'react-i18next';
import type { SessionSummary } from '@shared/call/schemas';
import type { InviteInfo } from '@shared/sessions/schemas';
import { getClientId } from '../../call/clientId';
import { CallFlow } from '../call/CallFlow';
import { HomeCallView } from './HomeCallView';
import { JoinLobby } from './JoinLobby';

interface HomeFlowProps {
  token: string;
  invite: InviteInfo;
  session: SessionSummary;
}

/** Lobby → call → goodbye, for one home participant. */
export function HomeFlow({ token, invite, session }: HomeFlowProps) {
  const { t } = useTranslation();
  return (
    <CallFlow
      clientKey={token}
      makeOptions={() => ({ credentials: { role: 'home', token }, getClientId })}
      words={{
        joinLabel: t('join.joinButton'),
        sessionEnded: { title: t('call.sessionEndedTitle'), body: t('call.sessionEndedBody') },
        left: { title: t('call.leftTitle'), body: t('call.leftBody') },
      }}
      renderLobby={(client, snapshot, join) => (
        <JoinLobby client={client} snapshot={snapshot} invite={invite} session={session} onJoin={join} />
      )}
      renderCall={(client, snapshot) => <HomeCallView client={client} snapshot={snapshot} />}
    />
  );
}
