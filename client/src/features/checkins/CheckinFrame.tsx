import type { ReactNode } from 'react';
import { useCheckinsT } from '../../i18n/checkins';
import './checkins.css';

interface CheckinFrameProps {
  /** The id of the heading that names the dialog. */
  labelledBy: string;
  /** At home 「通話は つづいています」; for the host, whose answers these are. */
  status: ReactNode;
  /** 「2 / 5」 */
  progress?: string;
  /** One quiet way out at the top (答えない / やめる). */
  topAction?: ReactNode;
  /** もどる and とばす along the bottom. */
  footer?: ReactNode;
  children: ReactNode;
  testId?: string;
  /** At home during the call: a panel at the side (or the bottom, upright) that leaves the people in view. */
  panel?: boolean;
}

/**
 * The frame of the check-in and questionnaire screens, over the call (which keeps running underneath: its
 * audio elements stay mounted): full-screen, or a `panel` beside the people. Light, large and calm; one
 * question at a time.
 */
export function CheckinFrame({ labelledBy, status, progress, topAction, footer, children, testId, panel = false }: CheckinFrameProps) {
  return (
    <div
      className={panel ? 'checkin checkin--panel' : 'checkin'}
      role="dialog"
      aria-modal="true"
      aria-labelledby={labelledBy}
      data-testid={testId}
    >
      <header className="checkin__bar">
        <div className="checkin__status">{status}</div>
        {progress && (
          <span className="checkin__progress" data-testid="checkin-progress">
            {progress}
          </span>
        )}
        {topAction}
      </header>
      <main className="checkin__body">{children}</main>
      {footer && <footer className="checkin__footer">{footer}</footer>}
    </div>
  );
}

/** 「📞 通話は つづいています」: the call is still on behind this screen. */
export function CallGoesOn() {
  const { t } = useCheckinsT();
  return (
    <span className="checkin__call">
      <span aria-hidden="true">📞</span> {t('home.callGoesOn')}
    </span>
  );
}
