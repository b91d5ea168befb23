import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionSummary } from '../../../shared/src/call/schemas';
import type { InviteInfo } from '../../../shared/src/sessions/schemas';
import { BigButton } from '../call/components/BigButton';
import { CallErrorScreen } from '../call/components/CallErrorScreen';
import { HiddenStatus } from '../call/components/HiddenStatus';
import { LoadingScreen } from '../call/components/LoadingScreen';
import { MessageScreen } from '../call/components/MessageScreen';
import { useCallClient } from '../call/useCallClient';
import { useCallSnapshot } from '../call/useCallSnapshot';
import { getClientId } from '../lib/clientId';
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
  const client = useCallClient(token, () => ({ credentials: { role: 'home', token }, getClientId }));
  const snapshot = useCallSnapshot(client);
  const join = useCallback(() => client?.join(), [client]);

  if (!client || !snapshot) return <LoadingScreen />;

  switch (snapshot.status) {
    case 'idle':
      return <JoinLobby client={client} snapshot={snapshot} invite={invite} session={session} onJoin={join} />;
    case 'connecting':
    case 'connected':
    case 'reconnecting':
      return <HomeCallView client={client} snapshot={snapshot} />;
    case 'error':
      return <CallErrorScreen code={snapshot.error?.code ?? 'INTERNAL'} retryLabel={t('join.joinButton')} onRetry={join} />;
    case 'ended':
      if (snapshot.endReason === 'session-ended') {
        return (
          <MessageScreen title={t('call.sessionEndedTitle')} testId="session-ended">
            <HiddenStatus state="ended" />
            <p>{t('call.sessionEndedBody')}</p>
          </MessageScreen>
        );
      }
      if (snapshot.endReason === 'replaced') {
        return (
          <MessageScreen title={t('call.replacedTitle')} testId="replaced">
            <HiddenStatus state="ended" />
            <p>{t('call.replacedBody')}</p>
          </MessageScreen>
        );
      }
      return (
        <MessageScreen
          title={t('call.leftTitle')}
          testId="left"
          action={
            <BigButton label={t('call.rejoin')} variant="primary" size="huge" onClick={join} data-testid="join-button" />
          }
        >
          <HiddenStatus state="ended" />
          <p>{t('call.leftBody')}</p>
        </MessageScreen>
      );
  }
}
