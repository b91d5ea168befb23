import type { CheckinQuestion } from '@shared/checkins/questions';
import { useCheckinsT } from '../../../i18n/checkins';
import { CheckboxField, TextField } from '../../../ui/form';
import { LANGUAGES, MoveOrRemove, WordingField } from './fields';
import { QUESTION_LIMITS as L } from './questionDraft';
import { fieldErrorText } from './rejectedField';
import type { QuestionsDraft } from './useQuestionsDraft';

interface AnswerRowProps {
  question: CheckinQuestion;
  /** The question's place in the list and the answer's in the question. */
  qi: number;
  ai: number;
  /** 「質問 2」: what the answer's own labels start with. */
  questionName: string;
  draft: Pick<QuestionsDraft, 'edit' | 'errorPlace'>;
}

/** One answer: its emoji, its wording in both languages, 「心配な答え」, and moving or removing it. */
export function AnswerRow({ question, qi, ai, questionName, draft }: AnswerRowProps) {
  const { t } = useCheckinsT();
  const { edit, errorPlace } = draft;
  const answer = question.answers[ai]!;
  const answerName = `${questionName} ${t('questions.answer', { n: ai + 1 })}`;
  const prefix = `cq:${question.key}:${answer.key}`;
  return (
    <li className="cq-answer" data-testid="cq-answer" data-key={answer.key}>
      <span className="cq-answer__number" aria-hidden="true">
        {ai + 1}
      </span>
      <TextField
        data-focus-id={`${prefix}-emoji`}
        className="cq-answer__emoji"
        label={t('questions.emoji')}
        aria-label={`${answerName} ${t('questions.emoji')}`}
        value={answer.emoji}
        onChange={(emoji) => edit.setAnswer(qi, ai, { emoji })}
        error={fieldErrorText(t, errorPlace, qi, ai, 'emoji')}
        maxLength={L.emojiMax}
        data-testid="cq-answer-emoji"
      />
      {LANGUAGES.map((lang) => {
        const label = t(lang === 'ja' ? 'questions.answerJa' : 'questions.answerEn');
        return (
          <WordingField
            key={lang}
            lang={lang}
            focusId={`${prefix}-${lang}`}
            label={label}
            ariaLabel={`${answerName} ${label}`}
            value={answer.label[lang]}
            onChange={(text) => edit.setAnswer(qi, ai, { label: { ...answer.label, [lang]: text } })}
            error={fieldErrorText(t, errorPlace, qi, ai, `label.${lang}`)}
            testId={`cq-answer-${lang}`}
          />
        );
      })}
      <div className="cq-answer__concern" data-testid="cq-answer-concern">
        <CheckboxField
          label={t('questions.concern')}
          checked={answer.concern}
          onChange={(concern) => edit.setAnswer(qi, ai, { concern })}
        />
      </div>
      <MoveOrRemove
        idPrefix={prefix}
        what={answerName}
        index={ai}
        count={question.answers.length}
        onMove={(by) => edit.moveAnswer(qi, ai, by)}
        removeText={t('questions.remove')}
        canRemove={question.answers.length > L.minAnswers}
        onRemove={() => edit.removeAnswer(qi, ai)}
      />
    </li>
  );
}
