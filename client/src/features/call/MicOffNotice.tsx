import { useTranslation } from 'react-i18next';
import { Icon } from '../../ui/Icon';

/** A steady reminder while your own microphone is off (or cannot be used at all), and who turned it off. */
export function MicOffNotice({ missing = false, byHost = false }: { missing?: boolean; byHost?: boolean }) {
  const { t } = useTranslation();
  return (
    <p className="mic-off-notice" data-testid="mic-off-notice" data-by-host={byHost && !missing ? 'true' : 'false'}>
      <Icon name="mic-off" className="mic-off-notice__icon" />
      {missing ? t('call.micMissingNotice') : byHost ? t('call.micOffByHostNotice') : t('call.micOffNotice')}
    </p>
  );
}
