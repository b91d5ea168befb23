import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttendanceMode, RosterEntry } from '@shared/attendance/schemas';

interface PersonButtonProps {
  entry: RosterEntry;
  pending: boolean;
  onTap: () => void;
  onCorrect: () => void;
  /** Beside 修正: what another feature offers for this person (check-ins: 「体調を聞く」). */
  action?: ReactNode;
}

const MARK: Record<AttendanceMode, string> = { venue: '✓', phone: '☎', online: '◎' };

/** One person on the roster: a big name button that shows, in words, how they are attending. */
export function PersonButton({ entry, pending, onTap, onCorrect, action }: PersonButtonProps) {
  const { t } = useTranslation();
  const state = entry.mode ?? 'absent';
  return (
    <div
      className={`roster-person roster-person--${state}`}
      data-testid="roster-person"
      data-participant-id={entry.participantId}
      data-mode={state}
      data-paused={entry.paused || undefined}
    >
      <button type="button" className="roster-person__main" onClick={onTap} aria-pressed={entry.mode !== null} aria-busy={pending}>
        <span className="roster-person__mark" aria-hidden="true">
          {entry.mode ? MARK[entry.mode] : ''}
        </span>
        <span className="roster-person__names">
          <span className="roster-person__name">{entry.displayName}</span>
          {entry.kana && <span className="roster-person__kana">{entry.kana}</span>}
        </span>
        <span className="roster-person__state">
          {/* Paused (入院 …) and not here: お休み中 rather than まだ, so nobody wonders where they are. */}
          {entry.paused && !entry.mode ? t('roster.paused') : t(`roster.state.${state}`)}
          {entry.connected && <span className="roster-person__live"> {t('roster.connectedNow')}</span>}
        </span>
      </button>
      <div className="roster-person__actions">
        <button type="button" className="roster-person__correct" onClick={onCorrect} data-testid="roster-correct">
          {t('roster.correct')}
        </button>
        {action}
      </div>
    </div>
  );
}
