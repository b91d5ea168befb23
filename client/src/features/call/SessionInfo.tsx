import { useTranslation } from 'react-i18next';
import type { SessionSummary } from '@shared/call/schemas';
import { formatSessionTime } from '../../lib/format';

/** Which gathering: its title on one line; where and when on the next. */
export function SessionInfo({ session, showVenue = true }: { session: SessionSummary; showVenue?: boolean }) {
  const { t, i18n } = useTranslation();
  const time = formatSessionTime(session.startsAt, session.endsAt, i18n.language, (start, end) => t('time.range', { start, end }));
  return (
    <div className="session-info">
      <p className="session-info__title">{session.title}</p>
      <p className="session-info__details">
        {showVenue && <span>{t('join.sessionLine', { venue: session.venueName })}</span>}
        {time && <span>{time}</span>}
      </p>
    </div>
  );
}
