import { useTranslation } from 'react-i18next';
import { Icon } from '../../ui/Icon';

/** A steady reminder while your own microphone is off (or cannot be used at all). */
export function MicOffNotice({ missing = false }: { missing?: boolean }) {
  const { t } = useTranslation();
  return (
    <p className="mic-off-notice" data-testid="mic-off-notice">
      <Icon name="mic-off" className="mic-off-notice__icon" />
      {missing ? t('call.micMissingNotice') : t('call.micOffNotice')}
    </p>
  );
}
