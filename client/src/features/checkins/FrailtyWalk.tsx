import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FRAILTY_ITEMS } from '@shared/checkins/frailtyQuestionnaire';
import { BigButton } from '../../ui/BigButton';
import { useCheckinsT } from '../../i18n/checkins';
import { errorKeys } from '../../lib/errors';
import { CheckinFrame } from './CheckinFrame';
import { QuestionStep } from './QuestionStep';
import { sendFailure, type SendFailure } from './sendFailure';
import { SKIPPED } from './text';
import { useStepper } from './useStepper';

interface FrailtyWalkProps {
  /**
   * Sends the answers by item number (skipped items left out). Throws a CallError when they were not recorded:
   * a retry is offered, unless the server would refuse them again (CONFLICT, NO_CONSENT: see ./sendFailure.ts).
   */
  onSubmit: (answers: Record<string, string>) => Promise<void>;
  /**
   * Back with nothing recorded by this walk: nothing was answered (as if the person had said 「今回はしない」),
   * or the answers cannot be recorded (then the walk said why and the person pressed もどる).
   */
  onLeave: () => void;
  status: ReactNode;
  topAction: ReactNode;
}

/**
 * 後期高齢者の質問票: fifteen items, one per screen, the form's own answers as big buttons, 「とばす」
 * on each. After the last one the answers are sent at once. The wording is the form's, in Japanese.
 */
export function FrailtyWalk({ onSubmit, onLeave, status, topAction }: FrailtyWalkProps) {
  const { t } = useCheckinsT();
  const headingId = useId();
  const steps = useStepper(FRAILTY_ITEMS.length);
  const [failure, setFailure] = useState<SendFailure | null>(null);
  const sentFor = useRef<Record<string, string> | null>(null);
  const item = FRAILTY_ITEMS[steps.index];

  const answered = Object.fromEntries(Object.entries(steps.answers).filter(([, value]) => value !== SKIPPED));
  const send = async () => {
    setFailure(null);
    try {
      await onSubmit(answered);
    } catch (error) {
      setFailure(sendFailure(error));
    }
  };
  useEffect(() => {
    if (!steps.finished || sentFor.current === steps.answers) return;
    sentFor.current = steps.answers;
    if (Object.keys(answered).length === 0) onLeave();
    else void send();
    // send once when the last item is answered
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [steps.finished]);

  const footer = item && (
    <>
      {steps.index > 0 ? (
        <BigButton label={`◀ ${t('home.back')}`} variant="light" onClick={steps.back} data-testid="frailty-back" />
      ) : (
        <span />
      )}
      <BigButton
        label={`${t('home.skip')} ▶`}
        variant="light"
        onClick={() => steps.answer(String(item.number), SKIPPED, { wait: false })}
        data-testid="frailty-skip"
      />
    </>
  );

  return (
    <CheckinFrame
      labelledBy={headingId}
      status={status}
      progress={item ? t('questionnaire.progress', { n: item.number, total: FRAILTY_ITEMS.length }) : undefined}
      topAction={topAction}
      footer={footer || undefined}
      testId="frailty-screen"
    >
      {item ? (
        <QuestionStep
          key={item.number}
          headingId={headingId}
          question={item.question}
          choices={item.options.map((option) => ({ key: option, label: option }))}
          chosen={steps.answers[String(item.number)]}
          onChoose={(option) => steps.answer(String(item.number), option)}
          disabled={steps.moving}
        />
      ) : (
        <SendResult headingId={headingId} failure={failure} onRetry={() => void send()} onLeave={onLeave} />
      )}
    </CheckinFrame>
  );
}

interface SendResultProps {
  headingId: string;
  /** null while sending. */
  failure: SendFailure | null;
  onRetry: () => void;
  onLeave: () => void;
}

/**
 * After the last item: 送っています…; when that failed, 「もう一度送る」 if sending again may work, else why not
 * (「もう答えが届いています」 for CONFLICT) and もどる.
 */
function SendResult({ headingId, failure, onRetry, onLeave }: SendResultProps) {
  const { t } = useCheckinsT();
  const main = useTranslation().t;
  if (!failure || failure.retry) {
    return (
      <div className="checkin__center" aria-live="polite">
        <h2 id={headingId} className="checkin__question" data-testid="frailty-result">
          {failure ? t('questionnaire.sendFailed') : t('questionnaire.sending')}
        </h2>
        {failure ? (
          <BigButton label={t('questionnaire.retry')} variant="primary" size="huge" onClick={onRetry} data-testid="frailty-retry" />
        ) : (
          <span className="spinner" aria-hidden="true" />
        )}
      </div>
    );
  }
  const conflict = failure.code === 'CONFLICT';
  return (
    <div className="checkin__center" aria-live="polite">
      <h2 id={headingId} className="checkin__question" data-testid="frailty-result">
        {conflict ? t('questionnaire.alreadyAnswered') : main(errorKeys(failure.code).title)}
      </h2>
      <p className="checkin__hint" data-error-code={failure.code}>
        {conflict ? t('questionnaire.alreadyAnsweredBody') : main(errorKeys(failure.code).body)}
      </p>
      <BigButton label={t('questionnaire.back')} variant="primary" size="huge" onClick={onLeave} data-testid="frailty-leave" />
    </div>
  );
}
