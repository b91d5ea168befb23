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
import { CancelSessionControl } from './CancelSessionControl';

/** Over (ended, or its planned end has passed): its attendance can be corrected. */
const isPast = (s: SessionListItem) => s.status === 'ended' || new Date(s.endsAt).getTime() < Date.now();

/** How far ahead the list looks. */
const AHEAD_DAYS = 42;

/** Past sessions shown, to correct their attendance. */
const PAST_DAYS = 28;

interface SessionsSectionProps {
  venueId: string;
  defaultTitle: string;
  /** At the end of a session's line (the page adds 「プログラムを作る」 for those not ended). */
  sessionLinks?: (session: SessionListItem) => ReactNode;
}

/**
 * The venue's sessions of the last four weeks and the coming six (planned from the weekly times, plus one-offs): past
 * ones with 「出席をなおす」, coming ones with 「お休みにする」; and a form for a one-off.
 */
export function SessionsSection({ venueId, defaultTitle, sessionLinks }: SessionsSectionProps) {
  const { t, i18n } = useTranslation();
  const today = japanToday();
  const load = useCallback(
    (signal: AbortSignal) =>
      apiCall(venueRoutes.sessions, {
        params: { venueId },
        query: { from: addDays(today, -PAST_DAYS), to: addDays(today, AHEAD_DAYS) },
        signal,
      }),
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
                  {s.cancelledAt ? (
                    <span className="badge badge--cancelled" data-testid="session-cancelled">
                      {t('staff.status.cancelled')}：{s.cancelReason}
                    </span>
                  ) : (
                    <span className={`badge badge--${s.status}`}>{t(`staff.status.${s.status}`)}</span>
                  )}
                  {!s.cancelledAt && sessionLinks?.(s)}
                  {isPast(s)
                    ? !s.cancelledAt && (
                        <a className="btn" href={`/sessions/${encodeURIComponent(s.id)}/attendance`} data-testid="fix-attendance">
                          {t('host.fixAttendance')}
                        </a>
                      )
                    : s.status === 'planned' && <CancelSessionControl session={s} onChanged={reload} />}
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
