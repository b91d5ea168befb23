import { useEffect, useId, useState } from 'react';
import { useProgramT } from '../../i18n/program';
import { FieldError } from './FieldError';
import { SEGMENT_LIMITS as L } from './limits';
import { clampMinutes } from './segmentDraft';

interface MinutesFieldProps {
  idPrefix: string;
  /** The card's name for screen readers (「2番目」). */
  what: string;
  minutes: number;
  onChange: (minutes: number) => void;
  error: string | null;
}

/** − 1分 [ 5 ] 分 ＋ 1分: big buttons for the usual change, a number to type a bigger one. Never below 1 minute. */
export function MinutesField({ idPrefix, what, minutes, onChange, error }: MinutesFieldProps) {
  const { t } = useProgramT();
  const labelId = useId();
  const errorId = useId();
  // What is typed may be briefly empty; the segment keeps its last whole number of minutes meanwhile.
  const [text, setText] = useState(String(minutes));
  useEffect(() => setText(String(minutes)), [minutes]);
  const typed = (value: string) => {
    setText(value);
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number)) return;
    const clamped = clampMinutes(number);
    if (clamped !== number) setText(String(clamped));
    onChange(clamped);
  };
  return (
    <div className={`segment-minutes${error ? ' segment-minutes--error' : ''}`} role="group" aria-labelledby={labelId}>
      <span className="form-field__label" id={labelId}>
        {t('editor.minutes')}
      </span>
      <div className="segment-minutes__row">
        <button
          type="button"
          id={`${idPrefix}-less`}
          className="btn segment-minutes__step"
          disabled={minutes <= L.minMinutes}
          onClick={() => onChange(clampMinutes(minutes - 1))}
          aria-label={t('editor.lessLabel', { what })}
          data-testid="segment-less"
        >
          {t('editor.less')}
        </button>
        <input
          id={`${idPrefix}-minutes`}
          className="form-field__input segment-minutes__input"
          type="number"
          inputMode="numeric"
          min={L.minMinutes}
          max={L.maxMinutes}
          step={1}
          value={text}
          onChange={(e) => typed(e.target.value)}
          onBlur={() => setText(String(minutes))}
          aria-label={t('editor.minutesInput', { what })}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          data-testid="segment-minutes"
        />
        <span className="segment-minutes__unit">{t('editor.minutesUnit')}</span>
        <button
          type="button"
          className="btn segment-minutes__step"
          disabled={minutes >= L.maxMinutes}
          onClick={() => onChange(clampMinutes(minutes + 1))}
          aria-label={t('editor.moreLabel', { what })}
          data-testid="segment-more"
        >
          {t('editor.more')}
        </button>
      </div>
      {error && <FieldError id={errorId} text={error} />}
    </div>
  );
}
