import { useTranslation } from 'react-i18next';
import { useTextSize } from '../lib/textSize';

/** 「文字を大きく」 / 「文字をもとにもどす」: one tap, remembered on this device. */
export function TextSizeButton() {
  const { t } = useTranslation();
  const [size, toggle] = useTextSize();
  const large = size === 'large';
  return (
    <button type="button" className="text-size-button" aria-pressed={large} onClick={toggle} data-testid="text-size-button">
      <span aria-hidden="true" className="text-size-button__mark">
        {large ? 'あ' : 'あ＋'}
      </span>
      {large ? t('textSize.normal') : t('textSize.larger')}
    </button>
  );
}
