import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionSummary } from '../../../shared/src/call/schemas';
import { BigButton } from '../call/components/BigButton';
import { CallErrorScreen } from '../call/components/CallErrorScreen';
import { HiddenStatus } from '../call/components/HiddenStatus';
import { LoadingScreen } from '../call/components/LoadingScreen';
import { MessageScreen } from '../call/components/MessageScreen';
import { useCallClient } from '../call/useCallClient';
import { useCallSnapshot } from '../call/useCallSnapshot';
import { getClientId } from '../lib/clientId';
import { loadVenueDevicePrefs, saveVenueDevicePrefs } from '../lib/devicePrefs';
import { VenueCallView } from './VenueCallView';
import { VenueLobby } from './VenueLobby';

/** Lobby (devices) → call → end, for the venue tablet. */
export function VenueFlow({ session }: { session: SessionSummary }) {
  const { t } = useTranslation();
  const client = useCallClient(`venue:${session.id}`, () => ({
    credentials: { role: 'venue', sessionId: session.id },
    getClientId,
    devicePrefs: loadVenueDevicePrefs(),
    onDevicePrefsChange: saveVenueDevicePrefs,
  }));
  const snapshot = useCallSnapshot(client);
  const join = useCallback(() => client?.join(), [client]);

  if (!client || !snapshot) return <LoadingScreen />;

  switch (snapshot.status) {
    case 'idle':
      return <VenueLobby client={client} snapshot={snapshot} session={session} onStart={join} />;
    case 'connecting':
    case 'connected':
    case 'reconnecting':
      return <VenueCallView client={client} snapshot={snapshot} />;
    case 'error':
      return <CallErrorScreen code={snapshot.error?.code ?? 'INTERNAL'} retryLabel={t('venue.start')} onRetry={join} />;
    case 'ended':
      if (snapshot.endReason === 'session-ended') {
        return (
          <MessageScreen title={t('venue.sessionEndedTitle')} testId="session-ended">
            <HiddenStatus state="ended" />
            <p>{t('venue.sessionEndedBody')}</p>
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
          title={t('venue.leftTitle')}
          testId="left"
          action={<BigButton label={t('call.rejoin')} variant="primary" size="huge" onClick={join} data-testid="join-button" />}
        >
          <HiddenStatus state="ended" />
          <p>{t('venue.leftBody')}</p>
        </MessageScreen>
      );
  }
}
