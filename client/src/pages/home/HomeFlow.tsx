import { Link } from '../../ui/Link';
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionSummary } from '@shared/call/schemas';
import type { InviteInfo } from '@shared/sessions/schemas';
import { getClientId } from '../../call/clientId';
import { prefetchLive } from '../../features/program/live/lazy';
import { logFailure } from '../../lib/log';
import { LoadingScreen } from '../../ui/LoadingScreen';
import { CallFlow } from '../call/CallFlow';
import { JoinLobby } from './JoinLobby';

/** The call screen is a chunk of its own (issue #15): downloaded while the lobby shows, not before the greeting. */
const loadCallView = () => import('./HomeCallView');
const HomeCallView = lazy(() => loadCallView().then((module) => ({ default: module.HomeCallView })));

interface HomeFlowProps {
  token: string;
  invite: InviteInfo;
  session: SessionSummary;
}

/** Lobby → call → goodbye, for one home participant. */
export function HomeFlow({ token, invite, session }: HomeFlowProps) {
  const { t } = useTranslation();
  // Right after the greeting has rendered: by the time 参加する is pressed, the call screen and the program's are here.
  useEffect(() => {
    loadCallView().catch(logFailure('loading the call screen'));
    prefetchLive();
  }, []);
  return (
    <CallFlow
      clientKey={token}
      makeOptions={() => ({ credentials: { role: 'home', token }, getClientId })}
      words={{
        joinLabel: t('join.joinButton'),
        sessionEnded: { title: t('call.sessionEndedTitle'), body: t('call.sessionEndedBody') },
        left: {
          title: t('call.leftTitle'),
          body: t('call.leftBody'),
          // After leaving, a message for those who could not come (issue #16): its own page, loaded only then.
          action: (
            <Link className="letter-link" href={`/j/${encodeURIComponent(token)}/letter`} data-testid="record-letter-link">
              {t('call.recordLetter')}
            </Link>
          ),
        },
      }}
      renderLobby={(client, snapshot, join) => (
        <JoinLobby client={client} snapshot={snapshot} invite={invite} session={session} onJoin={join} />
      )}
      renderCall={(client, snapshot) => (
        <Suspense fallback={<LoadingScreen />}>
          <HomeCallView client={client} snapshot={snapshot} />
        </Suspense>
      )}
    />
  );
}
