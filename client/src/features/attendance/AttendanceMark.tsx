import { useTranslation } from 'react-i18next';
import type { AttendanceMode } from '@shared/attendance/schemas';
import { MODES } from './modes';

/** 会 / オ / 電 / ・ : a letter for every way of attending, so the row reads without colour. */
export function AttendanceMark({ mode }: { mode: AttendanceMode | null }) {
  const { t } = useTranslation();
  const kind = mode ?? 'absent';
  return (
    <span className={`mark mark--${kind}`} title={t(`admin.patterns.long.${kind}`)}>
      <span aria-hidden="true">{t(`admin.patterns.short.${kind}`)}</span>
      <span className="visually-hidden">{t(`admin.patterns.long.${kind}`)}</span>
    </span>
  );
}

export function PatternLegend() {
  const { t } = useTranslation();
  return (
    <ul className="mark-legend" aria-label={t('admin.patterns.legend')}>
      {[...MODES, null].map((mode) => (
        <li key={mode ?? 'absent'}>
          <AttendanceMark mode={mode} />
          <span aria-hidden="true">{t(`admin.patterns.long.${mode ?? 'absent'}`)}</span>
        </li>
      ))}
    </ul>
  );
}
