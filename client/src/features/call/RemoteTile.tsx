import { memo, useEffect, useRef, useState, type ReactNode, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RemotePeer } from '../../call/types';
import { Icon } from '../../ui/Icon';
import { useReportShownSize } from './shownSizes';
import { VideoView } from './VideoView';

interface RemoteTileProps {
  peer: RemotePeer;
  speaking: boolean;
  /** Name shown on the tile (the venue's tile says 会場 and its name). */
  label?: string;
  fit?: 'cover' | 'contain';
  size?: 'large' | 'medium' | 'small';
  /** Shown before the name, in the name's label (the venue's ✋ for a raised hand). */
  badge?: ReactNode;
}

/**
 * One remote participant: their video (or their name when the camera is off), name, mute and speaking marks. Memoized:
 * a peer's view keeps its identity while nothing of theirs changed (call/client/views.ts), so a notice about someone
 * else does not render every tile again.
 */
export const RemoteTile = memo(function RemoteTile({ peer, speaking, label, fit = 'cover', size = 'medium', badge }: RemoteTileProps) {
  const { t } = useTranslation();
  const name = label ?? peer.displayName;
  const showVideo = !!peer.stream && peer.videoActive && !peer.videoMuted;
  // Until the first picture arrives the name stays visible instead of a black box.
  const [hasFrames, setHasFrames] = useState(false);
  const videoTrack = peer.videoTrack;
  useEffect(() => setHasFrames(false), [videoTrack, showVideo]);
  // The picture is shown at its first frame, before React renders again (on a busy join that render came ~300 ms
  // later); React's next render gives the element the same class.
  const framesArrived = (event: SyntheticEvent<HTMLVideoElement>) => {
    event.currentTarget.classList.remove('remote-tile__video--waiting');
    setHasFrames(true);
  };
  // The size of this picture on screen decides the layer it is received at (call/shownLayers.ts).
  const tile = useRef<HTMLElement>(null);
  useReportShownSize(tile, peer.id, fit);
  const classes = ['remote-tile', `remote-tile--${size}`, speaking ? 'remote-tile--speaking' : ''].filter(Boolean).join(' ');
  return (
    <figure ref={tile} className={classes} data-testid="remote-tile" data-peer-id={peer.id} data-speaking={speaking ? 'true' : 'false'}>
      {!(showVideo && hasFrames) && (
        <div className="remote-tile__no-video" aria-hidden="true">
          <span className="remote-tile__initial">{Array.from(name)[0] ?? '?'}</span>
        </div>
      )}
      {showVideo && (
        <VideoView
          stream={peer.stream}
          fit={fit}
          className={hasFrames ? 'remote-tile__video' : 'remote-tile__video remote-tile__video--waiting'}
          onLoadedData={framesArrived}
          onResize={framesArrived}
          data-testid="remote-video"
          data-peer-id={peer.id}
        />
      )}
      {speaking && (
        <span className="remote-tile__speaking-badge">
          <Icon name="speaker" className="tile-label__icon" />
          {t('call.speaking')}
        </span>
      )}
      {peer.audioMuted && (
        <span className="remote-tile__muted" data-testid="muted-indicator">
          <Icon name="mic-off" className="tile-label__icon" />
          <span className="remote-tile__muted-text">{t('call.micMuted')}</span>
        </span>
      )}
      <figcaption className="tile-label">
        {badge}
        {peer.phone && (
          <span className="tile-label__phone" role="img" aria-label={t('call.byPhone')} title={t('call.byPhone')} data-testid="phone-mark">
            ☎
          </span>
        )}
        <span className="tile-label__name">{name}</span>
      </figcaption>
    </figure>
  );
});
