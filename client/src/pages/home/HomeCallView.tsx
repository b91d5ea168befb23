import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallClient } from '../../call/CallClient';
import { RemoteTile } from '../../features/call/RemoteTile';
import { SelfView } from '../../features/call/SelfView';
import { TileGrid } from '../../features/call/TileGrid';
import { gridColumns, sortByName } from '../../call/layers';
import { isTurnedOff } from '../../call/localSource';
import type { CallSnapshot, RemotePeer } from '../../call/types';
import { useHomeCheckin } from '../../features/checkins/HomeCheckin';
import {
  homeStage,
  homeStagePage,
  PHONE_LARGE_TEXT_PAGE_SIZES,
  PHONE_PAGE_SIZES,
  TABLET_LARGE_TEXT_PAGE_SIZES,
  TABLET_PAGE_SIZES,
  visiblePeers,
  yourGroup,
  type HomeStage,
  type StagePageSizes,
} from '../../features/program/live/stage';
import * as Live from '../../features/program/live/lazy';
import { SpotlightTile } from '../../features/program/live/SpotlightTile';
import { useTextSize } from '../../lib/textSize';
import { usePortrait } from '../../lib/usePortrait';
import { CallLayout, type CallViewProps } from '../call/CallLayout';

/**
 * In the call at home: the program bar on top; the leader large in spotlight, everyone alike in
 * the gallery, or the exercise video or the question filling the screen; yourself small; big
 * buttons for reactions and for マイク, カメラ, 退出. More people than fit are shown a page at a time
 * (まえ / つぎ: nine in the gallery, four beside the leader or the content, fewer on a phone), and only
 * the videos on screen are received. While a question is asked, answering is the one thing to do.
 */
export function HomeCallView({ client, snapshot }: CallViewProps) {
  const { t, i18n } = useTranslation();
  const live = snapshot.live;
  useEffect(() => Live.prefetchLive(), []);

  const shown = useMemo(() => sortByName(visiblePeers(live, snapshot.peers), i18n.language), [live, snapshot.peers, i18n.language]);
  const stage = useMemo(() => homeStage(live, shown), [live, shown]);
  // The page changes only when まえ / つぎ is pressed: never by itself (a moving screen confuses).
  const [pageIndex, setPageIndex] = useState(0);
  const largeText = useTextSize()[0] === 'large';
  const sizes = usePageSizes(largeText);
  const paged = useMemo(() => homeStagePage(stage, pageIndex, sizes), [stage, pageIndex, sizes]);
  const layers = paged.layers;
  const visible = useSameIds(paged.visible);
  useEffect(() => client.showVideosOf(visible), [client, visible]);
  const checkin = useHomeCheckin(client, snapshot);

  const overlays = (
    <>
      {checkin.overlay}
      {snapshot.unmuteAsked && (
        <Live.LiveSlot>
          <Live.UnmutePrompt client={client} />
        </Live.LiveSlot>
      )}
    </>
  );
  const answering = stage.kind === 'content' && stage.content === 'quiz' && live?.quiz?.phase === 'asking';
  const reactions = !answering && (
    <Live.LiveSlot>
      <Live.ReactionBar client={client} handRaised={live?.you.handRaised ?? false} />
    </Live.LiveSlot>
  );

  return (
    <CallLayout
      client={client}
      snapshot={snapshot}
      side="home"
      layers={layers}
      sinkId={null}
      onLeave={checkin.onLeave}
      reactions={reactions}
      overlays={overlays}
    >
      <Live.LiveSlot>
        <Live.ProgramBar client={client} live={live} />
        <Live.BreakoutBanner client={client} live={live} peers={snapshot.peers} />
      </Live.LiveSlot>
      <main
        className={`home-stage home-stage--${stage.kind}`}
        data-stage={stage.kind}
        data-content={stage.kind === 'content' ? stage.content : undefined}
      >
        <section className="home-stage__main">
          <MainArea client={client} snapshot={snapshot} stage={stage} tiles={paged.page.tiles} largeText={largeText} />
        </section>
        <aside className="home-stage__side">
          <SelfView camera={snapshot.camera} caption={t('call.self')} micOff={isTurnedOff(snapshot.mic)} className="home-stage__self" />
          {stage.kind !== 'gallery' && <Strip peers={paged.page.tiles} speaker={snapshot.activeSpeakerId} />}
          <Live.LiveSlot>
            <Live.GalleryPager page={paged.page} onPage={setPageIndex} />
          </Live.LiveSlot>
        </aside>
      </main>
    </CallLayout>
  );
}

interface MainAreaProps {
  client: CallClient;
  snapshot: CallSnapshot;
  stage: HomeStage;
  /** The gallery's page of tiles. */
  tiles: readonly RemotePeer[];
  /** 「文字を大きく」: names need wider tiles. */
  largeText: boolean;
}

