import { useState } from 'react';
import type { QuizFormat, QuizQuestion, QuizQuestionList } from '@shared/program/quizzes';
import type { Venue } from '@shared/venues/schemas';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useProgramT } from '../../i18n/program';
import { StaffLayout } from '../../ui/staff/StaffLayout';
import { Loaded, Section } from '../../ui/staff/pageParts';
import { FormMessage } from '../../ui/form';
import { programRoutes } from '@shared/program/routes';
import { apiCall } from '../../lib/api';
import { BackLink } from './BackLink';
import { QuizQuestionForm } from './QuizQuestionForm';
import { useConfirmedDelete } from './useConfirmedDelete';
import { useVenueResource } from './useVenueResource';
import { usePageTitle } from './usePageTitle';
import './program.css';

/** `/admin/venues/:venueId/quiz-questions`: the built-in brain-training questions and the venue's own. */
export default function QuizQuestionsPage({ venueId }: { venueId: string }) {
  const { t } = useProgramT();
  usePageTitle(t('titles.quiz'));
  const [data, reload] = useVenueResource('quiz-questions', venueId, (venueId, signal) =>
    apiCall(programRoutes.quizQuestions, { params: { venueId }, signal }),
  );
  return (
    <StaffLayout size="tablet" current={null} testId="quiz-page">
      <BackLink venueId={venueId} />
      <h1 className="staff-title">{t('titles.quiz')}</h1>
      <Loaded resource={data} reload={reload}>
        {({ venue, content }) => <VenueQuestionsView venueId={venueId} venue={venue} questions={content} />}
      </Loaded>
    </StaffLayout>
  );
}

/** The lists as loaded, then kept here as questions are added and deleted (no reload, so messages stay). */
function VenueQuestionsView({ venueId, venue, questions }: { venueId: string; venue: Venue | null; questions: QuizQuestionList }) {
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
      <span className="quiz-question__answer">
        {right === undefined || right === null ? t('quiz.noAnswer') : t('quiz.answer', { choice: right })}
      </span>
    </div>
  );
}

function OwnQuestions({ questions, onDeleted }: { questions: QuizQuestion[]; onDeleted: (questionId: string) => void }) {
  const { t } = useProgramT();
  const { deleting, removed, ask, dialogProps } = useConfirmedDelete<QuizQuestion>(
    (questionId) => apiCall(programRoutes.deleteQuizQuestion, { params: { questionId } }),
    onDeleted,
  );
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
              <button type="button" className="btn btn--danger-outline" onClick={() => ask(question)} data-testid="quiz-delete">
                {t('quiz.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {deleting && (
        <ConfirmDialog title={t('quiz.removeTitle')} body={deleting.prompt} confirmLabel={t('quiz.removeYes')} {...dialogProps} />
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
