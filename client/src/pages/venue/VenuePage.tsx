import { useTranslation } from 'react-i18next';
import { sessionRoutes } from '@shared/sessions/routes';
import type { VenueSessionInfo } from '@shared/sessions/schemas';
import { apiCall } from '../../lib/api';
import type { ClientErrorCode } from '../../lib/errors';
import { SessionEndedScreen } from '../call/CallFlow';
import { LoadedPage } from '../call/LoadedPage';
import { useVenueSessionEndedWords, VenueFlow } from './VenueFlow';

const UNKNOWN_SESSION_CODES: ReadonlySet<ClientErrorCode> = new Set<ClientErrorCode>(['SESSION_NOT_FOUND', 'NOT_FOUND', 'INVALID_PAYLOAD']);

/** `/venue/:sessionId`: the host tablet at the community hall, usually shown on a TV. */
export function VenuePage({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const sessionEnded = useVenueSessionEndedWords();
  return (
    <LoadedPage<VenueSessionInfo>
      resourceKey={sessionId}
      load={(signal) => apiCall(sessionRoutes.session, { params: { sessionId }, signal })}
      notFoundCodes={UNKNOWN_SESSION_CODES}
      notFound={{ title: t('venue.notFoundTitle'), body: t('venue.notFoundBody'), testId: 'session-not-found' }}
    >
      {(session) => (session.status === 'ended' ? <SessionEndedScreen words={sessionEnded} /> : <VenueFlow session={session} />)}
    </LoadedPage>
  );
}
