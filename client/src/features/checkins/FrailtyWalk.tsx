import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { FRAILTY_ITEMS } from '@shared/checkins/frailtyQuestionnaire';
import { BigButton } from '../../ui/BigButton';
import { useCheckinsT } from '../../i18n/checkins';
import { CheckinFrame } from './CheckinFrame';
import { QuestionStep } from './QuestionStep';
import { SKIPPED } from './text';
import { useStepper } from './useStepper';

interface FrailtyWalkProps {
  /** Sends the answers by item number (skipped items left out); throws to offer a retry. */
  onSubmit: (answers: Record<string, string>) => Promise<void>;
  /** Nothing was answered: nothing is sent, as if the person had said 「今回はしない」. */
  onNothingAnswered: () => void;
  status: ReactNode;
  topAction: ReactNode;
}

/**
 * 後期高齢者の質問票: fifteen items, one per screen, the form's own answers as big buttons, 「とばす」
 * on each. After the last one the answers are sent at once. The wording is the form's, in Japanese.
 */
export function FrailtyWalk({ onSubmit, onNothingAnswered, status, topAction }: FrailtyWalkProps) {
  const { t } = useCheckinsT();
  const headingId = useId();
  const steps = useStepper(FRAILTY_ITEMS.length);
  const [failed, setFailed] = useState(false);
  const sentFor = useRef<Record<string, string> | null>(null);
  const item = FRAILTY_ITEMS[steps.index];

  const answered = Object.fromEntries(Object.entries(steps.answers).filter(([, value]) => value !== SKIPPED));
  const send = async () => {
    setFailed(false);
    try {
      await onSubmit(answered);
    } catch {
      setFailed(true);
    }
  };
  useEffect(() => {
    if (!steps.finished || sentFor.current === steps.answers) return;
    sentFor.current = steps.answers;
    if (Object.keys(answered).length === 0) onNothingAnswered();
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
        <div className="checkin__center" aria-live="polite">
          <h2 id={headingId} className="checkin__question">
            {failed ? t('questionnaire.sendFailed') : t('questionnaire.sending')}
          </h2>
          {failed ? (
            <BigButton
              label={t('questionnaire.retry')}
              variant="primary"
              size="huge"
              onClick={() => void send()}
              data-testid="frailty-retry"
            />
          ) : (
            <span className="spinner" aria-hidden="true" />
          )}
        </div>
      )}
    </CheckinFrame>
  );
}
