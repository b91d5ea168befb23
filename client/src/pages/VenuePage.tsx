import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { VenueSessionInfo } from '../../../shared/src/sessions/schemas';
import { BigButton } from '../call/components/BigButton';
import { LoadingScreen } from '../call/components/LoadingScreen';
import { MessageScreen } from '../call/components/MessageScreen';
import { fetchVenueSession } from '../lib/api';
import { useResource } from '../lib/useResource';
import { VenueFlow } from './VenueFlow';

/** `/venue/:sessionId`: the host tablet at the community hall, usually shown on a TV. */
export function VenuePage({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const load = useCallback((signal: AbortSignal) => fetchVenueSession(sessionId, signal), [sessionId]);
  const [session, reload] = useResource<VenueSessionInfo>(sessionId, load);

  if (session.status === 'loading') return <LoadingScreen />;
  if (session.status === 'error') {
    const code = session.error.code;
    if (code === 'SESSION_NOT_FOUND' || code === 'NOT_FOUND' || code === 'INVALID_PAYLOAD') {
      return (
        <MessageScreen title={t('venue.notFoundTitle')} tone="warning" testId="session-not-found">
          <p>{t('venue.notFoundBody')}</p>
        </MessageScreen>
      );
    }
    return (
      <MessageScreen
        title={t('join.loadFailedTitle')}
        tone="warning"
        testId="load-failed"
        action={<BigButton label={t('common.retry')} variant="primary" size="huge" onClick={reload} />}
      >
        <p>{t('join.loadFailedBody')}</p>
      </MessageScreen>
    );
  }
  if (session.data.status === 'ended') {
    return (
      <MessageScreen title={t('venue.sessionEndedTitle')} testId="session-ended">
        <p>{t('venue.sessionEndedBody')}</p>
      </MessageScreen>
    );
  }
  return <VenueFlow session={session.data} />;
}
