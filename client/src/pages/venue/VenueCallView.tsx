import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallClient } from '../../call/CallClient';
import { BigButton } from '../../ui/BigButton';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Sheet } from '../../ui/Sheet';
import { DeviceSettings } from '../../features/call/DeviceSettings';
import { SelfView } from '../../features/call/SelfView';
import { sortByName } from '../../call/layers';
import { isTurnedOff } from '../../call/localSource';
import { TroubleBanner, useOpenTroubleRequests } from '../../features/checkins/TroubleBanner';
import { BreakoutBanner, ProgramBar } from '../../features/program/live';
import { HostPanel } from '../../features/program/live/host/HostPanel';
import { ReactionOverlay } from '../../features/program/live/host/StageOverlays';
import { venueStage, venueStageLayers } from '../../features/program/live/host/venueStage';
import { VenueStageContent } from '../../features/program/live/host/VenueStageContent';
import { CheckinRosterPanel } from '../../features/checkins/CheckinRosterPanel';
import { PhoneCallOut } from '../../features/phone/PhoneCallOut';
import { HostCaptionsSheet, useCaptionsStateLabel } from '../../features/captions/HostCaptionsSheet';
import { useAutoCaptions } from '../../features/captions/useAutoCaptions';
import { useCaptionsT } from '../../i18n/captions';
import { toCallError } from '../../lib/errors';
import { usePortrait } from '../../lib/usePortrait';
import { CallLayout, type CallViewProps } from '../call/CallLayout';

/**
 * On the TV: everyone at home in a big grid with names, who speaks, who is muted, a raised hand on
 * its own tile; the room's own camera is the last tile. The session program runs on it too: its bar
 * on top, the exercise video, the question, the leader large, reactions for the room to see, and
 * the host's controls in a panel beside the pictures that folds to a row of tabs.
 */
export function VenueCallView({ client, snapshot }: CallViewProps) {
  const { t, i18n } = useTranslation();
  const portrait = usePortrait();
  const [showDevices, setShowDevices] = useState(false);
  const [showRoster, setShowRoster] = useState(false);
  const [showCaptions, setShowCaptions] = useState(false);
  const { t: tCaptions } = useCaptionsT();
  const autoCaptions = useAutoCaptions((text, final) => client.sendAutoCaption(text, final));
  const captionsState = useCaptionsStateLabel(autoCaptions.running);
  const ending = useEndSession(client);
  const sessionId = snapshot.session?.id ?? null;
  useOpenTroubleRequests(client, sessionId);
  const troubleBanner = sessionId && <TroubleBanner client={client} sessionId={sessionId} requests={snapshot.troubleRequests} />;

  const homes = useMemo(
    () =>
      sortByName(
        snapshot.peers.filter((p) => p.role === 'home'),
        i18n.language,
      ),
    [snapshot.peers, i18n.language],
  );
  const live = snapshot.live;
  const stage = useMemo(() => venueStage(live, homes), [live, homes]);
  const layers = useMemo(() => venueStageLayers(stage), [stage]);
  const handsUp = useMemo(() => new Set(live?.hands.map((hand) => hand.peerId)), [live?.hands]);

  const controls = (
    <>
      <BigButton label={t('roster.open')} icon="check" variant="neutral" onClick={() => setShowRoster(true)} data-testid="roster-button" />
      <BigButton
        label={tCaptions('host.open')}
        detail={captionsState}
        variant={autoCaptions.running ? 'primary' : 'neutral'}
        aria-expanded={showCaptions}
        onClick={() => (setShowDevices(false), setShowCaptions((v) => !v))}
        data-testid="captions-button"
      />
      <BigButton
        label={t('venue.devicesButton')}
        icon="settings"
        variant="neutral"
        aria-expanded={showDevices}
        onClick={() => (setShowCaptions(false), setShowDevices((v) => !v))}
        data-testid="devices-button"
      />
      <BigButton label={t('venue.endSession')} icon="end" variant="danger" onClick={ending.ask} data-testid="end-session-button" />
    </>
  );
  const overlays = (
    <>
      {showRoster && sessionId && (
        <CheckinRosterPanel
          sessionId={sessionId}
          notice={troubleBanner}
          onClose={() => setShowRoster(false)}
          footer={<PhoneCallOut sessionId={sessionId} />}
        />
      )}
      {showCaptions && sessionId && (
        <HostCaptionsSheet
          sessionId={sessionId}
          captions={snapshot.captions}
          auto={autoCaptions}
          send={(text, replaces) => client.sendCaption(text, replaces)}
          setKeepTranscript={(keep) => client.setCaptionTranscript(keep)}
          onClose={() => setShowCaptions(false)}
        />
      )}
      {showDevices && (
        <Sheet
          title={t('venue.devices')}
          placement="side"
          onClose={() => setShowDevices(false)}
          closeTestId="devices-close"
          testId="devices-sheet"
        >
          <DeviceSettings client={client} snapshot={snapshot} />
        </Sheet>
      )}
      {ending.asking && (
        <ConfirmDialog
          title={t('venue.endConfirmTitle')}
          body={t('venue.endConfirmBody')}
          confirmLabel={t('venue.endConfirmYes')}
          cancelLabel={t('venue.endConfirmNo')}
          busy={ending.busy}
          error={ending.error}
          onConfirm={() => void ending.confirm()}
          onCancel={ending.cancel}
        />
      )}
    </>
  );

  return (
    <CallLayout
      client={client}
      snapshot={snapshot}
      side="venue"
      layers={layers}
      sinkId={snapshot.speakerId}
      leaveVariant="neutral"
      statusExtra={
        <span className="call-status-bar__count" data-testid="home-count">
          {t('venue.homeCount', { count: homes.length })}
        </span>
      }
      controls={controls}
      overlays={overlays}
    >
      {troubleBanner}
      <div className="venue-body">
        <div className="venue-main">
          <ProgramBar client={client} live={live} />
          <BreakoutBanner client={client} live={live} peers={snapshot.peers} />
          <main className={stage.kind === 'gallery' ? 'venue-stage' : 'venue-stage venue-stage--split'}>
            <VenueStageContent
              client={client}
              stage={stage}
              activeSpeakerId={snapshot.activeSpeakerId}
              portrait={portrait}
              inGroups={!!live?.breakout}
              handsUp={handsUp}
              self={
                <SelfView
                  camera={snapshot.camera}
                  caption={t('call.selfVenue')}
                  mirrored={false}
                  micOff={isTurnedOff(snapshot.mic)}
                  className="venue-stage__self"
                />
              }
            />
            <ReactionOverlay reactions={snapshot.reactions} />
          </main>
        </div>
        {live && sessionId && (
          <HostPanel client={client} live={live} sessionId={sessionId} selfId={snapshot.self?.id ?? null} homes={homes} />
        )}
      </div>
    </CallLayout>
  );
}

/** 集まりを終える: ask first, then end the gathering for everyone; a failure is shown in the dialog. */
function useEndSession(client: CallClient) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await client.endSession();
    } catch (failure) {
      const code = toCallError(failure).code;
      setError(`${t(`errors.${code}.title`)}。${t(`errors.${code}.body`)}`);
      setBusy(false);
    }
  };
  const cancel = () => {
    setAsking(false);
    setError(null);
  };
  return { asking, busy, error, ask: () => setAsking(true), confirm, cancel };
}
