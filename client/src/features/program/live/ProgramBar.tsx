import { memo } from 'react';
import type { LiveState } from '@shared/program/live';
import type { CallClient } from '../../../call/CallClient';
import { useLiveT } from '../../../i18n/program/live';
import { formatCountdown, programView } from './stage';
import { useServerClock } from './useServerClock';
import './live.css';

export interface ProgramBarProps {
  client: CallClient;
  live: LiveState | null;
}

/**
 * The program on every screen alike: this part's title, a large countdown (「時間です」 once the
 * planned time is up) and what comes next. Computed from the server's clock, so screens agree.
 */
export const ProgramBar = memo(function ProgramBar({ client, live }: ProgramBarProps) {
  const { t } = useLiveT();
  const now = useServerClock(client, 250, live?.clock.status === 'running');
  const view = live ? programView(live, now) : null;
  if (!view) return null;
  const finished = view.status === 'finished';
  return (
    <section
      className={`program-bar program-bar--${view.status}`}
      aria-label={t('program.label')}
      data-testid="program-bar"
      data-status={view.status}
    >
      <div className="program-bar__now">
        <span className="program-bar__title" data-testid="program-segment" data-index={view.index}>
          {view.title}
        </span>
        {!finished && (
          <span className="program-bar__next">{view.nextTitle ? t('program.next', { title: view.nextTitle }) : t('program.last')}</span>
        )}
      </div>
      <div className="program-bar__clock">
        {finished ? (
          <span className="program-bar__state">{t('program.finished')}</span>
        ) : (
          <>
            {view.status === 'paused' && <span className="program-bar__state program-bar__state--paused">{t('program.paused')}</span>}
            {view.status === 'not-started' && <span className="program-bar__state">{t('program.notStarted')}</span>}
            <span
              className={view.over ? 'program-bar__countdown program-bar__countdown--over' : 'program-bar__countdown'}
              data-testid="program-countdown"
              data-over={view.over ? 'true' : 'false'}
              role="timer"
            >
              {view.over ? t('program.timeUp') : formatCountdown(view.remainingMs)}
            </span>
          </>
        )}
      </div>
    </section>
  );
});
