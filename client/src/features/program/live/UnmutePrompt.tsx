import { useEffect, useRef } from 'react';
import type { CallClient } from '../../../call/CallClient';
import { BigButton } from '../../../ui/BigButton';
import { useLiveT } from '../../../i18n/program/live';
import { logFailure } from '../../../lib/log';
import './live.css';

/** The host asks to hear this person: they decide, with one of two big buttons. */
export function UnmutePrompt({ client }: { client: CallClient }) {
  const { t } = useLiveT();
  const yesRef = useRef<HTMLButtonElement>(null);
  useEffect(() => yesRef.current?.focus(), []);
  const turnOn = () => {
    client.live.dismissUnmuteAsk();
    client.setMicEnabled(true).catch(logFailure('turning the microphone on'));
  };
  return (
    <div className="confirm unmute-prompt" role="alertdialog" aria-modal="true" aria-labelledby="unmute-title" data-testid="unmute-prompt">
      <div className="confirm__box">
        <h2 id="unmute-title" className="confirm__title">
          {t('unmute.title')}
        </h2>
        <p className="confirm__body">{t('unmute.body')}</p>
        <div className="confirm__actions">
          <BigButton label={t('unmute.no')} variant="light" onClick={() => client.live.dismissUnmuteAsk()} data-testid="unmute-no" />
          <BigButton ref={yesRef} label={t('unmute.yes')} icon="mic" variant="primary" onClick={turnOn} data-testid="unmute-yes" />
        </div>
      </div>
    </div>
  );
}