function MainArea({ client, snapshot, stage, tiles, largeText }: MainAreaProps) {
  const { t } = useTranslation();
  const portrait = usePortrait();
  const live = snapshot.live;
  const speaker = snapshot.activeSpeakerId;
  if (stage.kind === 'content') {
    return (
      <Live.LiveSlot fallback={<Waiting text={t('common.loading')} />}>
        {stage.content === 'quiz' && live?.quiz ? (
          <Live.QuizCard client={client} quiz={live.quiz} />
        ) : live?.video ? (
          <Live.SyncedVideo key={live.video.videoId} client={client} video={live.video} />
        ) : null}
      </Live.LiveSlot>
    );
  }
  if (stage.kind === 'spotlight') {
    const leader = stage.leader;
    return <SpotlightTile peer={leader} speaking={speaker === leader.id} label={tileLabel(leader, t('call.venue'))} />;
  }
  if (tiles.length === 0 && yourGroup(live)?.peerIds.length === 1) return <AloneInGroup text={t('call.aloneInGroup')} />;
  if (tiles.length === 0) return <Waiting text={t('call.waitingVenue')} />;
  const count = tiles.length;
  // The room comes first and largest: the venue's picture takes four places of the grid.
  const venueFirst = tiles[0]?.role === 'venue';
  return (
    <TileGrid
      count={count}
      fallbackColumns={gridColumns(count, portrait)}
      className="home-stage__gallery"
      featureFirst={venueFirst}
      minTileWidth={largeText ? LARGE_NAME_TILE_WIDTH : NAME_TILE_WIDTH}
    >
      {tiles.map((peer) => (
        <RemoteTile
          key={peer.id}
          peer={peer}
          speaking={speaker === peer.id}
          label={tileLabel(peer, t('call.venue'))}
          fit={peer.role === 'venue' ? 'contain' : 'cover'}
          size={count === 1 || peer.role === 'venue' ? 'large' : 'medium'}
        />
      ))}
    </TileGrid>
  );
}

/** Everyone else, small, at the side (the venue's tile says 会場: its name is on the large picture and in the lobby). */
function Strip({ peers, speaker }: { peers: readonly RemotePeer[]; speaker: string | null }) {
  const { t } = useTranslation();
  const portrait = usePortrait();
  if (peers.length === 0) return null;
  return (
    <TileGrid
      count={peers.length}
      fallbackColumns={portrait ? gridColumns(peers.length) : peers.length > 4 ? 2 : 1}
      className="home-stage__others"
      minTileWidth={NAME_TILE_WIDTH}
    >
      {peers.map((peer) => (
        <RemoteTile
          key={peer.id}
          peer={peer}
          speaking={speaker === peer.id}
          label={peer.role === 'venue' ? t('call.venue') : undefined}
          size="small"
        />
      ))}
    </TileGrid>
  );
}

/** A small group with nobody else in it: no spinner, nothing to wait for but the end of the groups. */
function AloneInGroup({ text }: { text: string }) {
  return (
    <div className="home-stage__waiting" data-testid="alone-in-group">
      <p>{text}</p>
    </div>
  );
}

function Waiting({ text }: { text: string }) {
  return (
    <div className="home-stage__waiting">
      <span className="spinner spinner--light" aria-hidden="true" />
      <p>{text}</p>
    </div>
  );
}

/** A tile this wide shows a name of five characters at 24 px on one line (at 30 px with 「文字を大きく」). */
const NAME_TILE_WIDTH = 160;
const LARGE_NAME_TILE_WIDTH = 200;

// Upright or on its side (the second matches the short-landscape layout in call.css).
const PHONE_QUERY = '(max-width: 560px), (orientation: landscape) and (max-height: 500px)';

/** How many pictures a page shows: fewer on a phone, and fewer with 「文字を大きく」. */
function usePageSizes(largeText: boolean): StagePageSizes {
  if (!usePhone()) return largeText ? TABLET_LARGE_TEXT_PAGE_SIZES : TABLET_PAGE_SIZES;
  return largeText ? PHONE_LARGE_TEXT_PAGE_SIZES : PHONE_PAGE_SIZES;
}

/** A phone-sized screen: fewer, larger pictures per page. */
function usePhone(): boolean {
  const [phone, setPhone] = useState(() => window.matchMedia(PHONE_QUERY).matches);
  useEffect(() => {
    const list = window.matchMedia(PHONE_QUERY);
    const onChange = () => setPhone(list.matches);
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, []);
  return phone;
}

/** The same list keeps the same array, so the server is asked again only when whose videos changed. */
function useSameIds(ids: readonly string[] | null): readonly string[] | null {
  const key = JSON.stringify(ids);
  return useMemo(() => JSON.parse(key) as string[] | null, [key]);
}

/** The venue's tile says 会場 and its name. */
function tileLabel(peer: RemotePeer, venueWord: string): string | undefined {
  return peer.role === 'venue' ? `${venueWord}：${peer.displayName}` : undefined;
}
