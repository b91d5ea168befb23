import type { LayoutChoice, LiveState } from '@shared/program/live';
import type { CallClient } from '../../../../call/CallClient';
import { BigButton } from '../../../../ui/BigButton';
import type { RemotePeer } from '../../../../call/types';
import { useHostT } from './text';
import type { HostAction } from './useHostAction';

interface ProgramTabProps {
  client: CallClient;
  live: LiveState;
  homes: readonly RemotePeer[];
  action: HostAction;
}

const LAYOUTS: readonly LayoutChoice[] = ['auto', 'gallery', 'spotlight'];

/** もどる / つぎへ (first: プログラムをはじめる, saying which part comes first), 一時停止 / 再開, +1分, then who leads and what everyone sees. */
export function ProgramTab({ client, live, homes, action }: ProgramTabProps) {
  const { t } = useHostT();
  const { status } = live.clock;
  const notStarted = status === 'not-started';
  const finished = status === 'finished';
  const first = live.segments[0]?.title;
  const control = (what: Parameters<CallClient['live']['control']>[0]) =>
    void action.run(`program ${what.action}`, () => client.live.control(what));

  return (
    <div className="host-tab">
      <div className="host-row">
        {!notStarted && (
          <BigButton
            label={`◀ ${t('program.previous')}`}
            variant="neutral"
            onClick={() => control({ action: 'previous' })}
            data-testid="program-previous"
          />
        )}
        <BigButton
          label={notStarted ? t('program.start') : `${t('program.next')} ▶`}
          detail={notStarted && first ? t('program.startFirst', { title: first }) : undefined}
          variant="primary"
          disabled={finished}
          onClick={() => control(notStarted ? { action: 'start' } : { action: 'next' })}
          data-testid="program-next"
        />
      </div>
      <div className="host-row">
        <BigButton
          label={status === 'paused' ? t('program.resume') : t('program.pause')}
          variant={status === 'paused' ? 'primary' : 'neutral'}
          disabled={notStarted || finished}
          onClick={() => control(status === 'paused' ? { action: 'resume' } : { action: 'pause' })}
          data-testid="program-pause"
          data-state={status}
        />
        <BigButton
          label={t('program.extend')}
          variant="neutral"
          disabled={finished}
          onClick={() => control({ action: 'extend', minutes: 1 })}
          data-testid="program-extend"
        />
      </div>

      <label className="host-label" htmlFor="leader-select">
        {t('program.leader')}
      </label>
      <select
        id="leader-select"
        className="host-select"
        value={live.leaderPeerId ?? ''}
        onChange={(event) => {
          const leaderPeerId = event.target.value === '' ? null : event.target.value;
          void action.run('set leader', () => client.live.setLayout({ leaderPeerId }));
        }}
        data-testid="leader-select"
      >
        <option value="">{t('program.leaderVenue')}</option>
        {homes.map((peer) => (
          <option key={peer.id} value={peer.id}>
            {peer.displayName}
          </option>
        ))}
      </select>

      <p className="host-label" id="layout-label">
        {t('program.layout')}
      </p>
      <div className="host-choices host-choices--3" role="radiogroup" aria-labelledby="layout-label">
        {LAYOUTS.map((choice) => (
          <button
            key={choice}
            type="button"
            role="radio"
            aria-checked={live.layoutChoice === choice}
            className="host-choice"
            onClick={() => void action.run('set layout', () => client.live.setLayout({ layoutChoice: choice }))}
            data-testid="layout-choice"
            data-value={choice}
          >
            {t(`program.layouts.${choice}`)}
          </button>
        ))}
      </div>
    </div>
  );
}
