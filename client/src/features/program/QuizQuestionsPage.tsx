import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuizFormat, QuizQuestion } from '../../../../shared/src/program/quizzes';
import type { Venue } from '../../../../shared/src/venues/schemas';
import { ConfirmDialog } from '../../call/components/ConfirmDialog';
import { useProgramT } from '../../i18n/program';
import { useResource } from '../../lib/useResource';
import { staffApi } from '../admin/api';
import { StaffLayout } from '../admin/StaffLayout';
import { Loaded, Section } from '../admin/ui';
import { errorText } from '../auth/errorText';
import { FormMessage } from '../auth/form';
import { programApi, type QuizQuestionLists } from './api';
import { BackLink } from './BackLink';
import { QuizQuestionForm } from './QuizQuestionForm';
import { usePageTitle } from './usePageTitle';
import './program.css';

type VenueQuestions = { venue: Venue | null; questions: QuizQuestionLists };

/** `/admin/venues/:venueId/quiz-questions`: the built-in brain-training questions and the venue's own. */
export default function QuizQuestionsPage({ venueId }: { venueId: string }) {
  const { t } = useProgramT();
  usePageTitle(t('titles.quiz'));
  const load = useCallback(
    async (signal: AbortSignal): Promise<VenueQuestions> => {
      const [venues, questions] = await Promise.all([staffApi.venues(signal), programApi.quizQuestions(venueId, signal)]);
      return { venue: venues.find((v) => v.id === venueId) ?? null, questions };
    },
    [venueId],
  );
  const [data, reload] = useResource(`quiz-questions:${venueId}`, load);
  return (
    <StaffLayout size="tablet" current={null} testId="quiz-page">
      <BackLink venueId={venueId} />
      <h1 className="staff-title">{t('titles.quiz')}</h1>
      <Loaded resource={data} reload={reload}>
        {(loaded) => <VenueQuestionsView venueId={venueId} {...loaded} />}
      </Loaded>
    </StaffLayout>
  );
}

/** The lists as loaded, then kept here as questions are added and deleted (no reload, so messages stay). */
function VenueQuestionsView({ venueId, venue, questions }: VenueQuestions & { venueId: string }) {
  const { t } = useProgramT();
  const [custom, setCustom] = useState(questions.custom);
  return (
    <>
      <p className="staff-lead">
        {venue && <strong>{venue.name}　</strong>}
        {t('quiz.lead')}
      </p>
      <Section id="own-questions" title={t('quiz.ownTitle')} testId="own-questions">
        <OwnQuestions questions={custom} onDeleted={(id) => setCustom((list) => list.filter((q) => q.id !== id))} />
      </Section>
      <Section id="add-question" title={t('quiz.addTitle')}>
        <QuizQuestionForm venueId={venueId} onAdded={(added) => setCustom((list) => [...list, added])} />
      </Section>
      <Section id="built-in-questions" title={t('quiz.builtInTitle')} testId="built-in-questions">
        <BuiltInQuestions questions={questions.builtIn} />
      </Section>
    </>
  );
}

function QuestionText({ question }: { question: QuizQuestion }) {
  const { t } = useProgramT();
  const right = question.answerIndex === null ? null : question.choices[question.answerIndex];
  return (
    <div className="quiz-question__text">
      <span className="quiz-question__prompt" data-testid="quiz-question-prompt">
        {question.prompt}
      </span>
      <span className="quiz-question__choices">{question.choices.join(' / ')}</span>
      <span className="quiz-question__answer">{right === undefined || right === null ? t('quiz.noAnswer') : t('quiz.answer', { choice: right })}</span>
    </div>
  );
}

function OwnQuestions({ questions, onDeleted }: { questions: QuizQuestion[]; onDeleted: (questionId: string) => void }) {
  const { t } = useProgramT();
  const main = useTranslation().t;
  const [deleting, setDeleting] = useState<QuizQuestion | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [removed, setRemoved] = useState(false);
  const confirmDelete = async () => {
    if (!deleting) return;
    setBusy(true);
    setError(null);
    try {
      await programApi.deleteQuizQuestion(deleting.id);
      setDeleting(null);
      setRemoved(true);
      onDeleted(deleting.id);
    } catch (failure) {
      setError(errorText(main, failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {removed && <FormMessage tone="ok">{t('quiz.removed')}</FormMessage>}
      {questions.length === 0 ? (
        <p data-testid="own-questions-empty">{t('quiz.none')}</p>
      ) : (
        <ul className="plain-list quiz-list">
          {questions.map((question) => (
            <li key={question.id} className="quiz-question" data-testid="own-question" data-question-id={question.id}>
              <QuestionText question={question} />
              <button
                type="button"
                className="btn btn--danger-outline"
                onClick={() => {
                  setRemoved(false);
                  setDeleting(question);
                }}
                data-testid="quiz-delete"
              >
                {t('quiz.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('quiz.removeTitle')}
          body={deleting.prompt}
          confirmLabel={t('quiz.removeYes')}
          cancelLabel={main('staff.cancel')}
          onConfirm={() => void confirmDelete()}
          onCancel={() => {
            setDeleting(null);
            setError(null);
          }}
          busy={busy}
          error={error}
        />
      )}
    </>
  );
}

const FORMATS: readonly QuizFormat[] = ['calculation', 'word-collection', 'odd-one-out', 'recall', 'custom'];

function BuiltInQuestions({ questions }: { questions: QuizQuestion[] }) {
  const { t } = useProgramT();
  return (
    <>
      {FORMATS.map((format) => {
        const group = questions.filter((q) => q.format === format);
        if (group.length === 0) return null;
        return (
          <div key={format} className="quiz-group" data-testid="quiz-group" data-format={format}>
            <h3 className="staff-subtitle">{t(`quiz.formats.${format}`)}</h3>
            <ul className="plain-list quiz-list">
              {group.map((question) => (
                <li key={question.id} className="quiz-question" data-testid="built-in-question">
                  <QuestionText question={question} />
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </>
  );
}
