import { useId, useState, type ReactNode } from 'react';
import type { CheckinQuestion } from '@shared/checkins/questions';
import type { CheckinAnswers } from '@shared/checkins/schemas';
import { BigButton } from '../../ui/BigButton';
import { useCheckinsT } from '../../i18n/checkins';
import { toCallError } from '../../lib/errors';
import { CheckinFrame } from './CheckinFrame';
import { QuestionStep } from './QuestionStep';
import { localized, SKIPPED, useErrorTitle } from './text';
import { useStepper } from './useStepper';

export interface CheckinWalkProps {
  questions: CheckinQuestion[];
  /** `home`: the person answers on their own screen; `host`: the host asks aloud and taps. */
  variant: 'home' | 'host';
  /** Sends the answers (questions not reached count as skipped); throws to keep the screen with an error. */
  onSubmit: (answers: CheckinAnswers, trouble: boolean) => Promise<void>;
  /** Left of the top bar: 「通話は つづいています」 or whose answers these are. */
  status: ReactNode;
  /**
   * The quiet way out at the top. At home it records everything as skipped, so it is offered only until the
   * first answer (after that, とばす and 送る); the host's 「やめる」 records nothing and stays.
   */
  topAction: ReactNode;
  /** 送る / 送って退出する / 記録する */
  sendLabel: string;
}

/**
 * The check-in: one question per screen with three big picture buttons and 「とばす」, then
 * 「困りごとがある」 and 送る. The same screen serves the person at home and the host asking aloud.
 */
export function CheckinWalk({ questions, variant, onSubmit, status, topAction, sendLabel }: CheckinWalkProps) {
  const { t, i18n } = useCheckinsT();
  const headingId = useId();
  const errorTitle = useErrorTitle();
  const steps = useStepper(questions.length);
  const [trouble, setTrouble] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const question = questions[steps.index];

  const send = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const answers: CheckinAnswers = Object.fromEntries(questions.map((q) => [q.key, steps.answers[q.key] ?? SKIPPED]));
    try {
      await onSubmit(answers, trouble);
    } catch (failure) {
      const code = toCallError(failure).code;
      setError(code === 'NETWORK' || code === 'TIMEOUT' || code === 'INTERNAL' ? t('home.sendFailed') : errorTitle(failure));
      setBusy(false);
    }
  };

  const footer = (
    <>
      {steps.index > 0 ? (
        <BigButton label={`◀ ${t('home.back')}`} variant="light" onClick={steps.back} disabled={busy} data-testid="checkin-back" />
      ) : (
        <span />
      )}
      {question && (
        <BigButton
          label={`${t('home.skip')} ▶`}
          variant="light"
          onClick={() => steps.answer(question.key, SKIPPED, { wait: false })}
          data-testid="checkin-skip"
        />
      )}
    </>
  );

  return (
    <CheckinFrame
      labelledBy={headingId}
      status={status}
      progress={question ? t('home.progress', { n: steps.index + 1, total: questions.length }) : undefined}
      topAction={variant === 'host' || (steps.index === 0 && Object.keys(steps.answers).length === 0) ? topAction : undefined}
      footer={footer}
      testId="checkin-screen"
      panel={variant === 'home'}
    >
      {question ? (
        <QuestionStep
          key={question.key}
          headingId={headingId}
          question={localized(question.label, i18n.language)}
          choices={question.answers.map((a) => ({ key: a.key, emoji: a.emoji, label: localized(a.label, i18n.language) }))}
          chosen={steps.answers[question.key]}
          onChoose={(key) => steps.answer(question.key, key)}
          disabled={steps.moving}
        />
      ) : (
        <>
          <h2 id={headingId} className="checkin__question">
            {t(`${variant}.troubleTitle`)}
          </h2>
          <p className="checkin__hint">{t(`${variant}.troubleHint`)}</p>
          <button
            type="button"
            className={`checkin-trouble${trouble ? ' checkin-trouble--on' : ''}`}
            aria-pressed={trouble}
            onClick={() => setTrouble((on) => !on)}
            data-testid="checkin-trouble"
          >
            <span className="checkin-trouble__box" aria-hidden="true">
              {trouble ? '✓' : ''}
            </span>
            <span className="checkin-trouble__text">
              <span className="checkin-trouble__label">{t(`${variant}.troubleButton`)}</span>
              <span className="checkin-trouble__state">{trouble ? t(`${variant}.troublePressed`) : t(`${variant}.troubleNotPressed`)}</span>
            </span>
          </button>
          <AnswerSummary label={t(`${variant}.yourAnswers`)} questions={questions} answers={steps.answers} />
          {error && (
            <p className="checkin__error" role="alert" data-testid="checkin-error">
              {error}
            </p>
          )}
          <BigButton
            label={busy ? t(variant === 'home' ? 'home.sending' : 'host.recording') : sendLabel}
            variant="primary"
            size="huge"
            className="checkin__send"
            onClick={() => void send()}
            disabled={busy}
            data-testid="checkin-send"
          />
        </>
      )}
    </CheckinFrame>
  );
}

/** 「あなたの答え 😊 😐 😟 － 😊」: what will be sent, at a glance. */
function AnswerSummary({ label, questions, answers }: { label: string; questions: CheckinQuestion[]; answers: Record<string, string> }) {
  const { t, i18n } = useCheckinsT();
  return (
    <div className="checkin-summary">
      <span className="checkin-summary__label">{label}</span>
      <ul className="checkin-summary__list">
        {questions.map((q) => {
          const chosen = q.answers.find((a) => a.key === answers[q.key]);
          const words = chosen ? localized(chosen.label, i18n.language) : t('home.skipped');
          return (
            <li key={q.key} className="checkin-summary__item" aria-label={`${localized(q.label, i18n.language)} ${words}`}>
              <span aria-hidden="true">{chosen ? chosen.emoji : '－'}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
