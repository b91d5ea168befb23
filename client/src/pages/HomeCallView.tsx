import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallClient } from '../call/CallClient';
import { AudioUnlockBanner } from '../call/components/AudioUnlockBanner';
import { CallStatusBar } from '../call/components/CallStatusBar';
import { ControlBar } from '../call/components/ControlBar';
import { MicOffNotice } from '../call/components/MicOffNotice';
import { RemoteAudios } from '../call/components/RemoteAudios';
import { RemoteTile } from '../call/components/RemoteTile';
import { SelfView } from '../call/components/SelfView';
import { TileGrid } from '../call/components/TileGrid';
import { gridColumns, homeViewLayers, sortByName } from '../call/layers';
import type { CallSnapshot } from '../call/types';
import { useWakeLock } from '../call/useWakeLock';
import { usePortrait } from '../lib/usePortrait';

interface HomeCallViewProps {
  client: CallClient;
  snapshot: CallSnapshot;
}

/** In the call at home: the venue big, other homes smaller, yourself small, three big buttons. */
export function HomeCallView({ client, snapshot }: HomeCallViewProps) {
  const { t, i18n } = useTranslation();
  const portrait = usePortrait();
  const [audioBlocked, setAudioBlocked] = useState(false);
  const onBlocked = useCallback(() => setAudioBlocked(true), []);
  useWakeLock(true);

  const venue = snapshot.peers.find((p) => p.role === 'venue') ?? null;
  const others = useMemo(
    () => sortByName(snapshot.peers.filter((p) => p !== venue), i18n.language),
    [snapshot.peers, venue, i18n.language],
  );
  const layers = useMemo(() => homeViewLayers(venue, others), [venue, others]);
  useEffect(() => client.setDesiredLayers(layers), [client, layers]);

  const speaker = snapshot.activeSpeakerId;
  const micOff = !!snapshot.mic.track && !snapshot.mic.enabled;
  const micMissing = !snapshot.mic.track && !snapshot.mic.acquiring && snapshot.mic.problem !== null;

  return (
    <div className="call call--home">
      <CallStatusBar snapshot={snapshot}>
        <span className="call-status-bar__title">{snapshot.session?.title}</span>
      </CallStatusBar>
      {audioBlocked && <AudioUnlockBanner onUnlocked={() => setAudioBlocked(false)} />}
      <main className="home-stage">
        <section className="home-stage__main" aria-label={t('call.venue')}>
          {venue ? (
            <RemoteTile
              peer={venue}
              speaking={speaker === venue.id}
              label={`${t('call.venue')}：${venue.displayName}`}
              fit="contain"
              size="large"
            />
          ) : (
            <div className="home-stage__waiting">
              <span className="spinner spinner--light" aria-hidden="true" />
              <p>{t('call.waitingVenue')}</p>
            </div>
          )}
        </section>
        <aside className="home-stage__side">
          <SelfView camera={snapshot.camera} caption={t('call.self')} micOff={micOff} className="home-stage__self" />
          {others.length > 0 && (
            <TileGrid count={others.length} fallbackColumns={portrait ? gridColumns(others.length) : others.length > 4 ? 2 : 1} className="home-stage__others">
              {others.map((peer) => (
                <RemoteTile key={peer.id} peer={peer} speaking={speaker === peer.id} size="small" />
              ))}
            </TileGrid>
          )}
        </aside>
      </main>
      {(micOff || micMissing) && <MicOffNotice missing={micMissing} />}
      <ControlBar client={client} snapshot={snapshot} onLeave={() => void client.leave()} />
      <RemoteAudios peers={snapshot.peers} sinkId={null} onBlocked={onBlocked} />
    </div>
  );
}
