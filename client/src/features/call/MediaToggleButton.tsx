import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { isUnavailable } from '../../call/localSource';
import type { LocalSource, LocalSourceState } from '../../call/types';
import { BigButton } from '../../ui/BigButton';

interface MediaToggleButtonProps {
  source: LocalSource;
  state: LocalSourceState;
  onToggle: () => void;
}

/**
 * マイク / カメラ: says what it is and whether it is on ("オン"/"オフ"); red while off.
 * When the device is missing the button stays usable: pressing it asks for the device again.
 */
export const MediaToggleButton = memo(function MediaToggleButton({ source, state, onToggle }: MediaToggleButtonProps) {
  const { t } = useTranslation();
  const on = state.enabled && !!state.track;
  const unavailable = isUnavailable(state);
  const label = source === 'mic' ? t('call.mic') : t('call.camera');
  const detail = unavailable ? t('call.unavailable') : on ? t('common.on') : t('common.off');
  const icon = source === 'mic' ? (on ? 'mic' : 'mic-off') : on ? 'camera' : 'camera-off';
  return (
    <BigButton
      label={label}
      detail={detail}
      icon={icon}
      variant={on ? 'neutral' : 'off'}
      aria-pressed={on}
      data-testid={source === 'mic' ? 'mic-button' : 'camera-button'}
      data-state={on ? 'on' : 'off'}
      onClick={onToggle}
    />
  );
});
