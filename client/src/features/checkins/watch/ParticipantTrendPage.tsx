import { useCallback, useState } from 'react';
import type { ParticipantTrend, QuestionnaireStatus, WatchHandledEntry } from '@shared/checkins/schemas';
import { BigButton } from '../../../ui/BigButton';
import { useCheckinsT } from '../../../i18n/checkins';
import { useResource } from '../../../lib/useResource';
import { formatJapanDay } from '../../../lib/staffFormat';
import { Link } from '../../../ui/Link';
import { StaffLayout } from '../../../ui/staff/StaffLayout';
import { Loaded, Section } from '../../../ui/staff/pageParts';
import { useSignedInUser } from '../../auth';
import { FormMessage } from '../../../ui/form';
import { checkinRoutes } from '@shared/checkins/routes';
import { apiCall } from '../../../lib/api';
import { FrailtyWalk } from '../FrailtyWalk';
import { AnswerGrid } from './AnswerGrid';
import { QuestionnaireView } from './QuestionnaireView';
import { useParticipant } from './useParticipantName';
import './watch.css';

/**
 * `/admin/participants/:participantId`: one person's attendance and check-in answers over time, their
 * latest questionnaire by domain, and the watch-over notes. For organisers and the person's hosts.
 */
export default function ParticipantTrendPage({ participantId }: { participantId: string }) {
  const { t, i18n } = useCheckinsT();
  const user = useSignedInUser();
  const person = useParticipant(participantId);
  const name = person.status === 'ok' ? (person.data?.displayName ?? null) : null;
  /** Known to have no consent: no answers to show and nothing to ask (attendance only). */
  const noConsent = person.status === 'ok' && person.data !== null && !person.data.wellbeingConsentAt;
  const loadTrend = useCallback(
    (signal: AbortSignal) => apiCall(checkinRoutes.trend, { params: { participantId }, signal }),
    [participantId],
  );
  const loadQuestionnaire = useCallback(
    (signal: AbortSignal) => apiCall(checkinRoutes.questionnaire, { params: { participantId }, signal }),
    [participantId],
  );
  const loadHistory = useCallback(
    (signal: AbortSignal) => apiCall(checkinRoutes.watchHistory, { params: { participantId }, signal }),
    [participantId],
  );
  const [trend, reloadTrend] = useResource<ParticipantTrend>(`trend:${participantId}`, loadTrend);
  const [questionnaire, reloadQuestionnaire] = useResource<QuestionnaireStatus>(`questionnaire:${participantId}`, loadQuestionnaire);
  const [history, reloadHistory] = useResource<WatchHandledEntry[]>(`watch-history:${participantId}`, loadHistory);
  const [filling, setFilling] = useState(false);
  const [saved, setSaved] = useState(false);

  return (
    <StaffLayout size={user.role === 'host' ? 'tablet' : 'desktop'} current={null} testId="participant-page">
      <nav className="breadcrumbs" aria-label={t('trend.back')}>
        <Link href="/watch">◀ {t('trend.back')}</Link>
      </nav>
      <h1 className="staff-title" data-testid="participant-title">
        {name ? t('trend.title', { name }) : t('trend.titleUnknown')}
      </h1>
      {person.status === 'ok' && person.data?.kana && <p className="person-kana">{person.data.kana}</p>}

      <Section id="answers" title={t('trend.attendanceTitle')} testId="trend-section">
        <p className="staff-note">{t('trend.lead')}</p>
        {noConsent && <p className="strong">{t('trend.noConsent')}</p>}
        <Loaded resource={trend} reload={reloadTrend}>
          {(data) => <AnswerGrid trend={noConsent ? { ...data, questions: [] } : data} />}
        </Loaded>
      </Section>

      <Section id="questionnaire" title={t('trend.questionnaireTitle')} testId="questionnaire-section">
        {saved && <FormMessage tone="ok">{t('trend.questionnaireSaved')}</FormMessage>}
        {noConsent ? (
          <p>{t('trend.noConsent')}</p>
        ) : (
          <Loaded resource={questionnaire} reload={reloadQuestionnaire}>
            {(status) => (
              <QuestionnaireView
                status={status}
                onFill={() => {
                  setSaved(false);
                  setFilling(true);
                }}
              />
            )}
          </Loaded>
        )}
      </Section>

      <Section id="history" title={t('trend.historyTitle')} testId="history-section">
        <Loaded resource={history} reload={reloadHistory}>
          {(entries) =>
            entries.length === 0 ? (
              <p>{t('trend.historyNone')}</p>
            ) : (
              <ul className="plain-list history-list">
                {[...entries]
                  .sort((a, b) => b.contactedAt.localeCompare(a.contactedAt))
                  .map((entry) => (
                    <li key={entry.id} className="history-item" data-testid="history-entry">
                      <span className="history-item__kind">{t(`watch.reasons.${KIND_WORD[entry.kind]}`)}</span>
                      <span>
                        {t('trend.historyHandled', {
                          date: formatJapanDay(entry.contactedAt, i18n.language),
                          by: entry.contactedBy,
                          outcome: entry.outcome,
                        })}
                      </span>
                    </li>
                  ))}
              </ul>
            )
          }
        </Loaded>
      </Section>

      {filling && (
        <FrailtyWalk
          onSubmit={async (answers) => {
            await apiCall(checkinRoutes.recordQuestionnaire, { params: { participantId }, body: { answers } });
            setFilling(false);
            setSaved(true);
            reloadQuestionnaire();
          }}
          onLeave={() => {
            setFilling(false);
            reloadQuestionnaire(); // answers may have come in meanwhile (the walk said so)
          }}
          status={
            <span className="checkin__who">
              <span className="checkin__who-name">{name ? t('trend.fillTitle', { name }) : t('trend.questionnaireTitle')}</span>
              <span className="checkin__who-hint">{t('host.hint')}</span>
            </span>
          }
          topAction={<BigButton label={t('host.cancel')} variant="light" onClick={() => setFilling(false)} />}
        />
      )}
    </StaffLayout>
  );
}

/** The short words for each kind of reason, in the history list. */
const KIND_WORD = {
  absence: 'absenceShort',
  'repeated-concern': 'concernShort',
  trouble: 'troubleShort',
  frailty: 'frailtyShort',
} as const;
