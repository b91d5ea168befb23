import { useTranslation } from 'react-i18next';
import { useCheckinsT } from '../../i18n/checkins';
import type { AttendanceMode, RosterEntry } from '@shared/attendance/schemas';

interface PersonButtonProps {
  entry: RosterEntry;
  pending: boolean;
  onTap: () => void;
  onCorrect: () => void;
  /** This session's check-in is in (from home, or asked by the host). */
  asked: boolean;
  /** 「体調を聞く」: only offered with the person's consent. */
  onAsk: () => void;
}

const MARK: Record<AttendanceMode, string> = { venue: '✓', phone: '☎', online: '◎' };

/** One person on the roster: a big name button that shows, in words, how they are attending. */
export function PersonButton({ entry, pending, onTap, onCorrect, asked, onAsk }: PersonButtonProps) {
  const { t } = useTranslation();
  const checkinT = useCheckinsT().t;
  const state = entry.mode ?? 'absent';
  return (
    <div
      className={`roster-person roster-person--${state}`}
      data-testid="roster-person"
      data-participant-id={entry.participantId}
      data-mode={state}
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
          {t(`roster.state.${state}`)}
          {entry.connected && <span className="roster-person__live"> {t('roster.connectedNow')}</span>}
        </span>
      </button>
      <div className="roster-person__actions">
        <button type="button" className="roster-person__correct" onClick={onCorrect} data-testid="roster-correct">
          {t('roster.correct')}
        </button>
        {entry.wellbeingConsent ? (
          <button
            type="button"
            className={`roster-person__ask${asked ? ' roster-person__ask--done' : ''}`}
            onClick={onAsk}
            data-testid="roster-ask"
          >
            {asked ? checkinT('host.askAgain') : checkinT('host.ask')}
          </button>
        ) : (
          <span className="roster-person__no-consent" data-testid="roster-no-consent">
            {checkinT('host.noConsent')}
          </span>
        )}
      </div>
    </div>
  );
}
