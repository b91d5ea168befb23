import { useTranslation } from 'react-i18next';
import type { SessionSummary } from '@shared/call/schemas';
import { getClientId } from '../../call/clientId';
import { Link } from '../../ui/Link';
import { loadVenueDevicePrefs, saveVenueDevicePrefs } from './devicePrefs';
import { CallFlow, type Words } from '../call/CallFlow';
import { VenueCallView } from './VenueCallView';
import { VenueLobby } from './VenueLobby';

/** 「集まりを終えました」 on the venue tablet, after ending the gathering or opening an ended one, with the way back to the host's page. */
export function useVenueSessionEndedWords(): Words {
  const { t } = useTranslation();
  const backToHost = (
    <Link href="/host" className="big-button big-button--primary big-button--huge" data-testid="back-to-host">
      <span className="big-button__text">
        <span className="big-button__label">{t('venue.backToHost')}</span>
      </span>
    </Link>
  );
  return { title: t('venue.sessionEndedTitle'), body: t('venue.sessionEndedBody'), action: backToHost };
}

/** Lobby (devices) → call → end, for the venue tablet. */
export function VenueFlow({ session }: { session: SessionSummary }) {
  const { t } = useTranslation();
  const sessionEnded = useVenueSessionEndedWords();
  return (
    <CallFlow
      clientKey={`venue:${session.id}`}
      makeOptions={() => ({
        credentials: { role: 'venue', sessionId: session.id },
        getClientId,
        devicePrefs: loadVenueDevicePrefs(),
        onDevicePrefsChange: saveVenueDevicePrefs,
      })}
      words={{ joinLabel: t('venue.start'), sessionEnded, left: { title: t('venue.leftTitle'), body: t('venue.leftBody') } }}
      renderLobby={(client, snapshot, join) => <VenueLobby client={client} snapshot={snapshot} session={session} onStart={join} />}
      renderCall={(client, snapshot) => <VenueCallView client={client} snapshot={snapshot} />}
    />
  );
}
