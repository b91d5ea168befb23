import { useTranslation } from 'react-i18next';
import type { CheckinQuestion } from '@shared/checkins/questions';
import { useCheckinsT } from '../../../i18n/checkins';
import { FormMessage } from '../../../ui/form';
import { QuestionCard } from './QuestionCard';
import { QUESTION_LIMITS as L } from './questionDraft';
import { useQuestionsDraft } from './useQuestionsDraft';

/** The organisation's questions as a form: each question with its answers, adding, reordering, saving. */
export function QuestionsEditor({ saved }: { saved: CheckinQuestion[] }) {
  const { t } = useCheckinsT();
  const main = useTranslation().t;
  const draft = useQuestionsDraft(saved);
  const { questions, busy, message, errorPlace, dirty } = draft;
  return (
    <form className="staff-stack cq-form" onSubmit={(e) => void draft.save(e)} noValidate data-testid="cq-form">
      <p className="staff-lead">{t('questions.lead')}</p>
      <p className="staff-note">{t('questions.concernNote')}</p>
      <ol className="cq-questions" aria-label={main('admin.checkinQuestionsTitle')}>
        {questions.map((question, qi) => (
          <QuestionCard key={question.key} question={question} qi={qi} count={questions.length} draft={draft} />
        ))}
      </ol>
      <div className="button-row">
        <button
          type="button"
          id="cq-add-question"
          className="btn"
          onClick={draft.edit.addQuestion}
          disabled={questions.length >= L.maxQuestions}
          data-testid="cq-add-question"
        >
          {t('questions.addQuestion')}
        </button>
        <span className={`cq-count${errorPlace && errorPlace.question === null ? ' cq-count--error' : ''}`}>
          {t('questions.questionCount', { count: questions.length, min: L.minQuestions, max: L.maxQuestions })}
        </span>
      </div>
      <div className="cq-savebar">
        <div className="button-row">
          <button type="submit" className="btn btn--primary btn--large" disabled={busy} data-testid="cq-save">
            {busy ? t('questions.saving') : t('questions.save')}
          </button>
          <button type="button" className="btn" onClick={draft.restore} disabled={busy} data-testid="cq-restore">
            {t('questions.restore')}
          </button>
          {dirty && !message && <span className="cq-unsaved">{t('questions.unsaved')}</span>}
        </div>
        {message && (
          <FormMessage tone={message.tone} testId={message.tone === 'ok' ? 'cq-message' : 'cq-error'}>
            {message.text}
          </FormMessage>
        )}
      </div>
    </form>
  );
}
