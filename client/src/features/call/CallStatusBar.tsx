import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallSnapshot } from '../../call/types';
import { Icon } from '../../ui/Icon';

interface CallStatusBarProps {
  snapshot: CallSnapshot;
  /** Right-hand side: the gathering's title, a head count… */
  children?: ReactNode;
}

/**
 * The connection status, always in the same place. `data-state` is one of
 * connecting | connected | reconnecting | ended | error (for tests too).
 */
export function CallStatusBar({ snapshot, children }: CallStatusBarProps) {
  const { t } = useTranslation();
  const state = snapshot.status === 'idle' ? 'connecting' : snapshot.status;
  const text = state === 'connected' && snapshot.recovered ? t('call.status.recovered') : t(`call.status.${state}`);
  const alarming = state === 'reconnecting' || state === 'error';
  const slow = useSlow(state === 'connecting' || state === 'reconnecting');
  return (
    <header className="call-status-bar">
      <div
        className={`call-status call-status--${state}${snapshot.recovered && state === 'connected' ? ' call-status--recovered' : ''}`}
        data-testid="call-status"
        data-state={state}
        role="status"
        aria-live={alarming ? 'assertive' : 'polite'}
      >
        {state === 'connected' ? (
          <Icon name="check" className="call-status__icon" />
        ) : alarming ? (
          <Icon name="warning" className="call-status__icon" />
        ) : (
          <span className="call-status__spinner" aria-hidden="true" />
        )}
        <span className="call-status__text">
          <span>{text}</span>
          {slow && <span className="call-status__slow">{t('call.status.slow')}</span>}
        </span>
      </div>
      {children && <div className="call-status-bar__extra">{children}</div>}
    </header>
  );
}

const SLOW_AFTER_MS = 20_000;

/** True once `waiting` has lasted a while (reset when it stops). */
function useSlow(waiting: boolean): boolean {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    setSlow(false);
    if (!waiting) return;
    const timer = setTimeout(() => setSlow(true), SLOW_AFTER_MS);
    return () => clearTimeout(timer);
  }, [waiting]);
  return slow;
}
