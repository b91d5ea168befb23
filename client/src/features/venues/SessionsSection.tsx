import { useCallback, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionListItem } from '@shared/venues/schemas';
import { useResource } from '../../lib/useResource';
import { TextField } from '../../ui/form';
import { venueRoutes } from '@shared/venues/routes';
import { apiCall } from '../../lib/api';
import { addDays, japanToday } from '@shared/japanTime';
import { formatSessionWhen } from '../../lib/staffFormat';
import { Loaded } from '../../ui/staff/pageParts';
import { Adder, TimedEntryForm } from './TimedEntryForm';

/** How far ahead the list looks. */
const AHEAD_DAYS = 42;

interface SessionsSectionProps {
  venueId: string;
  defaultTitle: string;
  /** At the end of a session's line (the page adds 「プログラムを作る」 for those not ended). */
  sessionLinks?: (session: SessionListItem) => ReactNode;
}

/** The venue's coming sessions (planned from the weekly times, plus one-offs) and a form for a one-off. */
export function SessionsSection({ venueId, defaultTitle, sessionLinks }: SessionsSectionProps) {
  const { t, i18n } = useTranslation();
  const today = japanToday();
  const load = useCallback(
    (signal: AbortSignal) =>
      apiCall(venueRoutes.sessions, { params: { venueId }, query: { from: today, to: addDays(today, AHEAD_DAYS) }, signal }),
    [venueId, today],
  );
  const [sessions, reload] = useResource<SessionListItem[]>(`sessions:${venueId}:${today}`, load);
  const [date, setDate] = useState(today);
  return (
    <>
      <Loaded resource={sessions} reload={reload}>
        {(list) =>
          list.length === 0 ? (
            <p>{t('admin.sessions.none')}</p>
          ) : (
            <ul className="session-list" data-testid="session-list">
              {list.map((s) => (
                <li key={s.id} className="session-list__item">
                  <span className="session-list__when">{formatSessionWhen(t, s, i18n.language)}</span>
                  <span>{s.title}</span>
                  <span className={`badge badge--${s.status}`}>{t(`staff.status.${s.status}`)}</span>
                  {sessionLinks?.(s)}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      <Adder buttonLabel={t('admin.sessions.addButton')} savedText={t('admin.sessions.added')}>
        {(onSaved, onCancel) => (
          <TimedEntryForm
            testId="session-form"
            whenField={<TextField label={t('admin.sessions.date')} type="date" value={date} min={today} onChange={setDate} />}
            validate={() => (date ? null : t('admin.sessions.dateMissing'))}
            defaultTitle={defaultTitle}
            submitLabel={t('admin.sessions.add')}
            save={(entry) => apiCall(venueRoutes.createSession, { params: { venueId }, body: { date, ...entry } })}
            onSaved={() => {
              onSaved();
              reload();
            }}
            onCancel={onCancel}
          />
        )}
      </Adder>
    </>
  );
}
