import { useCallback, useState } from 'react';
import type { CheckinQuestion } from '@shared/checkins/questions';
import type { WatchEntry } from '@shared/checkins/schemas';
import { useCheckinsT } from '../../../i18n/checkins';
import { useResource } from '../../../lib/useResource';
import { formatJapanDay } from '../../../lib/staffFormat';
import { Link } from '../../../ui/Link';
import { StaffLayout } from '../../../ui/staff/StaffLayout';
import { Loaded } from '../../../ui/staff/pageParts';
import { useSignedInUser } from '../../auth';
import { FormMessage } from '../../../ui/form';
import { checkinRoutes } from '@shared/checkins/routes';
import { apiCall } from '../../../lib/api';
import { HandleForm } from './HandleForm';
import { participantHref } from './links';
import { REASON_MARK, reasonText } from './reasons';
import './watch.css';

const ABSENCE_CHOICES = [2, 3, 4] as const;

/** The list grouped by venue, in the order the server sent it. */
function byVenue(entries: WatchEntry[]): { venueId: string; venueName: string; entries: WatchEntry[] }[] {
  const groups: { venueId: string; venueName: string; entries: WatchEntry[] }[] = [];
  for (const entry of entries) {
    const group = groups.find((g) => g.venueId === entry.venueId);
    if (group) group.entries.push(entry);
    else groups.push({ venueId: entry.venueId, venueName: entry.venueName, entries: [entry] });
  }
  return groups;
}

/**
 * `/watch`: per venue, who needs a call and why, in plain words. 「対応済みにする」 records who contacted
 * them, when and how it went; the entry leaves the list and the note stays in the person's history.
 */
export default function WatchPage() {
  const { t } = useCheckinsT();
  const user = useSignedInUser();
  const [absences, setAbsences] = useState<number>(2);
  const load = useCallback((signal: AbortSignal) => apiCall(checkinRoutes.watch, { query: { absences }, signal }), [absences]);
  const [list, reload] = useResource<WatchEntry[]>(`watch:${absences}`, load);
  const [questions] = useResource<CheckinQuestion[]>('checkin-questions', (signal) => apiCall(checkinRoutes.questions, { signal }));
  const [handling, setHandling] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const questionList = questions.status === 'ok' ? questions.data : [];

  return (
    <StaffLayout size={user.role === 'host' ? 'tablet' : 'desktop'} current="watch" testId="watch-page">
      <h1 className="staff-title">{t('watch.title')}</h1>
      <p className="staff-lead">{t('watch.lead')}</p>
      <fieldset className="choice-row">
        <legend className="choice-row__legend">{t('watch.absencesLabel')}</legend>
        {ABSENCE_CHOICES.map((n) => (
          <label key={n} className={`choice${n === absences ? ' choice--on' : ''}`}>
            <input type="radio" name="absences" value={n} checked={n === absences} onChange={() => setAbsences(n)} />
            {t('watch.absencesChoice', { count: n })}
          </label>
        ))}
      </fieldset>
      {saved && (
        <FormMessage tone="ok" testId="watch-saved">
          {saved}
        </FormMessage>
      )}
      <Loaded resource={list} reload={reload}>
        {(entries) =>
          entries.length === 0 ? (
            <p className="watch-empty" data-testid="watch-empty">
              {t('watch.none')}
            </p>
          ) : (
            byVenue(entries).map((group) => (
              <section key={group.venueId} className="staff-section" aria-labelledby={`watch-${group.venueId}`} data-testid="watch-venue">
                <div className="staff-section__head">
                  <h2 className="staff-section__title" id={`watch-${group.venueId}`}>
                    {group.venueName}
                  </h2>
                  <span className="watch-count">{t('watch.count', { count: group.entries.length })}</span>
                </div>
                <ul className="watch-list">
                  {group.entries.map((entry) => (
                    <WatchItem
                      key={entry.participantId}
                      entry={entry}
                      questions={questionList}
                      open={handling === entry.participantId}
                      onOpen={() => {
                        setSaved(null);
                        setHandling(entry.participantId);
                      }}
                      onCancel={() => setHandling(null)}
                      onHandled={() => {
                        setHandling(null);
                        setSaved(t('watch.saved', { name: entry.displayName }));
                        reload();
                      }}
                    />
                  ))}
                </ul>
              </section>
            ))
          )
        }
      </Loaded>
    </StaffLayout>
  );
}

interface WatchItemProps {
  entry: WatchEntry;
  questions: CheckinQuestion[];
  open: boolean;
  onOpen: () => void;
  onCancel: () => void;
  onHandled: () => void;
}

function WatchItem({ entry, questions, open, onOpen, onCancel, onHandled }: WatchItemProps) {
  const { t, i18n } = useCheckinsT();
  return (
    <li className="watch-item" data-testid="watch-entry" data-participant-id={entry.participantId}>
      <div className="watch-item__who">
        <span className="person-name">{entry.displayName}</span>
        {entry.kana && <span className="person-kana">{entry.kana}</span>}
      </div>
      <ul className="watch-reasons">
        {entry.reasons.map((reason) => (
          <li key={reason.key} className={`watch-reason watch-reason--${reason.kind}`} data-testid="watch-reason" data-kind={reason.kind}>
            <span className="watch-reason__mark" aria-hidden="true">
              {REASON_MARK[reason.kind]}
            </span>
            <span>
              {reasonText(t, reason, questions, i18n.language)}
              {reason.kind !== 'trouble' && (
                <span className="watch-reason__since"> {t('watch.since', { date: formatJapanDay(reason.since, i18n.language) })}</span>
              )}
            </span>
          </li>
        ))}
      </ul>
      <div className="button-row watch-item__actions">
        {!open && (
          <button type="button" className="btn btn--primary" onClick={onOpen} data-testid="watch-handle">
            {t('watch.handle')}
          </button>
        )}
        <Link className="btn" href={participantHref(entry.participantId)} data-testid="watch-history-link">
          {t('watch.history')}
        </Link>
      </div>
      {open && <HandleForm entry={entry} questions={questions} onHandled={onHandled} onCancel={onCancel} />}
    </li>
  );
}
