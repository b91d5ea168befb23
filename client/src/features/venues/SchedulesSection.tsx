import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schedule, Venue } from '@shared/venues/schemas';
import { venueRoutes } from '@shared/venues/routes';
import { apiCall } from '../../lib/api';
import { formatWeekly, weekdayName } from '../../lib/staffFormat';
import { errorText } from '../../ui/errorText';
import { FormMessage } from '../../ui/form';
import { Adder, TimedEntryForm } from './TimedEntryForm';

/** Monday first, as on a Japanese calendar on the wall. */
const WEEK = [1, 2, 3, 4, 5, 6, 0];

function WeekdaySelect({ value, onChange }: { value: number; onChange: (weekday: number) => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="form-field">
      <label className="form-field__label" htmlFor={id}>
        {t('admin.schedules.weekday')}
      </label>
      <select id={id} className="form-field__input" value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {WEEK.map((day) => (
          <option key={day} value={day}>
            {weekdayName(t, day)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** 「変更する」 (weekday, times, 内容) for one weekly time; its coming sessions are planned again. */
function ScheduleEditForm({
  schedule,
  onSaved,
  onCancel,
}: {
  schedule: Schedule;
  onSaved: (schedule: Schedule) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [weekday, setWeekday] = useState(schedule.weekday);
  const saved = useRef<Schedule>(schedule);
  return (
    <TimedEntryForm
      testId="schedule-edit-form"
      whenField={<WeekdaySelect value={weekday} onChange={setWeekday} />}
      validate={() => null}
      defaultTitle={schedule.title}
      initial={schedule}
      submitLabel={t('admin.schedules.save')}
      save={async (entry) => {
        saved.current = await apiCall(venueRoutes.updateSchedule, { params: { scheduleId: schedule.id }, body: { weekday, ...entry } });
      }}
      onSaved={() => onSaved(saved.current)}
      onCancel={onCancel}
    />
  );
}

/** 「変更する」, 「休止する」 / 「再開する」 and 「この予定を終える」 for one weekly time (its coming sessions follow). */
function ScheduleActions({ schedule, onChanged }: { schedule: Schedule; onChanged: (schedule: Schedule) => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (editing) {
    return (
      <ScheduleEditForm
        schedule={schedule}
        onSaved={(changed) => {
          setEditing(false);
          onChanged(changed);
        }}
        onCancel={() => setEditing(false)}
      />
    );
  }
  const run = async (request: () => Promise<Schedule>) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await request());
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  const params = { scheduleId: schedule.id };
  return (
    <span className="button-row">
      <button type="button" className="btn" disabled={busy} data-testid="edit-schedule" onClick={() => setEditing(true)}>
        {t('admin.schedules.edit')}
      </button>
      <button
        type="button"
        className="btn"
        disabled={busy}
        data-testid={schedule.active ? 'pause-schedule' : 'resume-schedule'}
        onClick={() => void run(() => apiCall(venueRoutes.updateSchedule, { params, body: { active: !schedule.active } }))}
      >
        {schedule.active ? t('admin.schedules.pause') : t('admin.schedules.resume')}
      </button>
      <button
        type="button"
        className="btn"
        disabled={busy}
        data-testid="end-schedule"
        onClick={() => void run(() => apiCall(venueRoutes.endSchedule, { params }))}
      >
        {t('admin.schedules.endSchedule')}
      </button>
      {error && <FormMessage tone="error">{error}</FormMessage>}
    </span>
  );
}

/** The venue's weekly times (paused, resumed or ended here) and a form to add one. */
export function SchedulesSection({ venue, defaultTitle }: { venue: Venue; defaultTitle: string }) {
  const { t } = useTranslation();
  const [weekday, setWeekday] = useState(venue.schedules[0]?.weekday ?? 2);
  const [added, setAdded] = useState<Schedule[]>([]);
  const [changed, setChanged] = useState<Record<string, Schedule>>({});
  const schedules = [...venue.schedules, ...added].map((s) => changed[s.id] ?? s).filter((s) => !s.endedAt);
  const onChanged = (schedule: Schedule) => setChanged((all) => ({ ...all, [schedule.id]: schedule }));
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
              <ScheduleActions schedule={s} onChanged={onChanged} />
            </li>
          ))}
        </ul>
      )}
      <Adder buttonLabel={t('admin.schedules.addButton')} savedText={t('admin.schedules.added')}>
        {(onSaved, onCancel) => (
          <TimedEntryForm
            testId="schedule-form"
            whenField={<WeekdaySelect value={weekday} onChange={setWeekday} />}
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
