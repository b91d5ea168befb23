import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { RemoteTile } from '../call/components/RemoteTile';
import { SelfView } from '../call/components/SelfView';
import { TileGrid } from '../call/components/TileGrid';
import { gridColumns, homeViewLayers, sortByName } from '../call/layers';
import { isTurnedOff } from '../call/localSource';
import { useHomeCheckin } from '../features/checkins/HomeCheckin';
import { usePortrait } from '../lib/usePortrait';
import { CallLayout, type CallViewProps } from './CallLayout';

/** In the call at home: the venue big, other homes smaller, yourself small, three big buttons. */
export function HomeCallView({ client, snapshot }: CallViewProps) {
  const { t, i18n } = useTranslation();
  const portrait = usePortrait();

  const venue = snapshot.peers.find((p) => p.role === 'venue') ?? null;
  const others = useMemo(
    () => sortByName(snapshot.peers.filter((p) => p !== venue), i18n.language),
    [snapshot.peers, venue, i18n.language],
  );
  const layers = useMemo(() => homeViewLayers(venue, others), [venue, others]);
  const speaker = snapshot.activeSpeakerId;
  const checkin = useHomeCheckin(client, snapshot);

  return (
    <CallLayout client={client} snapshot={snapshot} side="home" layers={layers} sinkId={null} onLeave={checkin.onLeave} overlays={checkin.overlay}>
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
          <SelfView camera={snapshot.camera} caption={t('call.self')} micOff={isTurnedOff(snapshot.mic)} className="home-stage__self" />
          {others.length > 0 && (
            <TileGrid count={others.length} fallbackColumns={portrait ? gridColumns(others.length) : others.length > 4 ? 2 : 1} className="home-stage__others">
              {others.map((peer) => (
                <RemoteTile key={peer.id} peer={peer} speaking={speaker === peer.id} size="small" />
              ))}
            </TileGrid>
          )}
        </aside>
      </main>
    </CallLayout>
  );
}
