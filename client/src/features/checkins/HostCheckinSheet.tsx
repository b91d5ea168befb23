import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttendanceMode, RosterEntry } from '@shared/attendance/schemas';
import type { CheckinQuestion } from '@shared/checkins/questions';
import type { QuestionnaireStatus } from '@shared/checkins/schemas';
import { BigButton } from '../../ui/BigButton';
import { useCheckinsT } from '../../i18n/checkins';
import { useResource } from '../../lib/useResource';
import { checkinRoutes } from '@shared/checkins/routes';
import { apiCall } from '../../lib/api';
import { CheckinWalk } from './CheckinWalk';
import { Notice } from './CheckinScreen';
import { FrailtyWalk } from './FrailtyWalk';
import { useErrorTitle } from './text';

interface HostCheckinSheetProps {
  sessionId: string;
  entry: RosterEntry;
  /** Marks the person present first, when they are not yet. */
  markPresent: (entry: RosterEntry, mode: AttendanceMode) => Promise<void>;
  /** Why the last change to the roster failed, if it did (shown while asking to mark first). */
  markError: unknown;
  /** A check-in was recorded (the roster shows 「聞きました」). */
  onRecorded: () => void;
  onClose: () => void;
}

type Stage = 'questions' | 'recorded' | 'frailty' | 'frailty-done';

/**
 * 「体調を聞く」 from the roster: the same question screens as at home, for the host to ask aloud and tap.
 * Someone not yet marked present is marked first (会場に来た / 電話で参加), since a check-in belongs to a
 * session they attend. After recording, the 15-item questionnaire is offered when it is due.
 */
export function HostCheckinSheet({ sessionId, entry, markPresent, markError, onRecorded, onClose }: HostCheckinSheetProps) {
  const { t } = useCheckinsT();
  const common = useTranslation().t;
  const errorTitle = useErrorTitle();
  const [stage, setStage] = useState<Stage>('questions');
  const [questions, reloadQuestions] = useResource<CheckinQuestion[]>('checkin-questions', (signal) =>
    apiCall(checkinRoutes.questions, { signal }),
  );
  const loadDue = useCallback(
    (signal: AbortSignal) => apiCall(checkinRoutes.questionnaire, { params: { participantId: entry.participantId }, signal }),
    [entry.participantId],
  );
  const [due] = useResource<QuestionnaireStatus>(`questionnaire:${entry.participantId}`, loadDue);
  const name = entry.displayName;
  const status = (
    <span className="checkin__who">
      <span className="checkin__who-name">{t('host.title', { name })}</span>
      <span className="checkin__who-hint">{t('host.hint')}</span>
    </span>
  );
  const cancel = <BigButton label={t('host.cancel')} variant="light" onClick={onClose} data-testid="host-checkin-cancel" />;
  const back = <BigButton label={t('host.done')} variant="primary" size="huge" onClick={onClose} data-testid="host-checkin-done" />;

  if (entry.mode === null) {
    return (
      <Notice
        status={status}
        title={t('host.needPresentTitle')}
        lines={[t('host.needPresentBody', { name }), Boolean(markError) && errorTitle(markError)]}
        testId="host-checkin-mark"
      >
        <div className="checkin-offer__actions">
          <BigButton
            label={t('host.markVenue')}
            variant="primary"
            onClick={() => void markPresent(entry, 'venue')}
            data-testid="host-checkin-mark-venue"
          />
          <BigButton
            label={t('host.markPhone')}
            variant="primary"
            onClick={() => void markPresent(entry, 'phone')}
            data-testid="host-checkin-mark-phone"
          />
        </div>
        {cancel}
      </Notice>
    );
  }

  switch (stage) {
    case 'questions':
      if (questions.status !== 'ok') {
        const failed = questions.status === 'error';
        return (
          <Notice
            status={status}
            title={failed ? errorTitle(questions.error) : common('common.loading')}
            lines={[]}
            action={failed ? <BigButton label={common('common.retry')} variant="primary" onClick={reloadQuestions} /> : cancel}
            testId="host-checkin-loading"
          />
        );
      }
      return (
        <CheckinWalk
          questions={questions.data}
          variant="host"
          onSubmit={async (answers, trouble) => {
            await apiCall(checkinRoutes.record, { params: { sessionId, participantId: entry.participantId }, body: { answers, trouble } });
            onRecorded();
            setStage('recorded');
          }}
          status={status}
          topAction={cancel}
          sendLabel={t('host.record')}
        />
      );
    case 'recorded': {
      const questionnaireDue = due.status === 'ok' && due.data.due;
      return (
        <Notice
          status={status}
          title={t('host.recordedTitle', { name })}
          lines={[questionnaireDue && t('host.questionnaireDue')]}
          action={back}
          testId="host-checkin-recorded"
        >
          {questionnaireDue && (
            <BigButton
              label={t('host.questionnaireStart')}
              variant="light"
              onClick={() => setStage('frailty')}
              data-testid="host-frailty-start"
            />
          )}
        </Notice>
      );
    }
    case 'frailty':
      return (
        <FrailtyWalk
          onSubmit={async (answers) => {
            await apiCall(checkinRoutes.recordQuestionnaire, { params: { participantId: entry.participantId }, body: { answers } });
            setStage('frailty-done');
          }}
          onLeave={() => setStage('recorded')}
          status={status}
          topAction={cancel}
        />
      );
    case 'frailty-done':
      return <Notice status={status} title={t('trend.questionnaireSaved')} lines={[]} action={back} testId="host-frailty-done" />;
  }
}
