import type { CheckinQuestion } from '@shared/checkins/questions';
import { useCheckinsT } from '../../../i18n/checkins';
import { Section } from '../../../ui/staff/pageParts';
import { AnswerRow } from './AnswerRow';
import { LANGUAGES, MoveOrRemove, WordingField } from './fields';
import { partAt, QUESTION_LIMITS as L } from './questionDraft';
import { fieldErrorText } from './rejectedField';
import type { QuestionsDraft } from './useQuestionsDraft';

interface QuestionCardProps {
  question: CheckinQuestion;
  /** Its place in the list, and how long the list is. */
  qi: number;
  count: number;
  draft: Pick<QuestionsDraft, 'edit' | 'errorPlace'>;
}

/** One question: its wording in both languages, its answers, and moving or removing it. */
export function QuestionCard({ question, qi, count, draft }: QuestionCardProps) {
  const { t } = useCheckinsT();
  const { edit, errorPlace } = draft;
  const name = t('questions.question', { n: qi + 1 });
  const listError = partAt(errorPlace, qi) === 'answers';
  return (
    <li className="cq-question" data-testid="cq-question" data-key={question.key}>
      <Section
        title={name}
        actions={
          <MoveOrRemove
            idPrefix={`cq:${question.key}`}
            what={name}
            index={qi}
            count={count}
            onMove={(by) => edit.moveQuestion(qi, by)}
            removeText={t('questions.removeQuestion')}
            canRemove={count > L.minQuestions}
            onRemove={() => edit.removeQuestion(qi)}
          />
        }
      >
        <div className="field-grid">
          {LANGUAGES.map((lang) => (
            <WordingField
              key={lang}
              lang={lang}
              focusId={`cq:${question.key}-${lang}`}
              label={t(lang === 'ja' ? 'questions.questionJa' : 'questions.questionEn')}
              value={question.label[lang]}
              onChange={(text) => edit.setWording(qi, lang, text)}
              error={fieldErrorText(t, errorPlace, qi, null, `label.${lang}`)}
              testId={`cq-question-${lang}`}
            />
          ))}
        </div>
        <h3 className="staff-subtitle">
          {t('questions.answers')}{' '}
          <span className={`cq-count${listError ? ' cq-count--error' : ''}`}>
            {t('questions.answerCount', { count: question.answers.length, min: L.minAnswers, max: L.maxAnswers })}
          </span>
        </h3>
        <ol className="cq-answers">
          {question.answers.map((answer, ai) => (
            <AnswerRow key={answer.key} question={question} qi={qi} ai={ai} questionName={name} draft={draft} />
          ))}
        </ol>
        <div className="button-row">
          <button
            type="button"
            id={`cq:${question.key}-add-answer`}
            className="btn"
            onClick={() => edit.addAnswer(qi)}
            disabled={question.answers.length >= L.maxAnswers}
            data-testid="cq-add-answer"
          >
            {t('questions.addAnswer')}
          </button>
        </div>
      </Section>
    </li>
  );
}
