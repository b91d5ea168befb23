import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalSourceState } from '../../call/types';
import { Icon } from '../../ui/Icon';
import { VideoView } from './VideoView';

interface SelfViewProps {
  camera: LocalSourceState;
  /** Caption under the picture: あなた / 会場のカメラ. */
  caption: string;
  mirrored?: boolean;
  micOff?: boolean;
  className?: string;
}

/** Your own camera picture (mirrored like a looking glass), or a plain note when it is off. */
export const SelfView = memo(function SelfView({ camera, caption, mirrored = true, micOff = false, className }: SelfViewProps) {
  const { t } = useTranslation();
  const track = camera.track;
  const stream = useMemo(() => (track ? new MediaStream([track]) : null), [track]);
  const showVideo = !!stream && camera.enabled;
  return (
    <figure className={['self-view', className].filter(Boolean).join(' ')}>
      {showVideo ? (
        <VideoView stream={stream} mirrored={mirrored} data-testid="self-video" />
      ) : (
        <div className="self-view__off" data-testid="self-video-off">
          <Icon name="camera-off" className="self-view__off-icon" />
          <span>
            {camera.acquiring ? t('common.loading') : camera.problem && camera.enabled ? t('call.cameraUnavailable') : t('media.cameraOff')}
          </span>
        </div>
      )}
      <figcaption className="tile-label">
        {micOff && <Icon name="mic-off" className="tile-label__icon" />}
        <span>{caption}</span>
      </figcaption>
    </figure>
  );
});
