import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuizQuestion } from '@shared/program/quizzes';
import { useProgramT } from '../../i18n/program';
import { toCallError } from '../../lib/errors';
import { focusLater } from '../../lib/focusLater';
import { errorText } from '../../ui/errorText';
import { FormMessage, TextField } from '../../ui/form';
import { programRoutes } from '@shared/program/routes';
import { apiCall } from '../../lib/api';
import { FieldError } from './FieldError';
import { QUIZ_LIMITS as L } from './limits';

type Problem = { part: 'prompt' } | { part: 'choice'; index: number } | { part: 'choices' } | { part: 'answer' };
type Message = { tone: 'ok' | 'error'; text: string };

/** What the browser can tell before sending: an empty question or answer, a right answer that is not there. */
function checkQuestion(prompt: string, choices: string[], answerIndex: number | null): Problem | null {
  if (!prompt.trim() || prompt.trim().length > L.promptMax) return { part: 'prompt' };
  if (choices.length < L.minChoices || choices.length > L.maxChoices) return { part: 'choices' };
  const empty = choices.findIndex((c) => !c.trim() || c.trim().length > L.choiceMax);
  if (empty >= 0) return { part: 'choice', index: empty };
  if (answerIndex !== null && answerIndex >= choices.length) return { part: 'answer' };
  return null;
}

/** `body.choices.2` → answer 3, `body.answerIndex` → the right answer, `body.prompt` → the question. */
function problemFromField(field: string | undefined): Problem | null {
  const parts = (field ?? '').split('.').filter((p) => p !== 'body');
  if (parts[0] === 'prompt') return { part: 'prompt' };
  if (parts[0] === 'answerIndex') return { part: 'answer' };
  if (parts[0] === 'choices') return parts[1] && /^\d+$/.test(parts[1]) ? { part: 'choice', index: Number(parts[1]) } : { part: 'choices' };
  return null;
}

/** A host's own question: the question, 2–4 answers, and which one is right (or none). */
export function QuizQuestionForm({ venueId, onAdded }: { venueId: string; onAdded: (question: QuizQuestion) => void }) {
  const { t } = useProgramT();
  const main = useTranslation().t;
  const [prompt, setPrompt] = useState('');
  const [choices, setChoices] = useState(['', '', '']);
  const [answerIndex, setAnswerIndex] = useState<number | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);

  const why = (p: Problem) =>
    p.part === 'prompt'
      ? t('quiz.needPrompt')
      : p.part === 'choice'
        ? t('quiz.needChoice')
        : p.part === 'choices'
          ? t('quiz.choiceCount')
          : t('quiz.badAnswer');
  const show = (p: Problem) => {
    setProblem(p);
    focusLater(p.part === 'prompt' ? 'quiz-prompt' : p.part === 'choice' ? `quiz-choice-${p.index}` : 'quiz-add-choice');
  };
  const edited = () => {
    setProblem(null);
    setMessage(null);
  };
  const setChoice = (index: number, text: string) => {
    setChoices(choices.map((c, i) => (i === index ? text : c)));
    edited();
  };
  const removeChoice = (index: number) => {
    setChoices(choices.filter((_, i) => i !== index));
    if (answerIndex !== null) setAnswerIndex(answerIndex === index ? null : answerIndex > index ? answerIndex - 1 : answerIndex);
    edited();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local = checkQuestion(prompt, choices, answerIndex);
    if (local) {
      show(local);
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const added = await apiCall(programRoutes.addQuizQuestion, {
        params: { venueId },
        body: {
          prompt: prompt.trim(),
          choices: choices.map((c) => c.trim()),
          answerIndex,
        },
      });
      setPrompt('');
      setChoices(['', '', '']);
      setAnswerIndex(null);
      setMessage({ tone: 'ok', text: t('quiz.added') });
      onAdded(added);
    } catch (error) {
      const callError = toCallError(error);
      const place = callError.code === 'INVALID_PAYLOAD' ? problemFromField(callError.field) : null;
      if (place) show(place);
      else setMessage({ tone: 'error', text: errorText(main, error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="staff-form quiz-form" onSubmit={(e) => void submit(e)} noValidate data-testid="quiz-form">
      <TextField
        data-focus-id="quiz-prompt"
        label={t('quiz.prompt')}
        hint={t('quiz.promptHint')}
        value={prompt}
        onChange={(text) => {
          setPrompt(text);
          edited();
        }}
        error={problem?.part === 'prompt' ? why(problem) : null}
        maxLength={L.promptMax}
        data-testid="quiz-prompt"
      />
      <ol className="plain-list quiz-form__choices">
        {choices.map((choice, index) => (
          <li key={index} className="quiz-form__choice">
            <TextField
              data-focus-id={`quiz-choice-${index}`}
              label={t('quiz.choice', { n: index + 1 })}
              value={choice}
              onChange={(text) => setChoice(index, text)}
              error={problem?.part === 'choice' && problem.index === index ? why(problem) : null}
              maxLength={L.choiceMax}
              data-testid="quiz-choice"
            />
            <button
              type="button"
              className="btn btn--danger-outline"
              disabled={choices.length <= L.minChoices}
              onClick={() => removeChoice(index)}
              data-testid="quiz-remove-choice"
            >
              {t('quiz.removeChoice', { n: index + 1 })}
            </button>
          </li>
        ))}
      </ol>
      <div className="button-row">
        <button
          type="button"
          id="quiz-add-choice"
          className="btn"
          disabled={choices.length >= L.maxChoices}
          onClick={() => {
            setChoices([...choices, '']);
            edited();
            focusLater(`quiz-choice-${choices.length}`);
          }}
          data-testid="quiz-add-choice"
        >
          {t('quiz.addChoice')}
        </button>
        {problem?.part === 'choices' && <FieldError text={why(problem)} />}
      </div>
      <fieldset className="choice-row" data-testid="quiz-answer">
        <legend className="choice-row__legend">{t('quiz.rightAnswer')}</legend>
        {[null, ...choices.map((_, i) => i)].map((value) => (
          <label key={value ?? 'none'} className={`choice${answerIndex === value ? ' choice--on' : ''}`}>
            <input
              type="radio"
              name="quiz-answer"
              checked={answerIndex === value}
              onChange={() => {
                setAnswerIndex(value);
                edited();
              }}
            />
            {value === null ? t('quiz.rightNone') : t('quiz.rightChoice', { n: value + 1 })}
          </label>
        ))}
        {problem?.part === 'answer' && <FieldError text={why(problem)} />}
      </fieldset>
      <div className="button-row">
        <button type="submit" className="btn btn--primary btn--large" disabled={busy} data-testid="quiz-submit">
          {busy ? t('quiz.adding') : t('quiz.add')}
        </button>
      </div>
      {message && (
        <FormMessage tone={message.tone} testId={message.tone === 'ok' ? 'quiz-message' : 'quiz-error'}>
          {message.text}
        </FormMessage>
      )}
    </form>
  );
}
