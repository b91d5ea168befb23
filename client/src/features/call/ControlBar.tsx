import { useCallback, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallClient } from '../../call/CallClient';
import type { CallSnapshot } from '../../call/types';
import { BigButton } from '../../ui/BigButton';
import { MediaToggleButton } from './MediaToggleButton';

interface ControlBarProps {
  client: CallClient;
  snapshot: CallSnapshot;
  onLeave: () => void;
  /** Red at home; quieter at the venue, where 集まりを終える is the red one. */
  leaveVariant?: 'danger' | 'neutral';
  /** Extra buttons between the toggles and 退出 (the venue's 機器 and 集まりを終える). */
  children?: ReactNode;
  /**
   * Between your own buttons and the end group (the home's reactions): in the same row on a
   * tablet on its side, a row of its own above them elsewhere (see live.css and call.css).
   */
  middle?: ReactNode;
}

/** The big buttons along the bottom: マイク, カメラ, (reactions), (extras), 退出. */
export function ControlBar({ client, snapshot, onLeave, leaveVariant = 'danger', children, middle }: ControlBarProps) {
  const { t } = useTranslation();
  // Stable, so that the toggles (memoized) skip the renders of a join's every notice.
  const toggleMic = useCallback(() => void client.toggleMic(), [client]);
  const toggleCamera = useCallback(() => void client.toggleCamera(), [client]);
  return (
    <nav className="control-bar" aria-label={t('common.appName')}>
      <div className="control-bar__group">
        <MediaToggleButton source="mic" state={snapshot.mic} onToggle={toggleMic} />
        <MediaToggleButton source="camera" state={snapshot.camera} onToggle={toggleCamera} />
      </div>
      {middle}
      <div className="control-bar__group control-bar__group--end">
        {children}
        <BigButton label={t('call.leave')} icon="leave" variant={leaveVariant} onClick={onLeave} data-testid="leave-button" />
      </div>
    </nav>
  );
}
