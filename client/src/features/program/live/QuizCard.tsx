import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveQuiz } from '@shared/program/live';
import type { CallClient } from '../../../call/CallClient';
import { useLiveT } from '../../../i18n/program/live';
import { errorKeys, toCallError } from '../../../lib/errors';
import './live.css';

interface QuizCardProps {
  client: CallClient;
  quiz: LiveQuiz;
  /** The venue screen shows the question and the results, without answer buttons. */
  readOnly?: boolean;
}

/**
 * One question, big: one full-width button per choice while asking (the chosen one stays lit and
 * can be changed), then everyone's taking part celebrated with the counts per choice. Never names
 * and never a ranking: answering is what counts.
 */
export function QuizCard({ client, quiz, readOnly = false }: QuizCardProps) {
  const { t } = useLiveT();
  const headingId = useId();
  // tabIndex: the card scrolls when the question and its answers are taller than the screen; a keyboard can scroll it too.
  return (
    <section
      className="quiz-card"
      tabIndex={0}
      aria-labelledby={headingId}
      data-testid="quiz-card"
      data-question-id={quiz.question.id}
      data-phase={quiz.phase}
    >
      <p className="quiz-card__label">{t('quiz.label')}</p>
      <h2 id={headingId} className="quiz-card__question" data-testid="quiz-question">
        {quiz.question.prompt}
      </h2>
      {quiz.phase === 'asking' ? <QuizChoices client={client} quiz={quiz} readOnly={readOnly} /> : <QuizResults quiz={quiz} />}
    </section>
  );
}

function QuizChoices({ client, quiz, readOnly }: Required<QuizCardProps>) {
  const { t } = useLiveT();
  const { t: tCommon } = useTranslation();
  const { question, yourAnswer } = quiz;
  // The tapped choice lights up at once; the server's answer confirms it.
  const [pending, setPending] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setPending(null), [yourAnswer, question.id]);
  const chosen = pending ?? yourAnswer;

  const choose = (index: number) => {
    setPending(index);
    setError(null);
    client.live.answer(question.id, index).catch((failure: unknown) => {
      setPending(null);
      const keys = errorKeys(toCallError(failure).code);
      setError(`${tCommon(keys.title)}。${tCommon(keys.body)}`);
    });
  };

  if (readOnly) {
    return (
      <ol className="quiz-card__choices quiz-card__choices--read-only">
        {question.choices.map((choice, index) => (
          <li key={index} className="quiz-choice" data-testid="quiz-choice" data-index={index}>
            {choice}
          </li>
        ))}
      </ol>
    );
  }
  return (
    <>
      <p className="quiz-card__hint">{t('quiz.hint')}</p>
      <div className={`quiz-card__choices quiz-card__choices--${question.choices.length}`}>
        {question.choices.map((choice, index) => (
          <button
            key={index}
            type="button"
            className={chosen === index ? 'quiz-choice quiz-choice--chosen' : 'quiz-choice'}
            aria-pressed={chosen === index}
            onClick={() => choose(index)}
            data-testid="quiz-choice"
            data-index={index}
          >
            <span className="quiz-choice__text">{choice}</span>
            {chosen === index && <span className="quiz-choice__mark">{t('quiz.yourAnswer')}</span>}
          </button>
        ))}
      </div>
      {error && (
        <p className="quiz-card__error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

function QuizResults({ quiz }: { quiz: LiveQuiz }) {
  const { t } = useLiveT();
  const { question, homeCounts, venueCounts, yourAnswer } = quiz;
  const counts = question.choices.map((_, i) => (homeCounts[i] ?? 0) + (venueCounts[i] ?? 0));
  const participants = counts.reduce((sum, n) => sum + n, 0);
  const most = Math.max(1, ...counts);
  return (
    <div className="quiz-results" data-testid="quiz-results">
      <p className="quiz-results__participants" data-testid="quiz-participants" data-count={participants}>
        {participants > 0 ? t('quiz.participants', { count: participants }) : t('quiz.noParticipants')}
      </p>
      <ol className={`quiz-results__choices quiz-results__choices--${question.choices.length}`}>
        {question.choices.map((choice, index) => {
          const right = question.answerIndex === index;
          return (
            <li
              key={index}
              className={right ? 'quiz-result quiz-result--right' : 'quiz-result'}
              data-testid="quiz-result"
              data-index={index}
              data-count={counts[index]}
              data-right={right ? 'true' : 'false'}
            >
              <span className="quiz-result__choice">
                {right && <span className="quiz-result__right">{t('quiz.right')}</span>}
                {choice}
                {yourAnswer === index && <span className="quiz-result__yours">{t('quiz.yourAnswer')}</span>}
              </span>
              <span className="quiz-result__bar" style={{ width: `${(counts[index]! / most) * 100}%` }} aria-hidden="true" />
              <span className="quiz-result__count">
                {t('quiz.people', { count: counts[index] })}
                <span className="quiz-result__split">
                  （{t('quiz.home')} {homeCounts[index] ?? 0}・{t('quiz.venue')} {venueCounts[index] ?? 0}）
                </span>
              </span>
            </li>
          );
        })}
      </ol>
      <p className="quiz-results__thanks">{t('quiz.thanks')}</p>
    </div>
  );
}
