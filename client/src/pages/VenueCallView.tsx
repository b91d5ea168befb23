import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallClient } from '../call/CallClient';
import { AudioUnlockBanner } from '../call/components/AudioUnlockBanner';
import { BigButton } from '../call/components/BigButton';
import { CallStatusBar } from '../call/components/CallStatusBar';
import { ConfirmDialog } from '../call/components/ConfirmDialog';
import { ControlBar } from '../call/components/ControlBar';
import { DeviceSettings } from '../call/components/DeviceSettings';
import { MicOffNotice } from '../call/components/MicOffNotice';
import { RemoteAudios } from '../call/components/RemoteAudios';
import { RemoteTile } from '../call/components/RemoteTile';
import { SelfView } from '../call/components/SelfView';
import { TileGrid } from '../call/components/TileGrid';
import { gridColumns, sortByName, venueViewLayers } from '../call/layers';
import type { CallSnapshot } from '../call/types';
import { useWakeLock } from '../call/useWakeLock';
import { toCallError } from '../lib/errors';
import { usePortrait } from '../lib/usePortrait';

interface VenueCallViewProps {
  client: CallClient;
  snapshot: CallSnapshot;
}

/** On the TV: everyone at home in a big grid with names, who speaks, who is muted; the room small. */
export function VenueCallView({ client, snapshot }: VenueCallViewProps) {
  const { t, i18n } = useTranslation();
  const portrait = usePortrait();
  const [audioBlocked, setAudioBlocked] = useState(false);
  const onBlocked = useCallback(() => setAudioBlocked(true), []);
  const [showDevices, setShowDevices] = useState(false);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [ending, setEnding] = useState(false);
  const [endError, setEndError] = useState<string | null>(null);
  useWakeLock(true);

  const homes = useMemo(
    () => sortByName(snapshot.peers.filter((p) => p.role === 'home'), i18n.language),
    [snapshot.peers, i18n.language],
  );
  const layers = useMemo(() => venueViewLayers(homes), [homes]);
  useEffect(() => client.setDesiredLayers(layers), [client, layers]);

  const endSession = async () => {
    setEnding(true);
    setEndError(null);
    try {
      await client.endSession();
    } catch (error) {
      const code = toCallError(error).code;
      setEndError(`${t(`errors.${code}.title`)}。${t(`errors.${code}.body`)}`);
      setEnding(false);
    }
  };

  const micOff = !!snapshot.mic.track && !snapshot.mic.enabled;
  const micMissing = !snapshot.mic.track && !snapshot.mic.acquiring && snapshot.mic.problem !== null;

  return (
    <div className="call call--venue">
      <CallStatusBar snapshot={snapshot}>
        <span className="call-status-bar__title">{snapshot.session?.title}</span>
        <span className="call-status-bar__count" data-testid="home-count">
          {t('venue.homeCount', { count: homes.length })}
        </span>
      </CallStatusBar>
      {audioBlocked && <AudioUnlockBanner onUnlocked={() => setAudioBlocked(false)} />}
      <main className="venue-stage">
        {homes.length === 0 ? (
          <div className="venue-stage__waiting">
            <span className="spinner spinner--light" aria-hidden="true" />
            <p>{t('venue.waitingHome')}</p>
          </div>
        ) : (
          <TileGrid count={homes.length} fallbackColumns={gridColumns(homes.length, portrait)} className="venue-stage__grid">
            {homes.map((peer) => (
              <RemoteTile
                key={peer.id}
                peer={peer}
                speaking={snapshot.activeSpeakerId === peer.id}
                size={homes.length <= 4 ? 'large' : 'medium'}
              />
            ))}
          </TileGrid>
        )}
        <SelfView
          camera={snapshot.camera}
          caption={t('call.selfVenue')}
          mirrored={false}
          micOff={micOff}
          className="venue-stage__self"
        />
      </main>
      {(micOff || micMissing) && <MicOffNotice missing={micMissing} />}
      <ControlBar client={client} snapshot={snapshot} onLeave={() => void client.leave()} leaveVariant="neutral">
        <BigButton
          label={t('venue.devicesButton')}
          icon="settings"
          variant="neutral"
          aria-expanded={showDevices}
          onClick={() => setShowDevices((v) => !v)}
          data-testid="devices-button"
        />
        <BigButton
          label={t('venue.endSession')}
          icon="end"
          variant="danger"
          onClick={() => setConfirmEnd(true)}
          data-testid="end-session-button"
        />
      </ControlBar>
      {showDevices && (
        <div className="sheet" role="dialog" aria-modal="true" aria-labelledby="devices-title">
          <div className="sheet__box">
            <div className="sheet__header">
              <h2 id="devices-title" className="sheet__title">
                {t('venue.devices')}
              </h2>
              <BigButton label={t('common.close')} variant="primary" onClick={() => setShowDevices(false)} data-testid="devices-close" />
            </div>
            <DeviceSettings client={client} snapshot={snapshot} />
          </div>
        </div>
      )}
      {confirmEnd && (
        <ConfirmDialog
          title={t('venue.endConfirmTitle')}
          body={t('venue.endConfirmBody')}
          confirmLabel={t('venue.endConfirmYes')}
          cancelLabel={t('venue.endConfirmNo')}
          busy={ending}
          error={endError}
          onConfirm={() => void endSession()}
          onCancel={() => {
            setConfirmEnd(false);
            setEndError(null);
          }}
        />
      )}
      <RemoteAudios peers={snapshot.peers} sinkId={snapshot.speakerId} onBlocked={onBlocked} />
    </div>
  );
}
