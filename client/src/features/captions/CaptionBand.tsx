import { CAPTION_LIMITS } from '@shared/captions/limits';
import type { CaptionLine, CaptionsState } from '@shared/captions/schemas';
import { useCaptionsT } from '../../i18n/captions';
import { useCaptionsShown } from './useCaptionsShown';
import '../../styles/captions.css';

/**
 * The captions on a call screen: a band of its own below the pictures (never over the leader's face), the last
 * lines in large white letters on black, an automatic line marked 「自動字幕」 in yellow. Nothing until the first
 * line; the 字幕 button turns them off and on for this device.
 */
export function CaptionBand({ captions }: { captions: CaptionsState | null }) {
  const { t } = useCaptionsT();
  const [shown, toggle] = useCaptionsShown();
  if (!captions || (captions.lines.length === 0 && captions.interim === null)) return null;
  const room = captions.interim === null ? CAPTION_LIMITS.linesShown : CAPTION_LIMITS.linesShown - 1;
  const lines = captions.lines.slice(-room);
  return (
    <section className={shown ? 'caption-band' : 'caption-band caption-band--off'} aria-label={t('band.label')} data-testid="caption-band">
      <button type="button" className="caption-band__toggle" aria-pressed={shown} onClick={toggle} data-testid="caption-toggle">
        <span>{t('band.label')}</span>
        <span className="caption-band__state">{shown ? t('band.stateOn') : t('band.stateOff')}</span>
      </button>
      {shown && (
        <div className="caption-band__lines" aria-live="polite">
          {lines.map((line) => (
            <CaptionText key={line.id} line={line} />
          ))}
          {captions.interim !== null && (
            <p className="caption-line caption-line--auto caption-line--interim" data-testid="caption-interim">
              <span className="caption-line__badge">{t('band.auto')}</span>
              {captions.interim}
            </p>
          )}
        </div>
      )}
    </section>
  );
}

function CaptionText({ line }: { line: CaptionLine }) {
  const { t } = useCaptionsT();
  const automatic = line.source === 'auto' && !line.corrected;
  return (
    <p
      className={automatic ? 'caption-line caption-line--auto' : 'caption-line'}
      data-testid="caption-line"
      data-source={automatic ? 'auto' : 'typed'}
    >
      {automatic && <span className="caption-line__badge">{t('band.auto')}</span>}
      {line.text}
    </p>
  );
}
