import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { CheckinAnswers, CheckinOffer, SubmitCheckin } from '@shared/checkins/schemas';
import { BigButton } from '../../ui/BigButton';
import { useCheckinsT } from '../../i18n/checkins';
import { logFailure } from '../../lib/log';
import { CallGoesOn, CheckinFrame } from './CheckinFrame';
import { CheckinWalk } from './CheckinWalk';
import { FrailtyWalk } from './FrailtyWalk';
import { SKIPPED } from './text';

/** The thank-you goes back to the call by itself after this long. */
const THANKS_MS = 4_000;

export interface CheckinScreenProps {
  offer: CheckinOffer;
  /** Asked when pressing 退出 (the venue's timing is 'before-leave'): the person leaves afterwards. */
  leaving: boolean;
  submit: (body: SubmitCheckin) => Promise<unknown>;
  submitQuestionnaire: (answers: Record<string, string>) => Promise<unknown>;
  /** Back to the call, or leave it when `leaving`. */
  onDone: () => void;
}

type Stage = { name: 'walk' } | { name: 'thanks'; trouble: boolean } | { name: 'frailty' } | { name: 'frailty-done' };

/**
 * At home: the check-in over the running call, then a thank-you; when the 15-item questionnaire is due,
 * the thank-you offers it (「いま答える」 or 「今回はしない」). Loaded on demand (not in the first download).
 */
export default function CheckinScreen({ offer, leaving, submit, submitQuestionnaire, onDone }: CheckinScreenProps) {
  const { t } = useCheckinsT();
  const [stage, setStage] = useState<Stage>({ name: 'walk' });
  const status = <CallGoesOn />;
  const finishLabel = leaving ? t('home.leave') : t('home.backToCall');
  const finish = <BigButton label={finishLabel} variant="primary" size="huge" onClick={onDone} data-testid="checkin-close" />;

  const send = async (answers: CheckinAnswers, trouble: boolean) => {
    await submit({ answers, trouble });
    setStage({ name: 'thanks', trouble });
  };
  /** 答えない: recorded as all skipped (never forced), then straight back. */
  const decline = () => {
    const answers = Object.fromEntries(offer.questions.map((q) => [q.key, SKIPPED]));
    void submit({ answers, trouble: false }).catch(logFailure('recording a declined check-in'));
    onDone();
  };

  switch (stage.name) {
    case 'walk':
      return (
        <CheckinWalk
          questions={offer.questions}
          variant="home"
          onSubmit={send}
          status={status}
          topAction={
            <BigButton
              label={leaving ? t('home.notNowLeave') : t('home.notNow')}
              variant="light"
              onClick={decline}
              data-testid="checkin-decline"
            />
          }
          sendLabel={leaving ? t('home.sendAndLeave') : t('home.send')}
        />
      );
    case 'thanks':
      return offer.questionnaireDue ? (
        <Notice
          status={status}
          title={t('home.thanksTitle')}
          lines={[stage.trouble && t('home.thanksTrouble')]}
          testId="checkin-thanks"
          panel
        >
          <section className="checkin-offer" aria-labelledby="frailty-offer-title" data-testid="frailty-offer">
            <h3 id="frailty-offer-title" className="checkin-offer__title">
              {t('questionnaire.offerTitle')}
            </h3>
            <p>{t('questionnaire.offerBody')}</p>
            <div className="checkin-offer__actions">
              <BigButton
                label={leaving ? t('questionnaire.laterLeave') : t('questionnaire.later')}
                variant="light"
                onClick={onDone}
                data-testid="frailty-later"
              />
              <BigButton
                label={t('questionnaire.start')}
                variant="primary"
                onClick={() => setStage({ name: 'frailty' })}
                data-testid="frailty-start"
              />
            </div>
          </section>
        </Notice>
      ) : (
        <AutoClose onDone={onDone}>
          <Notice
            status={status}
            title={t('home.thanksTitle')}
            lines={[stage.trouble && t('home.thanksTrouble'), leaving ? t('home.thanksLeaving') : t('home.thanksBody')]}
            action={finish}
            testId="checkin-thanks"
            panel
          />
        </AutoClose>
      );
    case 'frailty':
      return (
        <FrailtyWalk
          onSubmit={async (answers) => {
            await submitQuestionnaire(answers);
            setStage({ name: 'frailty-done' });
          }}
          onLeave={onDone}
          status={status}
          topAction={<BigButton label={t('questionnaire.later')} variant="light" onClick={onDone} data-testid="frailty-stop" />}
        />
      );
    case 'frailty-done':
      return (
        <AutoClose onDone={onDone}>
          <Notice
            status={status}
            title={t('questionnaire.doneTitle')}
            lines={[t('questionnaire.doneBody')]}
            action={finish}
            testId="frailty-done"
            panel
          />
        </AutoClose>
      );
  }
}

interface NoticeProps {
  status: ReactNode;
  title: string;
  /** Sentences under the title; false ones are left out. */
  lines: (string | false)[];
  action?: ReactNode;
  children?: ReactNode;
  testId: string;
  /** In the panel beside the people (at home), not over the whole screen. */
  panel?: boolean;
}

/** A calm page inside the frame (at home, the panel beside the people): a big title, a sentence or two, one button. */
export function Notice({ status, title, lines, action, children, testId, panel = false }: NoticeProps) {
  const headingId = useId();
  return (
    <CheckinFrame labelledBy={headingId} status={status} testId={testId} panel={panel}>
      <div className="checkin__center">
        <h2 id={headingId} className="checkin__thanks">
          {title}
        </h2>
        {lines.filter(Boolean).map((line) => (
          <p key={line as string} className="checkin__hint">
            {line}
          </p>
        ))}
        {children}
        {action}
      </div>
    </CheckinFrame>
  );
}

/** Calls `onDone` after the thank-you has been on screen for a few seconds. */
function AutoClose({ onDone, children }: { onDone: () => void; children: ReactNode }) {
  const latest = useRef(onDone);
  latest.current = onDone;
  useEffect(() => {
    const timer = setTimeout(() => latest.current(), THANKS_MS);
    return () => clearTimeout(timer);
  }, []);
  return <>{children}</>;
}
