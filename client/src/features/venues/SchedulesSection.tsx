import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schedule, Venue } from '@shared/venues/schemas';
import { venueRoutes } from '@shared/venues/routes';
import { apiCall } from '../../lib/api';
import { formatWeekly, weekdayName } from '../../lib/staffFormat';
import { Adder, TimedEntryForm } from './TimedEntryForm';

/** Monday first, as on a Japanese calendar on the wall. */
const WEEK = [1, 2, 3, 4, 5, 6, 0];

/** The venue's weekly times and a form to add one. */
export function SchedulesSection({ venue, defaultTitle }: { venue: Venue; defaultTitle: string }) {
  const { t } = useTranslation();
  const [weekday, setWeekday] = useState(venue.schedules[0]?.weekday ?? 2);
  const [added, setAdded] = useState<Schedule[]>([]);
  const schedules = [...venue.schedules, ...added];
  return (
    <>
      {schedules.length === 0 ? (
        <p>{t('admin.venues.noSchedule')}</p>
      ) : (
        <ul className="plain-list" data-testid="schedule-list">
          {schedules.map((s) => (
            <li key={s.id}>
              <strong>{formatWeekly(t, s)}</strong> {s.title}
              {!s.active && <span className="badge">{t('admin.schedules.paused')}</span>}
            </li>
          ))}
        </ul>
      )}
      <Adder buttonLabel={t('admin.schedules.addButton')} savedText={t('admin.schedules.added')}>
        {(onSaved, onCancel) => (
          <TimedEntryForm
            testId="schedule-form"
            whenField={
              <div className="form-field">
                <label className="form-field__label" htmlFor="schedule-weekday">
                  {t('admin.schedules.weekday')}
                </label>
                <select
                  id="schedule-weekday"
                  className="form-field__input"
                  value={weekday}
                  onChange={(e) => setWeekday(Number(e.target.value))}
                >
                  {WEEK.map((day) => (
                    <option key={day} value={day}>
                      {weekdayName(t, day)}
                    </option>
                  ))}
                </select>
              </div>
            }
            validate={(entry) =>
              schedules.some((s) => s.weekday === weekday && s.startTime === entry.startTime) ? t('admin.schedules.duplicate') : null
            }
            defaultTitle={defaultTitle}
            submitLabel={t('admin.schedules.add')}
            save={async (entry) => {
              const schedule = await apiCall(venueRoutes.addSchedule, { params: { venueId: venue.id }, body: { weekday, ...entry } });
              setAdded((list) => [...list, schedule]);
            }}
            onSaved={onSaved}
            onCancel={onCancel}
          />
        )}
      </Adder>
    </>
  );
}
