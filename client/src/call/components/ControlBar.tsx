import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallClient } from '../CallClient';
import type { CallSnapshot } from '../types';
import { BigButton } from './BigButton';
import { MediaToggleButton } from './MediaToggleButton';

interface ControlBarProps {
  client: CallClient;
  snapshot: CallSnapshot;
  onLeave: () => void;
  /** Red at home; quieter at the venue, where 集まりを終える is the red one. */
  leaveVariant?: 'danger' | 'neutral';
  /** Extra buttons between the toggles and 退出 (the venue's 機器 and 集まりを終える). */
  children?: ReactNode;
}

/** The big buttons along the bottom: マイク, カメラ, (extras), 退出. */
export function ControlBar({ client, snapshot, onLeave, leaveVariant = 'danger', children }: ControlBarProps) {
  const { t } = useTranslation();
  return (
    <nav className="control-bar" aria-label={t('common.appName')}>
      <div className="control-bar__group">
        <MediaToggleButton source="mic" state={snapshot.mic} onToggle={() => void client.toggleMic()} />
        <MediaToggleButton source="camera" state={snapshot.camera} onToggle={() => void client.toggleCamera()} />
      </div>
      <div className="control-bar__group control-bar__group--end">
        {children}
        <BigButton label={t('call.leave')} icon="leave" variant={leaveVariant} onClick={onLeave} data-testid="leave-button" />
      </div>
    </nav>
  );
}
